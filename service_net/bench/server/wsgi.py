"""WSGI app of the benchmark server; optionally builds the registry index before the fork."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "service_net.bench.server.settings")
application = get_wsgi_application()

if os.environ.get("SANBAO_BENCH_PRELOAD_INDEX") == "1":
    from django.db import connections

    from service_net.registry_index import registry_index

    registry_index()
    connections.close_all()  # never hand one open connection to several forked workers
