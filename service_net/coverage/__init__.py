"""Rural service coverage (农村服务覆盖) per township × appliance category (domain.md §7).

The rules (what "served" means, rollups, gaps, placement) are pure and live in geo/rules/
coverage.py and geo/rules/placement.py; this package reads the registry, stores the result and
keeps it fresh. Imports flow one way: api -> presenters, selectors -> services -> full,
incremental -> store -> inputs, grid -> models, geo rules.

- inputs:      townships and the authorized outlets (the "footprint": one row per outlet with a
               bitmask of its categories, all brands together), as numpy columns
- grid:        1° cells, to read the footprint near some townships only
- full:        full refresh (every township × category; writes only the rows that differ)
- incremental: after some outlets changed, only the townships they can affect
- store:       writing rows (COPY on PostgreSQL)
- services:    coverage_refresh, coverage_refresh_pending (the job), coverage_outlets_changed
               (the hook every registry write calls), coverage_sweep (daily safety net)
- tasks:       the RQ jobs
- selectors:   reports for a region: stored (all brands) or computed on request (one brand)
- presenters, api: GET /api/v1/coverage, /geojson, /gaps, /placement

Per-brand coverage is computed on request for the region asked (not persisted, not cached):
it is always current, and costs a read of the brand's outlets for the category, nationally
(0.7 s for 甘肃省 in `manage.py bench_coverage` at 200,000 outlets).
"""
