"""What every part of the benchmark shares: the marks of its outlets, its fixed date, its options."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

PREFIX, NAME_MARK = "BENCH-", "【基准】"  # the marks of the benchmark's outlets
ACTOR = "system:bench_registry"
TODAY = date(2026, 6, 1)  # fixed, so that a seed always gives the same registry and answers

Say = Callable[[str], None]


class BenchRefused(Exception):
    """The database holds outlets the benchmark did not write (and --force was not given)."""


@dataclass(frozen=True)
class BenchOptions:
    outlets: int = 200_000
    queries: int = 2000
    import_rows: int = 100_000
    seed: int = 42
    force: bool = False
