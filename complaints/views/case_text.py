"""The consumer's case page in plain words: where the complaint is, what happens next and by when.

Consumers are often elderly and read on a phone: one sentence per state, the date that matters,
and "provisional" (暂定) when the year's official holiday schedule is not known yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Complaint
from ..rules import workflow

STATUS_SENTENCES = {
    workflow.SUBMITTED: gettext_lazy("Your complaint has been received."),
    workflow.WITH_BUSINESS: gettext_lazy(
        "Your complaint has been sent to the business first. It should contact you and settle "
        "the matter with you."),
    workflow.BUSINESS_PROPOSED: gettext_lazy(
        "The business has answered. Please read its answer below and tell us whether you "
        "accept it."),
    workflow.SETTLED: gettext_lazy("You accepted the business's answer. The complaint is settled."),
    workflow.WITH_REGULATOR: gettext_lazy(
        "Your complaint is with the market regulator, who decides whether to accept it."),
    workflow.IN_MEDIATION: gettext_lazy(
        "The market regulator has accepted your complaint and is mediating between you and the "
        "business."),
    workflow.WITHDRAWN: gettext_lazy("You withdrew this complaint."),
}
OUTCOME_SENTENCES = {
    Complaint.Outcome.AGREEMENT: gettext_lazy(
        "Mediation succeeded: you and the business reached an agreement."),
    Complaint.Outcome.MEDIATION_ENDED: gettext_lazy(
        "Mediation ended without an agreement. You may still go to court or to arbitration."),
    Complaint.Outcome.REFUSED: gettext_lazy(
        "The market regulator did not accept your complaint."),
}
DEADLINE_SENTENCES = {
    "odr_settlement": gettext_lazy("The business has until %(date)s to settle with you."),
    "regulator_acceptance": gettext_lazy(
        "The regulator decides by %(date)s whether to accept your complaint."),
    "mediation": gettext_lazy("Mediation ends by %(date)s at the latest."),
    "termination_notice": gettext_lazy("You will be told the result in writing by %(date)s."),
}
REMEDY_WORDS = {
    "repair": gettext_lazy("a free repair"), "exchange": gettext_lazy("an exchange"),
    "return": gettext_lazy("taking the product back (return)"),
    "refund": gettext_lazy("a refund"), "other": gettext_lazy("something else"),
}


@dataclass(frozen=True)
class NextStep:
    sentence: str
    due_date: date | None
    provisional: bool
    paused: bool


def status_sentence(complaint: Complaint) -> str:
    if complaint.status == workflow.CLOSED:
        return str(OUTCOME_SENTENCES.get(complaint.outcome, _("The complaint is closed.")))
    return str(STATUS_SENTENCES.get(complaint.status, complaint.get_status_display()))


def next_step(complaint: Complaint) -> NextStep | None:
    """The deadline now running, as a sentence; None when nothing is due."""
    if complaint.clock_paused_since is not None:
        return NextStep(_("The time limit is paused while the product is tested or appraised."),
                        None, False, True)
    template = DEADLINE_SENTENCES.get(complaint.due_clock)
    if template is None or complaint.due_date is None:
        return None
    when = complaint.due_date.strftime("%Y-%m-%d")
    return NextStep(str(template) % {"date": when}, complaint.due_date,
                    complaint.due_provisional, False)


def outcome_reason(complaint: Complaint) -> str:
    reasons = {**workflow.REFUSAL_REASONS, **workflow.MEDIATION_END_REASONS}
    label = reasons.get(complaint.outcome_reason, ("", ""))[0]
    return _(label) if label else ""


def remedy_words(remedy: str) -> str:
    return str(REMEDY_WORDS.get(remedy, ""))
