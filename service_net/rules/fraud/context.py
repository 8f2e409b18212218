"""Which registry outlets one observation designates, and which brands they vouch for.

The number is the identity (suspects are keyed by it): the outlets listing the phone key, or —
when the key is one slip of the finger from the number of an outlet with the same name — that
outlet. Without a number, the outlets whose registered name the given name designates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from service_net.rules.verdict import ACTIVE, Status, effective_status

from .model import BrandFact, Observation, OutletFact, RegistryView
from .names import ALIAS, EXACT, BrandMention, brand_mentions, brand_words, names_match


@dataclass(frozen=True)
class Context:
    obs: Observation
    registry: RegistryView
    outlets: tuple[OutletFact, ...]  # the outlets this observation designates
    by_typo: bool  # designated through a phone key one digit off
    claimed: frozenset[int]  # brand ids claimed (resolved, else named in brand text or name)
    named: tuple[OutletFact, ...]  # by_phone and by_name outlets whose name the given name matches

    def brand_name(self, brand_id: int | None) -> str:
        for brand in self.registry.brands:
            if brand.brand_id == brand_id:
                return brand.name
        return self.obs.brand_text or "?"

    def active_brands(self) -> frozenset[int]:
        return active_brand_ids(self.outlets, self.registry.today)

    def vouches(self, brand_ids: frozenset[int]) -> bool:
        """An active authorization covers one of these brands; with none named, any at all."""
        active = self.active_brands()
        return bool(active & brand_ids) if brand_ids else bool(active)


def build_context(obs: Observation, registry: RegistryView) -> Context:
    words = brand_words(registry.brands)
    named = tuple(dict.fromkeys(o for o in (*registry.by_phone, *registry.by_name)
                                if names_match(obs.name, o.name, words)))
    outlets, by_typo = _designated(obs, registry, named)
    return Context(obs, registry, outlets, by_typo, _claimed(obs, registry.brands), named)


def _designated(obs: Observation, registry: RegistryView,
                named: tuple[OutletFact, ...]) -> tuple[tuple[OutletFact, ...], bool]:
    if not obs.phone_key:
        return named, False
    if registry.by_phone:
        return registry.by_phone, False
    typo = tuple(o for o in named if any(one_slip(obs.phone_key, k) for k in o.phone_keys))
    return typo, bool(typo)


def one_slip(a: str, b: str) -> bool:
    """One digit mistyped, or two neighbours swapped: '0935-2212354' for '0935-2212345'."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _claimed(obs: Observation, brands: tuple[BrandFact, ...]) -> frozenset[int]:
    if obs.brand_id is not None:
        return frozenset({obs.brand_id})
    # The brand as typed counts however it was spelled ('海儿'); one in a name only literally.
    typed = brand_mentions(obs.brand_text, brands) if obs.brand_text else []
    if typed:
        return frozenset(m.brand_id for m in typed)
    literal = [m for m in brand_mentions(obs.name, brands) if m.how in (EXACT, ALIAS)]
    return frozenset(m.brand_id for m in literal)


def active_brand_ids(outlets: tuple[OutletFact, ...], today: date) -> frozenset[int]:
    return frozenset(a.brand_id for o in outlets for a in o.authorizations
                     if effective_status(a, today).code == ACTIVE)


def latest_status(outlets: tuple[OutletFact, ...], brand_id: int | None, today: date) -> Status | None:
    """The most recent non-active status of the brand's (or any) authorizations, if any."""
    statuses = [effective_status(a, today) for o in outlets for a in o.authorizations
                if brand_id is None or a.brand_id == brand_id]
    if not statuses or any(s.code == ACTIVE for s in statuses):
        return None
    return max(statuses, key=lambda s: s.since or date.min)


def mentions(text: str, registry: RegistryView) -> list[BrandMention]:
    return brand_mentions(text, registry.brands) if text else []
