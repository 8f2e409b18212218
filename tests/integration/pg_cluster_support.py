"""A throwaway PostgreSQL cluster of the test's own, to stop and restart under load.

Debian's binaries (/usr/lib/postgresql/N/bin), a data directory in a fresh temporary directory,
a free loopback port and its socket in that directory: nothing shared with the machine's server.
PostgreSQL refuses to run as root, so when the tests run as root every pg_ctl/initdb runs as the
`postgres` OS user through runuser. fsync is off: the faults here are restarts of the server
process (fast shutdown, stop and start), which lose nothing without fsync; only an OS crash would.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.integration.stack_support import HOST, free_port


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: int(v) if (v := Path(p).parent.parent.name).isdigit() else 0)
    return Path(found[-1]).parent if found else None


def why_not_available() -> str | None:
    """None when a throwaway cluster can run here, else the reason (for pytest.skip)."""
    if binaries() is None:
        return "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (Debian: postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a `postgres` OS user to run PostgreSQL as"
        if shutil.which("runuser") is None:
            return "running as root without runuser (util-linux)"
    return None


@dataclass
class ThrowawayPostgres:
    root: Path
    port: int
    bin: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, dbname: str) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{dbname}"

    def _run(self, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run([*prefix, *argv], capture_output=True, text=True, timeout=timeout, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed: {done.stdout}{done.stderr}{self.log_tail()}")
        return done

    def log_tail(self) -> str:
        log = self.root / "server.log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else ""

    def pg_ctl(self, action: str, *extra: str) -> None:
        options = (f"-p {self.port} -k {self.root} -c listen_addresses={HOST} -c fsync=off "
                   "-c full_page_writes=off -c max_connections=50")
        self._run(str(self.bin / "pg_ctl"), action, "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-o", options, "-w", "-t", "60", *extra)

    def start(self) -> None:
        self.pg_ctl("start")

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "fast")

    def restart(self) -> None:
        self.pg_ctl("restart", "-m", "fast")

    def connect(self, dbname: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(host=HOST, port=self.port, user="postgres", dbname=dbname, autocommit=True)


def cluster_create() -> ThrowawayPostgres:
    """initdb (trust on loopback only) and start; the caller must `cluster_remove` it."""
    root = Path(tempfile.mkdtemp(prefix="sanbao-pg-"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
    os.chmod(root, 0o700)
    cluster = ThrowawayPostgres(root, free_port(), binaries())
    cluster._run(str(cluster.bin / "initdb"), "-D", str(cluster.data), "-U", "postgres", "--auth=trust",
                 "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
    cluster.start()
    return cluster


def cluster_remove(cluster: ThrowawayPostgres) -> None:
    try:
        cluster._run(str(cluster.bin / "pg_ctl"), "stop", "-D", str(cluster.data), "-m", "immediate", "-w",
                     timeout=60)
    except RuntimeError:
        pass  # already stopped
    shutil.rmtree(cluster.root, ignore_errors=True)
