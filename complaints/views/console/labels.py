"""Words for the console: signals, clocks, reason codes and refusals, translated at render time.

Reason codes and their labels are the workflow's (complaints/rules/workflow.py: REFUSAL_REASONS,
MEDIATION_END_REASONS; domain.md §4); refusal codes of its services are said here in the
regulator's words.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ...rules import workflow
from ...selectors_console import DELAY, FAKE_OUTLET, REPEATED, VULNERABLE

SIGNAL_LABELS = {
    FAKE_OUTLET: _("Suspected fake outlet"),
    DELAY: _("Deliberate delay"),
    VULNERABLE: _("Vulnerable consumer (elderly or rural)"),
    REPEATED: _("Repeated respondent (3+ in 90 days)"),
}

CLOCK_LABELS = {
    "odr_settlement": _("Business settlement (ODR, 10 working days)"),
    "regulator_acceptance": _("Acceptance decision (7 working days)"),
    "mediation": _("Mediation (45 working days)"),
    "termination_notice": _("Closure notice (7 working days)"),
    "report_verification": _("Report decision (15 working days)"),
    "reporter_notice": _("Reporter notice (5 working days)"),
}

# Why a service refused: the Conflict's refusal code → what the regulator reads.
REFUSAL_MESSAGES = {
    "complaint_closed": _("This complaint is closed; it cannot be changed any more."),
    "not_allowed_now": _("This is not possible in the complaint's current state."),
    "actor_not_allowed": _("You may not do this."),
    "reason_required": _("Please give a reason."),
    "unknown_reason": _("Please choose one of the listed reasons."),
    "not_awaiting_acceptance": _("The complaint is not awaiting the regulator's decision "
                                 "(it may have been decided already)."),
    "not_with_regulator": _("The complaint is not with the regulator."),
    "not_in_mediation": _("The complaint is not in mediation."),
    "clock_already_paused": _("The mediation clock is already paused."),
    "clock_not_paused": _("The mediation clock is not paused."),
    "not_closed": _("The complaint has not been closed."),
    "already_notified": _("This was already recorded."),
    "already_extended": _("The report's time limit was already extended once."),
    "report_decided": _("The report has been decided already."),
    "report_not_decided": _("The report has not been decided yet."),
    "not_found": _("No such complaint in your area."),
    "complaint_changed": _("Someone else acted on this complaint first."),
}

DECISION_LABELS = {"accept": _("Accept"), "refuse": _("Refuse")}


def _choices(reasons: dict) -> list[tuple[str, str]]:
    """(code, label) from the workflow's table {code: (English label, basis)}, translated."""
    return [(code, gettext(label)) for code, (label, _basis) in reasons.items()]


def refusal_reason_choices() -> list[tuple[str, str]]:
    return _choices(workflow.REFUSAL_REASONS)


def mediation_end_choices() -> list[tuple[str, str]]:
    return _choices(workflow.MEDIATION_END_REASONS)


def reason_label(code: str) -> str:
    entry = workflow.REFUSAL_REASONS.get(code) or workflow.MEDIATION_END_REASONS.get(code)
    return gettext(entry[0]) if entry else code


def refusal_message(code: str, fallback: str = "") -> str:
    message = REFUSAL_MESSAGES.get(code)
    return str(message) if message else (fallback or str(REFUSAL_MESSAGES["not_allowed_now"]))
