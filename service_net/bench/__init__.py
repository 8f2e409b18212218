"""Benchmark of the outlet registry at national scale (the bench_registry command).

Builds a synthetic network of outlets over China's counties through the real write path
(services.outlets_import, one call per manufacturer and batch), then times the public reads
(nearest outlets, verification) and a CSV import. Every outlet it writes has an external_id
starting with BENCH- and a name starting with 【基准】; a later run removes them first. The
same seed gives the same registry: the benchmark's 'today' is a fixed date.

The modules import one way only: common <- network <- reads, imports <- run.

- common:  the marks, the fixed date, BenchOptions and BenchRefused
- network: the synthetic outlets (counties, coordinates, credit codes, phones, authorizations)
- reads:   timing nearest outlets and verification
- imports: timing a CSV import
- run:     the database (refusal, cleanup, ANALYZE), building the registry, the whole run, the report
"""

from .common import BenchOptions, BenchRefused
from .run import format_report, run_benchmark

__all__ = ["BenchOptions", "BenchRefused", "format_report", "run_benchmark"]
