"""The suspect score: how much a regulator's attention a number deserves, 0–100.

Each code counts once, at its weight (ten complaints saying the same thing are one reason, the
burst signal counts their number); the sum is capped at 100. At DEFAULT_THRESHOLD a suspect is
put in the regulator's queue; the regulator, not the score, decides (domain.md §6).
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Signal

DEFAULT_THRESHOLD = 50
MAX_SCORE = 100


def strongest_by_code(signals: Sequence[Signal]) -> list[Signal]:
    """One signal per code (the heaviest, the first seen among equals), heaviest first."""
    best: dict[str, Signal] = {}
    for signal in signals:
        if signal.code not in best or signal.weight > best[signal.code].weight:
            best[signal.code] = signal
    return sorted(best.values(), key=lambda s: (-s.weight, s.code))


def suspect_score(signals: Sequence[Signal]) -> int:
    return min(MAX_SCORE, sum(s.weight for s in strongest_by_code(signals)))


def is_suspect(signals: Sequence[Signal], threshold: int = DEFAULT_THRESHOLD) -> bool:
    return suspect_score(signals) >= threshold
