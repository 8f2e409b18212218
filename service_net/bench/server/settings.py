"""Settings of the benchmark's gunicorn server: the project's own, plus the bench-only URLconf."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "service_net.bench.server.urls"
# The benchmarks drive thousands of requests from one loopback address: per-client rate limits
# (config/ratelimit.py) would answer most of them 429.
RATE_LIMITS_ENABLED = False
