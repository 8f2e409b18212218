"""The production server (gunicorn) for the HTTP benchmarks, with a bench-only URLconf.

- settings: the project's settings with ROOT_URLCONF pointing at `urls` below (DEBUG off)
- urls:     the project's URLs plus /bench/constant, a bare Django view returning constant JSON
            (the framework's floor); it exists only in this URLconf, never in production's
- wsgi:     the WSGI app; with SANBAO_BENCH_PRELOAD_INDEX=1 it builds the registry index in the
            master before gunicorn forks (with --preload), so every worker starts warm
- process:  starting and stopping gunicorn on a free loopback port
"""
