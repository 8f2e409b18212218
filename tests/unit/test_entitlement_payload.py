"""Reading and checking an assessment request: every bad field named as the payload spells it."""

from __future__ import annotations

from datetime import date

import pytest

from complaints.rules.entitlement import facts_check, payload_read
from tests.unit.entitlement_support import day, payload, problems


@pytest.mark.parametrize("overrides, field", [
    pytest.param({"category": "toaster"}, "category", id="unknown-category"),
    pytest.param({"category": None}, "category", id="missing-category"),
    pytest.param({"channel": "door_to_door"}, "channel", id="bad-channel"),
    pytest.param({"proof": "receipt"}, "proof", id="bad-proof"),
    pytest.param({"proof": None}, "proof", id="missing-proof"),
    pytest.param({"purchase_date": "2026/03/01"}, "purchase_date", id="bad-date-format"),
    pytest.param({"purchase_date": "2026-02-30"}, "purchase_date", id="no-such-date"),
    pytest.param({"request_date": None}, "request_date", id="missing-request-date"),
    pytest.param({"request_date": "2026-02-28"}, "request_date", id="request-before-purchase"),
    pytest.param({"received_date": "2026-02-28"}, "received_date", id="received-before-purchase"),
    pytest.param({"received_date": day(2)}, "received_date", id="received-after-request"),
    pytest.param({"installed_date": "2026-02-01"}, "installed_date", id="installed-before-purchase"),
    pytest.param({"manufacture_date": day(1), "request_date": day(5)}, "manufacture_date",
                 id="made-after-sale"),
    pytest.param({"last_exchange_date": day(9)}, "last_exchange_date", id="exchange-after-request"),
    pytest.param({"fault": {"date": day(1), "part": "compressor"}}, "fault.date",
                 id="fault-after-request"),
    pytest.param({"fault": {"date": "2026-02-01"}}, "fault.date", id="fault-before-purchase"),
    pytest.param({"fault": {"part": "compressor"}}, "fault.date", id="fault-without-date"),
    pytest.param({"fault": {"date": day(0), "part": "panel"}}, "fault.part",
                 id="part-of-another-category"),
    pytest.param({"fault": "broken"}, "fault", id="fault-not-an-object"),
    pytest.param({"request_date": day(20), "last_exchange_date": day(10),
                  "fault": {"date": day(5)}}, "fault.date", id="fault-before-the-exchange"),
    pytest.param({"repairs": "twice"}, "repairs", id="repairs-not-a-list"),
    pytest.param({"request_date": day(20), "repairs": [{"handed_in": day(5), "returned": day(3)}]},
                 "repairs[0].returned", id="returned-before-handed-in"),
    pytest.param({"request_date": day(20), "repairs": [{"handed_in": day(5), "returned": day(21)}]},
                 "repairs[0].returned", id="returned-after-request"),
    pytest.param({"request_date": day(20), "repairs": [{"returned": day(3)}]},
                 "repairs[0].handed_in", id="repair-without-hand-in"),
    pytest.param({"request_date": day(20), "repairs": [{"handed_in": day(5), "part": "motor"}]},
                 "repairs[0].part", id="repair-unknown-part"),
    pytest.param({"request_date": day(20), "repairs": [
        {"handed_in": day(5), "returned": day(9)}, {"handed_in": day(8), "returned": day(10)}]},
        "repairs[1].handed_in", id="overlapping-repairs"),
    pytest.param({"request_date": day(20), "repairs": [{"handed_in": day(5), "delay_cause": "x"}]},
                 "repairs[0].delay_cause", id="bad-delay-cause"),
    pytest.param({"goods_intact": "yes"}, "goods_intact", id="goods-intact-not-a-bool"),
    pytest.param({"excluded_goods": "cheap"}, "excluded_goods", id="bad-excluded-goods"),
    pytest.param({"exclusion": "bad_luck"}, "exclusion", id="bad-exclusion"),
    pytest.param({"store_promise_days": 6}, "store_promise_days", id="promise-under-7-days"),
    pytest.param({"store_promise_days": 366}, "store_promise_days", id="promise-over-365-days"),
    pytest.param({"store_promise_days": True}, "store_promise_days", id="promise-not-a-number"),
])
def test_each_bad_field_is_named(overrides, field):
    found = problems(**overrides)
    assert field in found, found


def test_unknown_rule_set_is_named():
    values, found = payload_read(payload(rule_set="atlantis"))
    assert not found
    assert [p.field for p in facts_check(values, None)] == ["rule_set"]


def test_every_problem_is_reported_at_once():
    found = problems(channel="x", proof="y", request_date="2026-01-01",
                     fault={"date": "2026-01-01", "part": "nope"})
    assert {"channel", "proof", "request_date", "fault.date", "fault.part"} <= set(found)


def test_unknown_part_lists_the_known_ones():
    found = problems(fault={"date": day(0), "part": "panel"})
    assert "compressor" in found["fault.part"]
    assert "whole_unit" in found["fault.part"]


def test_a_valid_payload_has_no_problem_and_takes_defaults():
    assert problems(fault={"date": day(0)}) == {}
    values, _ = payload_read(payload(fault={"date": day(0)}))
    assert values["fault"]["part"] == "whole_unit"
    assert values["rule_set"] == "national"
    assert values["goods_intact"] is True


def test_a_null_part_or_rule_set_takes_the_default_like_an_absent_one():
    values, found = payload_read(payload(rule_set=None, fault={"date": day(0), "part": None},
                                         repairs=[{"handed_in": day(0), "part": None}]))
    assert not found
    assert values["rule_set"] == "national"
    assert values["fault"]["part"] == values["repairs"][0]["part"] == "whole_unit"


def test_dates_may_be_given_as_date_objects_by_python_callers():
    values, found = payload_read(payload(purchase_date=date(2026, 3, 1), request_date=date(2026, 3, 2)))
    assert not found
    assert values["request_date"] == date(2026, 3, 2)


def test_a_body_that_is_not_an_object_is_refused():
    _, found = payload_read(["not", "an", "object"])
    assert [p.field for p in found] == ["body"]
