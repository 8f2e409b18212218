"""Signals about who an observation claims to be: its number and its name (domain.md §6)."""

from __future__ import annotations

from service_net.rules.phones import format_phone

from .catalog import (
    HOW_TEXT,
    NAME_IMITATES_BRAND,
    NAME_UNKNOWN,
    NAME_USES_OFFICIAL_WORDS,
    PHONE_INACTIVE_AUTHORIZATION,
    PHONE_OTHER_BRANDS_ONLY,
    PHONE_UNKNOWN,
    make_signal,
)
from .context import Context, latest_status, mentions
from .model import Signal
from .names import ALIAS, EXACT, official_words


def phone_signals(ctx: Context) -> list[Signal]:
    """phone_unknown, phone_inactive_authorization, phone_other_brands_only."""
    obs = ctx.obs
    if not obs.phone_key:
        return []
    phone = format_phone(obs.phone_key)
    if not ctx.outlets:
        return [make_signal(PHONE_UNKNOWN, phone=phone, phone_key=obs.phone_key)]
    ids = [o.outlet_id for o in ctx.outlets]
    extra = {"phone": phone, "phone_key": obs.phone_key, "outlet_ids": ids}
    if ctx.by_typo:
        extra["typed_as"] = obs.phone_raw
    if ctx.vouches(ctx.claimed):
        return []
    today = ctx.registry.today
    targets = sorted(ctx.claimed) or [None]
    signals = []
    for brand_id in targets:
        status = latest_status(ctx.outlets, brand_id, today)
        brand = ctx.brand_name(brand_id) if brand_id is not None else "?"
        if status:
            signals.append(make_signal(
                PHONE_INACTIVE_AUTHORIZATION, brand=brand, brand_id=brand_id, status=status.code.lower(),
                since=status.since.isoformat() if status.since else None, **extra))
        elif brand_id is not None or not ctx.active_brands():
            signals.append(make_signal(PHONE_OTHER_BRANDS_ONLY, brand=brand, brand_id=brand_id,
                                       authorized_brand_ids=sorted(ctx.active_brands()), **extra))
    return signals


def name_signals(ctx: Context) -> list[Signal]:
    """name_imitates_brand and name_uses_official_words for the name and the listing;
    name_unknown for the name."""
    signals = []
    for field, text in (("name", ctx.obs.name), ("listing", ctx.obs.listing)):
        if text.strip():
            signals += _text_signals(ctx, field, text)
    unknown = _name_unknown(ctx)
    return signals + ([unknown] if unknown else [])


def _text_signals(ctx: Context, field: str, text: str) -> list[Signal]:
    # A registered outlet's own name ('海鑫家电维修部') may sound like a brand: not an imitation.
    registered = field == "name" and bool(ctx.named)
    used = mentions(text, ctx.registry)
    found = [m for m in used
             if not ctx.vouches(frozenset({m.brand_id}))
             and (m.how in (EXACT, ALIAS) or not registered)]
    signals = []
    if found:
        signals.append(make_signal(
            NAME_IMITATES_BRAND, field=field, text=text, brand="、".join(m.brand for m in found),
            how=found[0].how, how_text=HOW_TEXT[found[0].how], brand_ids=[m.brand_id for m in found],
            matched=[m.matched for m in found], ways=[m.how for m in found]))
    words = official_words(text, with_brand=bool(used))
    relevant = frozenset(m.brand_id for m in used) or ctx.claimed
    if words and not ctx.vouches(relevant):
        signals.append(make_signal(NAME_USES_OFFICIAL_WORDS, field=field, text=text,
                                   words="、".join(words), word_list=words))
    return signals


def _name_unknown(ctx: Context) -> Signal | None:
    name = ctx.obs.name.strip()
    if not name or ctx.named or (ctx.outlets and ctx.vouches(ctx.claimed)):
        return None
    return make_signal(NAME_UNKNOWN, name=name)
