"""Benchmarks at national scale: `manage.py bench` (issue 7), `bench_registry`, `bench_coverage`.

Builds a synthetic network of outlets over China's real counties through the real write path
(services.outlets_import, one call per manufacturer and batch), then times the public reads,
each beside its alternative, a CSV import, complaint intake over HTTP and the coverage refresh.
Every outlet it writes has an external_id starting with BENCH- and a name starting with 【基准】;
a later run removes them first. The same seed gives the same registry: the benchmark's 'today'
is a fixed date.

- common:          the marks, the fixed date, BenchOptions and BenchRefused
- network:         the synthetic outlets (counties, coordinates, credit codes, phones, authorizations)
- reads:           timing nearest outlets and verification in process
- imports:         timing a CSV import
- run:             the database (refusal, cleanup, ANALYZE), building the registry (bench_registry)
- coverage_data, coverage_run: the coverage benchmark (bench_coverage)
- nearest_compare, postgis: nearest three ways (Sanbao, a geopy loop, PostGIS KNN), agreement
- server/, loadgen, http_load: gunicorn with a bench-only URLconf; the load generator process
- http_reads, intake: verify over HTTP vs a constant endpoint; complaint intake vs pgbench
- suite, targets, report: the `bench` command's run, its targets, docs/benchmarks.md

The package imports nothing itself: its `server` subpackage is loaded by gunicorn before Django
is set up (import the parts from their modules).
"""
