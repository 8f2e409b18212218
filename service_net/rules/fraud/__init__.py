"""Fake "authorized" outlets (假冒品牌授权售后服务网点): pure signal rules (issue 6, domain.md §6).

    observation_signals(obs, registry) -> [Signal]   one complaint's outlet or one lookup
    group_signals(observations, now=…) -> [Signal]   all observations of one phone key
    suspect_score(signals) -> int                    0–100; DEFAULT_THRESHOLD puts it in the queue

No Django here: the caller looks the registry up (RegistryView) and stores the results.
"""

from .catalog import CATALOG, make_signal, render_explanation
from .groups import BURST_MIN, BURST_WINDOW, MANY_BRANDS_MIN, claimed_brands, group_signals
from .model import (
    COMPLAINT,
    LOOKUP,
    BrandFact,
    Charge,
    Observation,
    OutletFact,
    RegistryView,
    Signal,
)
from .phone_text import observed_phone_key
from .places import FAR_FLOOR_KM, distance_km
from .score import DEFAULT_THRESHOLD, is_suspect, strongest_by_code, suspect_score
from .signals import observation_signals

__all__ = [
    "BURST_MIN", "BURST_WINDOW", "CATALOG", "COMPLAINT", "DEFAULT_THRESHOLD", "FAR_FLOOR_KM", "LOOKUP",
    "MANY_BRANDS_MIN", "BrandFact", "Charge", "Observation", "OutletFact", "RegistryView", "Signal",
    "claimed_brands", "distance_km", "group_signals", "is_suspect", "make_signal", "observation_signals",
    "observed_phone_key", "render_explanation", "strongest_by_code", "suspect_score",
]
