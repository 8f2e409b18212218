"""Settings of the benchmark's gunicorn server: the project's own, plus the bench-only URLconf."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "service_net.bench.server.urls"
