"""`make serve`: Sanbao in production mode, every process under one small supervisor.

    .venv/bin/python tools/serve.py [--no-prepare]

Prepares (unless --no-prepare): creates the PostgreSQL database when missing, migrates, collects
the static files (hashed and compressed, served by WhiteNoise). Then starts, each in its own
process group, with its output prefixed by its name:

    web          gunicorn config.wsgi (WEB_CONCURRENCY sync workers, bound to BIND)
    worker-N     manage.py rqworker default low --with-scheduler (RQ_WORKERS of them)
    scheduler    manage.py rqcron config.cron (exactly one: rq's cron has no leader lock)

Ctrl-C or SIGTERM stops them all (SIGTERM to each group, SIGKILL after SERVE_STOP_TIMEOUT
seconds); when one of them exits on its own, the others are stopped and serve exits non-zero, so
systemd, Docker or Kubernetes restarts the whole node rather than leaving it half-running.

Environment (defaults for a local try): DATABASE_URL (postgres://postgres:postgres@127.0.0.1:5432/
sanbao), REDIS_URL (redis://127.0.0.1:6379/0), BIND (127.0.0.1:8000), WEB_CONCURRENCY (2 × cores
+ 1), WEB_TIMEOUT (300 s: a 100,000-row CSV import holds its worker for minutes), RQ_WORKERS (2),
RQ_WORKER_QUEUES ("default low", in priority order), SECRET_KEY (else one generated once into
var/secret_key), ALLOWED_HOSTS (127.0.0.1,localhost). DEBUG is always 0 here.

One command for every node role (docs/deployment.md): WEB_CONCURRENCY=0 starts no web server,
RQ_WORKERS=0 no worker, SERVE_SCHEDULER=0 no scheduler (exactly one node of the deployment runs
it), SERVE_MIGRATE=0 skips migrate (run it once per release, from one place).
SANBAO_TLS stays unset unless given: cookies are then not marked secure, which a plain-HTTP try on
http://127.0.0.1:8000 needs; set SANBAO_TLS=1 behind HTTPS (docs/deployment.md).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULTS = {
    "DATABASE_URL": "postgres://postgres:postgres@127.0.0.1:5432/sanbao",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "BIND": "127.0.0.1:8000",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "RQ_WORKERS": "2",
    "RQ_WORKER_QUEUES": "default low",
    "SERVE_STOP_TIMEOUT": "20",
    "SERVE_SCHEDULER": "1",
    "SERVE_MIGRATE": "1",
    "WEB_TIMEOUT": "300",
}
POLL_S = 0.2


def say(message: str) -> None:
    print(f"serve | {message}", flush=True)


def environment() -> dict[str, str]:
    env = {**DEFAULTS, **os.environ, "DEBUG": "0", "PYTHONUNBUFFERED": "1"}
    env.setdefault("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1))
    if not env.get("SECRET_KEY"):
        env["SECRET_KEY"] = stored_secret_key(BASE_DIR / "var" / "secret_key")
    return env


def stored_secret_key(path: Path) -> str:
    """One random key per checkout, kept so sessions survive a restart; readable by the owner only."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50))
        say(f"generated a SECRET_KEY into {path}")
    return path.read_text().strip()


def database_create_if_missing(url: str) -> None:
    import dj_database_url
    import psycopg
    from psycopg import sql

    db = dj_database_url.parse(url)
    if "postgresql" not in db["ENGINE"]:
        return
    params = {k: v for k, v in {"user": db.get("USER"), "password": db.get("PASSWORD"),
                                "host": db.get("HOST"), "port": db.get("PORT")}.items() if v}
    try:
        psycopg.connect(dbname=db["NAME"], **params).close()
        return  # it exists (a managed database's user may not even reach the `postgres` one)
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
    with psycopg.connect(dbname="postgres", **params, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
        say(f"created database {db['NAME']}")


def prepare(env: dict[str, str]) -> None:
    steps = [["collectstatic", "--noinput", "-v0"]]
    if env["SERVE_MIGRATE"] != "0":
        database_create_if_missing(env["DATABASE_URL"])
        steps.insert(0, ["migrate", "--noinput"])
    for step in steps:
        say("manage.py " + " ".join(step))
        subprocess.run([PYTHON, "manage.py", *step], cwd=BASE_DIR, env=env, check=True)


def commands(env: dict[str, str]) -> list[tuple[str, list[str]]]:
    web = [PYTHON, "-m", "gunicorn", "config.wsgi:application", "--bind", env["BIND"],
           "--workers", env["WEB_CONCURRENCY"], "--worker-class", "sync", "--timeout", env["WEB_TIMEOUT"],
           "--graceful-timeout", "15", "--log-level", "info",
           "--no-control-socket"]  # one machine may run several; no access log: query strings hold phones
    worker = [PYTHON, "manage.py", "rqworker", *env["RQ_WORKER_QUEUES"].split(), "--with-scheduler"]
    scheduler = [PYTHON, "manage.py", "rqcron", "config.cron"]
    specs = [("web", web)] if int(env["WEB_CONCURRENCY"]) > 0 else []
    specs += [(f"worker-{n}", worker) for n in range(1, int(env["RQ_WORKERS"]) + 1)]
    if env["SERVE_SCHEDULER"] != "0":
        specs.append(("scheduler", scheduler))
    if not specs:
        raise SystemExit("serve: nothing to run (WEB_CONCURRENCY=0, RQ_WORKERS=0, SERVE_SCHEDULER=0)")
    return specs


@dataclass
class Child:
    name: str
    process: subprocess.Popen

    def signal_group(self, signum: int) -> None:
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:
            pass


def _relay(child: Child, width: int) -> None:
    for line in child.process.stdout:  # ends when every process of the group closed the pipe
        sys.stdout.write(f"{child.name:<{width}} | {line.decode(errors='replace')}")
        sys.stdout.flush()


def start(env: dict[str, str]) -> list[Child]:
    specs = commands(env)
    width = max(len(name) for name, _ in specs)
    children = []
    for name, argv in specs:
        process = subprocess.Popen(argv, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)  # its own group: stopped as a whole
        child = Child(name, process)
        threading.Thread(target=_relay, args=(child, width), daemon=True).start()
        say(f"started {name} (pid {process.pid})")
        children.append(child)
    return children


def stop(children: list[Child], timeout: float) -> None:
    for child in children:
        if child.process.poll() is None:
            child.signal_group(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(c.process.poll() is None for c in children):
        time.sleep(POLL_S)
    for child in children:
        child.signal_group(signal.SIGKILL)  # what is left of the group, e.g. a stuck job's horse
        if child.process.poll() is None:
            child.process.wait()
            say(f"{child.name} killed after {timeout:.0f} s")


def stop_requests() -> list[int]:
    """From now on Ctrl-C, SIGTERM and SIGHUP are noted here, to stop the children in order."""
    requested: list[int] = []

    def on_signal(signum, _frame):
        requested.append(signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    return requested


def supervise(children: list[Child], requested: list[int], stop_timeout: float) -> int:
    while not requested:
        dead = next((c for c in children if c.process.poll() is not None), None)
        if dead is not None:
            say(f"{dead.name} exited with {dead.process.returncode}: stopping everything")
            stop(children, stop_timeout)
            return 1
        time.sleep(POLL_S)
    say(f"{signal.Signals(requested[0]).name}: stopping everything")
    stop(children, stop_timeout)
    say("stopped")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-prepare", action="store_true",
                        help="skip database creation, migrate and collectstatic")
    args = parser.parse_args(argv)
    env = environment()
    if not args.no_prepare:
        prepare(env)
    tls = env.get("SANBAO_TLS", "").lower() in {"1", "true", "yes", "on"}
    say(f"Sanbao on http://{env['BIND']} (DEBUG off; secure cookies, HTTPS redirect, HSTS: "
        f"{'on' if tls else 'off, SANBAO_TLS unset'})")
    requested = stop_requests()
    return supervise(start(env), requested, float(env["SERVE_STOP_TIMEOUT"]))


if __name__ == "__main__":
    sys.exit(main())
