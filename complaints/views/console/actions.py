"""The regulator's actions on one case: read the form, call one workflow service.

Each handler takes (request, complaint, at) and returns the success message; a form that cannot
be read raises InvalidInput naming the field, a refused transition comes back from the service
as Conflict. Services are atomic, so a refused action leaves nothing half-done.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from config.errors import InvalidInput

from ...rules import workflow
from ...selectors_console import assignable_staff
from ...services import workflow as services
from ...services.filing import Actor
from .labels import mediation_end_choices, refusal_reason_choices


def actor_of(request) -> Actor:
    return Actor(workflow.REGULATOR, request.user.get_username())


def _text(request, field: str, missing: str, *, required: bool = True, limit: int = 2000) -> str:
    value = (request.POST.get(field) or "").strip()
    if required and not value:
        raise InvalidInput([{"field": field, "reason": missing}])
    if len(value) > limit:
        raise InvalidInput([{"field": field, "reason": _("This text is too long.")}])
    return value


def _choice(request, field: str, choices, missing: str) -> str:
    value = (request.POST.get(field) or "").strip()
    if value not in {code for code, _label in choices}:
        raise InvalidInput([{"field": field, "reason": missing}])
    return value


def _date(request, field: str, missing: str) -> date:
    try:
        return date.fromisoformat((request.POST.get(field) or "").strip())
    except ValueError as exc:
        raise InvalidInput([{"field": field, "reason": missing}]) from exc


def accept(request, complaint, at) -> str:
    services.complaint_accept(complaint=complaint, actor=actor_of(request), at=at)
    return _("The complaint was accepted; mediation has started.")


def _reason_and_note(request, choices, missing: str) -> tuple[str, str]:
    """A reason code from the listed choices, and the optional free-text note beside it."""
    return (_choice(request, "reason_code", choices, missing),
            _text(request, "note", "", required=False))


def refuse(request, complaint, at) -> str:
    reason_code, note = _reason_and_note(request, refusal_reason_choices(),
                                         _("Please choose why the complaint is not accepted."))
    services.complaint_refuse(complaint=complaint, reason_code=reason_code, note=note,
                                 actor=actor_of(request), at=at)
    return _("The complaint was not accepted; the consumer will be told why.")


def pause_clock(request, complaint, at) -> str:
    reason = _text(request, "reason", _("Please say what testing or appraisal is running."))
    services.complaint_clock_pause(complaint=complaint, reason=reason, actor=actor_of(request),
                                      at=at)
    return _("The mediation clock is paused.")


def resume_clock(request, complaint, at) -> str:
    services.complaint_clock_resume(complaint=complaint, actor=actor_of(request), at=at)
    return _("The mediation clock runs again.")


def record_agreement(request, complaint, at) -> str:
    terms = _text(request, "terms", _("Please write the agreed terms."))
    perform_by = _date(request, "perform_by", _("Please give the day by which it is to be done."))
    services.complaint_record_agreement(complaint=complaint, terms=terms, perform_by=perform_by,
                                           actor=actor_of(request), at=at)
    return _("The agreement was recorded and the case closed.")


def end_mediation(request, complaint, at) -> str:
    reason_code, note = _reason_and_note(request, mediation_end_choices(),
                                         _("Please choose why mediation ends."))
    services.complaint_end_mediation(complaint=complaint, reason_code=reason_code, note=note,
                                        actor=actor_of(request), at=at)
    return _("Mediation was ended and the case closed.")


def assign(request, complaint, at) -> str:
    staff_id = (request.POST.get("staff") or "").strip()
    staff = assignable_staff(complaint).filter(pk=int(staff_id)).first() \
        if staff_id.isdigit() else None
    if staff is None:
        raise InvalidInput([{"field": "staff", "reason": _("Please choose a staff member.")}])
    services.complaint_assign(complaint=complaint, staff_user=staff, actor=actor_of(request),
                                 at=at)
    return _("The case was assigned to %(name)s.") % {"name": staff.get_username()}


def report_extend(request, complaint, at) -> str:
    report = _report(complaint)
    approved_by = _text(request, "approved_by", _("Please name who approved the extension."),
                        limit=64)
    reason = _text(request, "reason", _("Please give the reason for the extension."), limit=256)
    services.report_extend(report=report, approved_by=approved_by, reason=reason,
                              actor=actor_of(request), at=at)
    return _("The report's time limit was extended by 15 working days.")


def report_decide(request, complaint, at) -> str:
    report = _report(complaint)
    choice = _choice(request, "open_case", [("yes", ""), ("no", "")],
                     _("Please choose whether a case is opened."))
    reason = _text(request, "reason", _("Please give the reason for the decision."))
    services.report_decide(report=report, open_case=choice == "yes", reason=reason,
                              actor=actor_of(request), at=at)
    return _("The decision on the report was recorded.")


def notify_termination(request, complaint, at) -> str:
    services.complaint_termination_notified(complaint=complaint, actor=actor_of(request),
                                               at=at)
    return _("Recorded: the parties were told of the closure.")


def reporter_notified(request, complaint, at) -> str:
    services.report_reporter_notified(report=_report(complaint), actor=actor_of(request),
                                         at=at)
    return _("Recorded: the reporter was told of the decision.")


def _report(complaint):
    report = getattr(complaint, "report_part", None)
    if report is None:
        raise InvalidInput([{"field": "report", "reason": _("This complaint holds no report.")}])
    return report


HANDLERS = {
    workflow.ACCEPT: accept, workflow.REFUSE: refuse, workflow.ASSIGN: assign,
    workflow.PAUSE_CLOCK: pause_clock, workflow.RESUME_CLOCK: resume_clock,
    workflow.RECORD_AGREEMENT: record_agreement, workflow.END_MEDIATION: end_mediation,
    workflow.NOTIFY_TERMINATION: notify_termination,
    "report_extend": report_extend, "report_decide": report_decide,
    "reporter_notified": reporter_notified,
}
COMPLAINT_ACTIONS = tuple(action for action in HANDLERS if action in workflow.ACTIONS)
REPORT_ACTIONS = ("report_extend", "report_decide", "reporter_notified")
