# Sanbao: `make demo` runs the product on SQLite; `make test` runs every test on real services.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
DEMO_ENV := env -u DATABASE_URL -u REDIS_URL
TEST_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/sanbao
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: install demo serve test lint services chromium bench bench-db bench-postgis bench-registry bench-coverage soak messages clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

demo: install
	$(DEMO_ENV) $(MANAGE) migrate --noinput
	$(DEMO_ENV) $(MANAGE) load_demo
	@$(DEMO_ENV) $(MANAGE) shell -v0 -c "from django.contrib.auth.models import User; User.objects.filter(username='admin').exists() or User.objects.create_superuser('admin', '', 'sanbao-demo')"
	@echo "Sanbao demo: http://127.0.0.1:8000   back office: http://127.0.0.1:8000/admin/ (admin / sanbao-demo, local demo only)"
	$(DEMO_ENV) $(MANAGE) runserver --noreload 127.0.0.1:8000

# Production mode (DEBUG off): database created/migrated, static files collected, then gunicorn,
# RQ workers and the scheduler under tools/serve.py until Ctrl-C. DATABASE_URL (default: local
# database sanbao), REDIS_URL (default: db 0), BIND, WEB_CONCURRENCY, RQ_WORKERS: docs/deployment.md.
serve: install services
	$(BIN)/python tools/serve.py

messages: install
	$(MANAGE) makemessages -l zh_Hans --ignore=.venv --ignore=var --ignore=tests --no-location
	$(BIN)/python tools/merge_translations.py

lint: install
	$(BIN)/ruff check .

services:
	bash .ci/services.sh

chromium:
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk)

test: install services chromium lint
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest

BENCH_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/sanbao_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/11
BENCH_ARGS ?=
BENCH_RUN := DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_REDIS_URL=$(BENCH_REDIS_URL) $(MANAGE)

# The scratch database of the benchmarks (created when missing), migrated.
bench-db: install services
	psql -h 127.0.0.1 -U postgres -d postgres -Atc "select 1 from pg_database where datname='sanbao_bench'" | grep -q 1 \
	  || createdb -h 127.0.0.1 -U postgres sanbao_bench
	DATABASE_URL=$(BENCH_DATABASE_URL) $(MANAGE) migrate --noinput -v0

# PostGIS for the nearest-outlet comparison; without it `bench` skips that comparison and says so.
bench-postgis:
	@PG=$$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1); \
	  dpkg -s postgresql-$$PG-postgis-3 >/dev/null 2>&1 \
	  || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-$$PG-postgis-3) \
	  || echo "PostGIS could not be installed: the benchmark will skip the PostGIS comparison"

# Every figure of docs/benchmarks.md in one run (minutes on 2 cores); BENCH_ARGS="--only nearest,verify" etc.
bench: bench-db bench-postgis
	$(BENCH_RUN) bench --json var/bench.json --markdown docs/benchmarks.md $(BENCH_ARGS)

# Issue 8's soak: gunicorn + an RQ worker under a steady mixed load for SOAK_ARGS="--seconds 600
# --intake-rate N" (default 10 minutes at 30 complaints/s); writes docs/soak.md.
SOAK_ARGS ?=
soak: bench-db
	$(BENCH_RUN) soak --json var/soak.json --markdown docs/soak.md $(SOAK_ARGS)

bench-registry: bench-db
	$(BENCH_RUN) bench_registry --json var/bench_registry.json

bench-coverage: bench-db
	$(BENCH_RUN) bench_coverage --json var/bench_coverage.json

clean:
	rm -rf $(VENV) var/*.sqlite3 .pytest_cache
