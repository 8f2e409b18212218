"""Public verification (核验) of a repair number: the verdict and the effective status."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from service_net.rules.verdict import (
    ACTIVE,
    AUTHORIZED,
    EXPIRED,
    INACTIVE,
    NOT_AUTHORIZED,
    NOT_YET_VALID,
    REVOKED,
    SUSPENDED,
    UNKNOWN,
    AuthorizationFact,
    Status,
    Verdict,
    decide_verdict,
    effective_status,
)

TODAY = date(2026, 3, 15)
BRAND_A, BRAND_B = 1, 2
CHANGED = datetime(2026, 2, 10, 9, 30, tzinfo=timezone(timedelta(hours=8)))


def fact(
    brand: int = BRAND_A,
    categories: tuple[str, ...] = ("refrigerator",),
    state: str = ACTIVE,
    valid_from: date = date(2025, 1, 1),
    valid_to: date = date(2030, 12, 31),
    changed: datetime | None = None,
    outlet: int = 1,
) -> AuthorizationFact:
    return AuthorizationFact(outlet, brand, frozenset(categories), state, valid_from, valid_to, changed)


def verdict(
    facts,
    *,
    outlets: int = 1,
    today: date = TODAY,
    brand: int | None = BRAND_A,
    category: str | None = "refrigerator",
) -> Verdict:
    brands = None if brand is None else frozenset({brand})
    return decide_verdict(facts, outlet_count=outlets, today=today, brand_ids=brands, category=category)


# --- effective_status ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("the_fact", "today", "status"),
    [
        pytest.param(fact(), TODAY, Status(ACTIVE, date(2025, 1, 1)), id="active-within-dates"),
        pytest.param(
            fact(valid_to=date(2026, 6, 30)),
            date(2026, 6, 30),
            Status(ACTIVE, date(2025, 1, 1)),
            id="active-on-valid_to-itself",
        ),
        pytest.param(
            fact(valid_from=date(2026, 3, 15)),
            date(2026, 3, 15),
            Status(ACTIVE, date(2026, 3, 15)),
            id="active-on-valid_from-itself",
        ),
        pytest.param(
            fact(valid_to=date(2026, 6, 30)),
            date(2026, 7, 1),
            Status(EXPIRED, date(2026, 7, 1)),
            id="expired-the-day-after-valid_to",
        ),
        pytest.param(
            fact(valid_to=date(2026, 6, 30)),
            date(2027, 1, 1),
            Status(EXPIRED, date(2026, 7, 1)),
            id="expired-since-stays-the-day-after",
        ),
        pytest.param(
            fact(valid_from=date(2026, 4, 1)),
            TODAY,
            Status(NOT_YET_VALID, date(2026, 4, 1)),
            id="not-yet-valid-until-valid_from",
        ),
        pytest.param(
            fact(state=SUSPENDED, changed=CHANGED),
            TODAY,
            Status(SUSPENDED, date(2026, 2, 10)),
            id="suspended-since-state-change",
        ),
        pytest.param(
            fact(state=REVOKED, changed=CHANGED),
            TODAY,
            Status(REVOKED, date(2026, 2, 10)),
            id="revoked-since-state-change",
        ),
        pytest.param(fact(state=REVOKED), TODAY, Status(REVOKED, None), id="revoked-without-change-time"),
        pytest.param(
            fact(state=SUSPENDED, valid_to=date(2025, 6, 30), changed=CHANGED),
            TODAY,
            Status(SUSPENDED, date(2026, 2, 10)),
            id="stored-state-wins-over-expiry",
        ),
    ],
)
def test_effective_status(the_fact, today, status):
    assert effective_status(the_fact, today) == status


# --- decide_verdict -----------------------------------------------------------------------


def test_number_in_no_outlet_is_unknown():
    assert verdict([], outlets=0) == Verdict(UNKNOWN, None, "no registered outlet lists this number")


def test_unknown_ignores_facts_when_no_outlet_matched():
    assert verdict([fact()], outlets=0).verdict == UNKNOWN


@pytest.mark.parametrize(
    ("brand", "category"),
    [
        pytest.param(BRAND_A, "refrigerator", id="brand-and-category"),
        pytest.param(BRAND_A, None, id="brand-only"),
        pytest.param(None, "refrigerator", id="category-only"),
        pytest.param(None, None, id="any-authorization"),
    ],
)
def test_active_authorization_is_authorized(brand, category):
    assert verdict([fact()], brand=brand, category=category) == Verdict(
        AUTHORIZED, None, "holds an active authorization"
    )


def test_authorized_on_the_last_valid_day():
    assert verdict([fact(valid_to=date(2026, 6, 30))], today=date(2026, 6, 30)).verdict == AUTHORIZED


@pytest.mark.parametrize(
    ("facts", "brand", "category", "detail"),
    [
        pytest.param(
            [fact(brand=BRAND_B)],
            BRAND_A,
            "refrigerator",
            "authorized only for other brands",
            id="only-other-brands",
        ),
        pytest.param(
            [fact(brand=BRAND_B, state=REVOKED)],
            BRAND_A,
            None,
            "authorized only for other brands",
            id="only-other-brands-even-revoked",
        ),
        pytest.param(
            [fact(categories=("air_conditioner",))],
            BRAND_A,
            "refrigerator",
            "authorized for this brand, not this category",
            id="brand-ok-other-category",
        ),
        pytest.param([], BRAND_A, "refrigerator", "registered, but holds no authorization", id="no-facts"),
    ],
)
def test_registered_outlet_without_matching_authorization_is_not_authorized(facts, brand, category, detail):
    assert verdict(facts, brand=brand, category=category) == Verdict(NOT_AUTHORIZED, None, detail)


def test_category_mismatch_without_brand_names_the_category():
    result = verdict([fact(categories=("air_conditioner",))], brand=None, category="refrigerator")
    assert result.verdict == NOT_AUTHORIZED
    assert "category" in result.detail


@pytest.mark.parametrize(
    ("the_fact", "today", "status"),
    [
        pytest.param(
            fact(state=SUSPENDED, changed=CHANGED),
            TODAY,
            Status(SUSPENDED, date(2026, 2, 10)),
            id="suspended",
        ),
        pytest.param(
            fact(state=REVOKED, changed=CHANGED),
            TODAY,
            Status(REVOKED, date(2026, 2, 10)),
            id="revoked-since-state_changed_at",
        ),
        pytest.param(
            fact(valid_to=date(2026, 6, 30)),
            date(2026, 7, 1),
            Status(EXPIRED, date(2026, 7, 1)),
            id="expired-day-after-valid_to",
        ),
        pytest.param(
            fact(valid_from=date(2026, 4, 1)),
            TODAY,
            Status(NOT_YET_VALID, date(2026, 4, 1)),
            id="not-yet-valid",
        ),
    ],
)
def test_authorization_that_is_not_active_is_inactive_with_status_and_since(the_fact, today, status):
    result = verdict([the_fact], today=today)
    assert result == Verdict(INACTIVE, status, f"authorization {status.code.lower()}")


def test_one_active_authorization_wins_over_inactive_ones():
    facts = [
        fact(state=REVOKED, changed=CHANGED, outlet=1),
        fact(valid_to=date(2026, 1, 31), outlet=2),
        fact(outlet=3),
        fact(state=SUSPENDED, changed=CHANGED, outlet=4),
        fact(brand=BRAND_B, outlet=5),
    ]
    assert verdict(facts).verdict == AUTHORIZED


def test_inactive_reports_the_most_recent_change():
    facts = [
        fact(state=REVOKED, changed=datetime(2025, 5, 1, 12, 0), outlet=1),
        fact(valid_to=date(2026, 1, 31), outlet=2),  # expired since 2026-02-01
        fact(state=SUSPENDED, changed=None, outlet=3),
    ]
    result = verdict(facts)
    assert result.verdict == INACTIVE
    assert result.status == Status(EXPIRED, date(2026, 2, 1))


def test_active_authorization_of_another_brand_does_not_authorize_this_one():
    facts = [fact(brand=BRAND_B), fact(brand=BRAND_A, state=SUSPENDED, changed=CHANGED)]
    assert verdict(facts).verdict == INACTIVE
    assert verdict(facts, brand=BRAND_B).verdict == AUTHORIZED


def test_active_authorization_for_another_category_does_not_authorize_this_one():
    facts = [fact(categories=("air_conditioner",)), fact(valid_to=date(2026, 1, 31))]
    assert verdict(facts).status == Status(EXPIRED, date(2026, 2, 1))
    assert verdict(facts, category="air_conditioner").verdict == AUTHORIZED
