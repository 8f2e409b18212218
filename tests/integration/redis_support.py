"""A private redis-server for fault tests: started on a free port, killed for real, started again
(empty: no persistence, as a Redis restarted without it), and settings pointed at it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time

import redis

from tests.integration.stack_support import free_port


class PrivateRedis:
    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> PrivateRedis:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                return self
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("the private redis-server did not start") from None
                time.sleep(0.02)

    def kill(self) -> None:
        """SIGKILL, as a crash: nothing is saved, connections drop."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def point_settings_at(self, settings) -> None:
        """REDIS_URL, the RQ queues and the cache, as config/settings.py builds them."""
        settings.REDIS_URL = self.url
        settings.RQ_QUEUES = {name: {**config, "URL": self.url}
                              for name, config in settings.RQ_QUEUES.items()}
        settings.CACHES = {"default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": self.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}}}
