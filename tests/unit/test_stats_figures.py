"""The disclosure and dashboard figures: what counts as answered in time, each rate, deadline
buckets, and the chart geometry (pure rules, no database)."""

from __future__ import annotations

from datetime import date

import pytest

from complaints.stats.charts import bar_chart, line_chart, nice_top, text_px
from complaints.stats.figures import (
    BUSINESS,
    DUE_TODAY,
    IN_TIME,
    LATE,
    LATER,
    MISSED,
    NO_CLOCK,
    NOT_OWED,
    OVERDUE,
    PENDING,
    PROVISIONAL,
    REGULATOR,
    WITHIN_3_WD,
    CaseFacts,
    answer_state,
    deadline_bucket,
    rate,
    tally,
)

DUE = date(2026, 10, 14)
TODAY = date(2026, 11, 2)


def case(**kw) -> CaseFacts:
    return CaseFacts(received_on=date(2026, 9, 29), **kw)


@pytest.mark.parametrize(("facts", "today", "state"), [
    pytest.param(case(answer_due=DUE, answered_on=DUE), TODAY, IN_TIME, id="answered-on-the-due-day"),
    pytest.param(case(answer_due=DUE, answered_on=date(2026, 10, 15)), TODAY, LATE,
                 id="answered-the-day-after"),
    pytest.param(case(answer_due=DUE), DUE, PENDING, id="unanswered-on-the-due-day-is-not-yet-due"),
    pytest.param(case(answer_due=DUE), date(2026, 10, 15), MISSED, id="unanswered-after-the-due-day"),
    pytest.param(case(answer_due=DUE, withdrawn_on=DUE), TODAY, NOT_OWED,
                 id="withdrawn-by-the-due-day-without-answer"),
    pytest.param(case(answer_due=DUE, withdrawn_on=date(2026, 10, 20)), TODAY, MISSED,
                 id="withdrawn-after-the-due-day-without-answer"),
    pytest.param(case(answer_due=DUE, answered_on=DUE, withdrawn_on=date(2026, 10, 20)), TODAY,
                 IN_TIME, id="answered-then-withdrawn"),
    pytest.param(case(), TODAY, NO_CLOCK, id="not-routed"),
])
def test_answer_state(facts, today, state):
    assert answer_state(facts, today) == state


def test_a_rate_with_nothing_to_count_is_none_not_zero():
    assert rate(0, 0) is None
    assert rate(0, 3) == 0.0
    assert rate(2, 3) == 0.6667


def test_tally_counts_each_figure_over_its_own_denominator():
    cases = [
        case(category="refrigerator", answer_by=BUSINESS, answer_due=DUE, answered_on=DUE,
             odr_outcome="settled", outcome="odr_settled"),
        case(category="refrigerator", answer_by=BUSINESS, answer_due=DUE,
             odr_outcome="timed_out", outcome="mediation_ended"),
        case(category="washing_machine", answer_by=REGULATOR, answer_due=DUE,
             answered_on=date(2026, 10, 1), odr_outcome="not_enrolled", outcome="agreement"),
        case(category="washing_machine", answer_by=REGULATOR, answer_due=DUE,
             answered_on=date(2026, 10, 16), odr_outcome="skipped", outcome="refused"),
        case(answer_by=BUSINESS, answer_due=DUE, withdrawn_on=date(2026, 10, 2),
             outcome="withdrawn"),
        case(answer_by=BUSINESS, answer_due=date(2026, 11, 10)),  # not due yet
    ]
    t = tally(cases, TODAY)
    assert t.complaints == 6
    assert (t.answered_in_time, t.answer_counted, t.answered_in_time_share) == (2, 4, 0.5)
    assert (t.business_answered_in_time, t.business_answer_counted, t.response_rate) == (1, 2, 0.5)
    assert (t.mediation_agreements, t.mediation_closed, t.mediation_success_rate) == (1, 2, 0.5)
    assert (t.odr_settled, t.odr_closed, t.odr_settlement_rate) == (1, 2, 0.5)
    # resolved: settled + agreement; ended: settled, agreement, mediation ended, refused.
    assert (t.resolved, t.ended, t.resolution_rate) == (2, 4, 0.5)
    assert t.categories == {"refrigerator": 2, "washing_machine": 2, "": 2}


THIRD = date(2026, 11, 5)


@pytest.mark.parametrize(("due", "provisional", "bucket"), [
    (None, False, NO_CLOCK),
    (date(2026, 11, 1), False, OVERDUE),
    (date(2026, 11, 1), True, OVERDUE),
    (TODAY, True, DUE_TODAY),
    (date(2026, 11, 3), False, WITHIN_3_WD),
    (THIRD, False, WITHIN_3_WD),
    (date(2026, 11, 6), False, LATER),
    (date(2026, 11, 3), True, PROVISIONAL),
])
def test_deadline_bucket(due, provisional, bucket):
    assert deadline_bucket(due, provisional, today=TODAY, third_working_day=THIRD) == bucket


@pytest.mark.parametrize(("value", "top"), [(0, 4), (4, 4), (5, 8), (9, 20), (21, 40), (41, 80),
                                            (81, 200), (201, 400)])
def test_chart_axis_tops_are_round(value, top):
    assert nice_top(value) == top


def test_bars_scale_to_the_largest_value_or_the_given_maximum():
    chart = bar_chart([("a", "A", 10, "10"), ("b", "B", 5, "5"), ("c", "C", 0, "0")])
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == 2 * widths[1] > 0 and widths[2] == 0
    assert [bar.y for bar in chart.bars] == [0, 30, 60]
    half = bar_chart([("a", "A", 50, "50%")], max_value=100).bars[0].width
    assert half == pytest.approx(widths[0] / 2)


def test_a_long_chinese_label_is_cut_to_the_label_column_and_kept_whole_for_the_title():
    long = "经营者已答复，等待消费者确认"
    bar = bar_chart([("x", long, 1, "1"), ("y", "调解中", 2, "2")], label_width=170).bars
    assert bar[0].short.endswith("…") and long.startswith(bar[0].short[:-1])
    assert text_px(bar[0].short) <= 170 - 8
    assert bar[0].label == long
    assert bar[1].short == "调解中"


def test_an_empty_bar_chart_keeps_one_row_of_height():
    assert bar_chart([]).height == 30


def test_line_chart_puts_zero_at_the_bottom_and_the_top_value_at_the_top():
    chart = line_chart(["2026-01", "2026-02", "2026-03"], [("fridge", [0, 2, 4])],
                       width=240, height=130, left=40, bottom=30, right=10)
    points = [tuple(map(float, p.split(","))) for p in chart.series[0].points.split()]
    assert points[0] == (40.0, 100.0) and points[2] == (230.0, 10.0)
    assert chart.series[0].total == 6
    assert [v for _, v in chart.y_ticks] == [0, 1, 2, 3, 4]


class WorkingDaysOnly:
    """Due dates on weekdays only: enough to read case_facts without the database."""

    def due(self, clock: str, start: date) -> date:
        from datetime import timedelta

        days, day = {"odr_settlement": 10, "regulator_acceptance": 7}[clock], start
        while days:
            day += timedelta(days=1)
            days -= day.weekday() < 5
        return day


def row(**kw) -> dict:
    base = {"status": "WITH_REGULATOR", "category_id": "refrigerator", "odr_outcome": "",
            "outcome": "", "received_on": date(2026, 11, 2), "changed_on": date(2026, 11, 2),
            "odr_started_on": None, "regulator_received_on": None, "accepted_on": None,
            "closed_on": None, "first_response_on": None}
    return {**base, **kw}


def test_an_odr_complaint_is_answered_by_the_business_within_ten_working_days():
    from complaints.stats.facts import case_facts

    facts = case_facts(row(odr_started_on=date(2026, 11, 2), first_response_on=date(2026, 11, 16),
                           regulator_received_on=date(2026, 11, 17)), WorkingDaysOnly())
    assert (facts.answer_by, facts.answer_due, facts.answered_on) == (
        BUSINESS, date(2026, 11, 16), date(2026, 11, 16))


def test_a_business_that_let_its_days_pass_missed_even_once_escalated():
    from complaints.stats.facts import case_facts

    facts = case_facts(row(odr_started_on=date(2026, 11, 2), odr_outcome="timed_out",
                           regulator_received_on=date(2026, 11, 17),
                           accepted_on=date(2026, 11, 18)), WorkingDaysOnly())
    assert facts.answer_by == BUSINESS
    assert answer_state(facts, date(2026, 11, 30)) == MISSED


def test_a_consumer_who_escalated_before_the_business_answered_moves_the_answer_to_the_regulator():
    from complaints.stats.facts import case_facts

    facts = case_facts(row(odr_started_on=date(2026, 11, 2), odr_outcome="not_settled",
                           regulator_received_on=date(2026, 11, 4),
                           accepted_on=date(2026, 11, 10)), WorkingDaysOnly())
    assert (facts.answer_by, facts.answer_due, facts.answered_on) == (
        REGULATOR, date(2026, 11, 13), date(2026, 11, 10))


def test_a_refusal_is_the_regulators_answer_and_a_withdrawal_its_closing_day():
    from complaints.stats.facts import case_facts

    refused = case_facts(row(regulator_received_on=date(2026, 11, 2), outcome="refused",
                             closed_on=date(2026, 11, 12), status="CLOSED"), WorkingDaysOnly())
    assert (refused.answer_by, refused.answered_on) == (REGULATOR, date(2026, 11, 12))
    assert answer_state(refused, date(2026, 11, 30)) == LATE
    withdrawn = case_facts(row(regulator_received_on=date(2026, 11, 2), outcome="withdrawn",
                               closed_on=date(2026, 11, 3), status="WITHDRAWN"), WorkingDaysOnly())
    assert withdrawn.withdrawn_on == date(2026, 11, 3)
    assert answer_state(withdrawn, date(2026, 11, 30)) == NOT_OWED
