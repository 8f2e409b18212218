"""All signals of one observation against the registry (issue 6)."""

from __future__ import annotations

from .charges import charge_signals
from .context import build_context
from .identity import name_signals, phone_signals
from .model import Observation, RegistryView, Signal
from .places import place_signals


def observation_signals(obs: Observation, registry: RegistryView) -> list[Signal]:
    """Every reason to suspect the outlet one complaint or lookup names: its number, its name and
    listing, its charges, its address. Empty for a real authorized outlet, however messily typed."""
    ctx = build_context(obs, registry)
    return [*phone_signals(ctx), *name_signals(ctx), *charge_signals(ctx), *place_signals(ctx)]
