"""People's decisions on suspects: the regulator asks a manufacturer, dismisses, publishes or
withdraws a warning, decides appeals; the manufacturer answers; the warned party appeals.

domain.md §6: "Regulators, not algorithms, decide … a regulator publishes a warning; the flagged
party can appeal." Each write locks the suspect, checks the transition table, and leaves an event.
Callers check the regulator's scope first (selectors.suspect_for → NotFound).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from config.errors import Conflict, InvalidInput, NotFound
from config.jobs import enqueue

from ..models import Brand, FraudWarning, ManufacturerConfirmation, Suspect, WarningAppeal
from ..rules.phones import PhoneError, normalize_phone
from .events import PUBLIC, actor_label, event_add

S = Suspect.State
# action → (states it may start from, state it leads to)
TRANSITIONS = {
    "request_confirmation": ({S.OPEN, S.CONFIRMATION_REQUESTED}, S.CONFIRMATION_REQUESTED),
    "dismiss": ({S.OPEN, S.CONFIRMATION_REQUESTED}, S.DISMISSED),
    "reopen": ({S.DISMISSED}, S.OPEN),
    "publish_warning": ({S.OPEN, S.CONFIRMATION_REQUESTED, S.DISMISSED}, S.WARNED),
    "withdraw_warning": ({S.WARNED}, S.DISMISSED),
}
MAX_TEXT = 2000


def _required(field: str, text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput([{"field": field, "reason": message}])
    if len(text) > MAX_TEXT:
        raise InvalidInput([{"field": field, "reason": _("At most 2000 characters.")}])
    return text


def _locked(suspect_id: int, action: str) -> Suspect:
    """The suspect, locked, if `action` may start from its state (else Conflict)."""
    suspect = Suspect.objects.select_for_update().filter(pk=suspect_id).first()
    if suspect is None:
        raise NotFound(suspect_id=suspect_id)
    if suspect.state not in TRANSITIONS[action][0]:
        raise Conflict(_("Not possible while the suspect is %(state)s.")
                       % {"state": suspect.get_state_display()}, state=suspect.state,
                       action=action)
    return suspect


def _move(suspect: Suspect, action: str, actor: str, at: datetime, *, note: str = "",
          data: dict | None = None) -> Suspect:
    before, target = suspect.state, TRANSITIONS[action][1]
    if target != before:
        suspect.state, suspect.state_changed_at = target, at
        suspect.save(update_fields=["state", "state_changed_at"])
    event_add(suspect, f"service_net.suspect.{action}", actor, at, from_state=before,
              to_state=target, note=note, data=data)
    return suspect


def _transition(suspect_id: int, action: str, actor: str, at: datetime, *, note: str = "",
                data: dict | None = None) -> Suspect:
    return _move(_locked(suspect_id, action), action, actor, at, note=note, data=data)


@transaction.atomic
def confirmation_request(*, suspect_id: int, brand_id: int, user, question: str = "",
                         at: datetime) -> ManufacturerConfirmation:
    """Ask the brand's manufacturer whether the number is theirs. Conflict while a request for
    that brand is unanswered; InvalidInput (field brand) for an unknown brand."""
    brand = Brand.objects.select_related("manufacturer").filter(pk=brand_id).first()
    if brand is None:
        raise InvalidInput([{"field": "brand", "reason": _("Unknown brand.")}])
    suspect = _locked(suspect_id, "request_confirmation")
    if suspect.confirmations.filter(brand=brand, answer="").exists():
        raise Conflict(_("This brand has not answered the last request yet."), brand=brand.name)
    question = (question or "").strip()[:MAX_TEXT]
    confirmation = ManufacturerConfirmation.objects.create(
        suspect=suspect, manufacturer=brand.manufacturer, brand=brand, requested_by=user,
        requested_at=at, question=question)
    _move(suspect, "request_confirmation", actor_label(user), at, note=question,
          data={"confirmation_id": confirmation.pk, "brand": brand.name})
    return confirmation


@transaction.atomic
def confirmation_answer(*, confirmation_id: int, manufacturer, answer: str, note: str = "",
                        actor: str, at: datetime) -> ManufacturerConfirmation:
    """The manufacturer answers "not ours" or "ours — our listing is stale". NotFound for
    another manufacturer's request, InvalidInput (field answer), Conflict when answered."""
    confirmation = ManufacturerConfirmation.objects.select_for_update().filter(
        pk=confirmation_id, manufacturer=manufacturer).first()
    if confirmation is None:
        raise NotFound(confirmation_id=confirmation_id)
    if answer not in (ManufacturerConfirmation.Answer.NOT_OURS,
                      ManufacturerConfirmation.Answer.OURS_STALE):
        raise InvalidInput([{"field": "answer", "reason": _("Answer not_ours or ours_stale.")}])
    if confirmation.answer:
        raise Conflict(_("This request has been answered already."), answer=confirmation.answer)
    confirmation.answer, confirmation.answered_at = answer, at
    confirmation.answered_by, confirmation.note = actor[:128], (note or "").strip()[:MAX_TEXT]
    confirmation.save()
    event_add(confirmation.suspect, "service_net.confirmation.answer", actor, at,
              note=confirmation.note, data={"confirmation_id": confirmation.pk, "answer": answer,
                                            "brand": confirmation.brand.name})
    from .tasks import suspect_id_recompute_job

    enqueue(suspect_id_recompute_job, confirmation.suspect_id)
    return confirmation


@transaction.atomic
def suspect_dismiss(*, suspect_id: int, user, reason: str, at: datetime) -> Suspect:
    """Close a suspect as not a fake outlet (or not enough to act on), with the reason."""
    reason = _required("reason", reason, _("Please give a reason."))
    return _transition(suspect_id, "dismiss", actor_label(user), at, note=reason)


@transaction.atomic
def suspect_reopen(*, suspect_id: int, user, reason: str, at: datetime) -> Suspect:
    reason = _required("reason", reason, _("Please give a reason."))
    return _transition(suspect_id, "reopen", actor_label(user), at, note=reason)


@transaction.atomic
def warning_publish(*, suspect_id: int, user, text_zh: str, text_en: str = "",
                    area_code: str = "", at: datetime) -> FraudWarning:
    """Publish a warning: from now on verify answers `warned` for the number. Conflict when a
    warning about it stands already; InvalidInput (text_zh) without a Chinese text, (area_code)
    for an area the suspect is not seen in."""
    text_zh = _required("text_zh", text_zh, _("Please write the warning in Chinese."))
    text_en = (text_en or "").strip()[:MAX_TEXT]
    suspect = _locked(suspect_id, "publish_warning")
    if FraudWarning.objects.filter(phone_key=suspect.phone_key, withdrawn_at__isnull=True).exists():
        raise Conflict(_("A warning about this number is published already."))
    area = _warning_area(suspect, area_code)
    warning = FraudWarning.objects.create(
        suspect=suspect, phone_key=suspect.phone_key, text_zh=text_zh, text_en=text_en,
        area_code=area, published_at=at, published_by=user)
    _move(suspect, "publish_warning", actor_label(user), at, note=text_zh,
          data={"warning_id": warning.pk})
    return warning


def _warning_area(suspect: Suspect, area_code: str) -> str:
    """The county whose real outlets verify offers beside the warning: one of the suspect's
    areas (the one given, else the first), or "" when it has none. InvalidInput (area_code)
    for a code that is not one of them."""
    areas = list(suspect.areas.order_by("why", "county_id").values_list("county_id", flat=True))
    if not area_code:
        return areas[0] if areas else ""
    if area_code not in areas:
        raise InvalidInput([{"field": "area_code",
                             "reason": _("Choose one of the areas the suspect is seen in.")}])
    return area_code


def _withdraw(warning: FraudWarning, reason: str, actor: str, at: datetime) -> None:
    warning.withdrawn_at, warning.withdrawn_reason = at, reason
    warning.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    _transition(warning.suspect_id, "withdraw_warning", actor, at, note=reason,
                data={"warning_id": warning.pk})


@transaction.atomic
def warning_withdraw(*, warning_id: int, user, reason: str, at: datetime) -> FraudWarning:
    reason = _required("reason", reason, _("Please give a reason."))
    warning = FraudWarning.objects.select_for_update().filter(pk=warning_id).first()
    if warning is None:
        raise NotFound(warning_id=warning_id)
    if warning.withdrawn_at is not None:
        raise Conflict(_("This warning has been withdrawn already."))
    _withdraw(warning, reason, actor_label(user), at)
    return warning


@transaction.atomic
def appeal_file(*, warning_id: int, appellant: str, contact: str, grounds: str,
                at: datetime) -> WarningAppeal:
    """The warned party appeals a standing warning. InvalidInput names every missing field;
    NotFound for a warning that is not standing."""
    warning = FraudWarning.objects.filter(pk=warning_id, withdrawn_at__isnull=True).first()
    if warning is None:
        raise NotFound(warning_id=warning_id)
    errors, key = [], ""
    if not (appellant or "").strip():
        errors.append({"field": "appellant", "reason": _("Please give the business's name.")})
    try:
        key = normalize_phone(contact or "").key
    except PhoneError:
        errors.append({"field": "contact", "reason": _("Please give a phone number we can call.")})
    if not (grounds or "").strip():
        errors.append({"field": "grounds", "reason": _("Please say why the warning is wrong.")})
    if errors:
        raise InvalidInput(errors)
    appeal = WarningAppeal.objects.create(
        warning=warning, appellant=appellant.strip()[:128], contact=key,
        grounds=grounds.strip()[:MAX_TEXT], filed_at=at)
    event_add(warning.suspect, "service_net.warning.appeal", PUBLIC, at,
              data={"warning_id": warning.pk, "appeal_id": appeal.pk})
    return appeal


@transaction.atomic
def appeal_decide(*, appeal_id: int, user, decision: str, reason: str,
                  at: datetime) -> WarningAppeal:
    """The regulator decides: `upheld` (the warning stands) or `withdrawn` (it is withdrawn and
    the suspect dismissed). InvalidInput (decision, reason); Conflict when decided already."""
    appeal = WarningAppeal.objects.select_for_update().select_related("warning").filter(
        pk=appeal_id).first()
    if appeal is None:
        raise NotFound(appeal_id=appeal_id)
    if decision not in (WarningAppeal.Decision.UPHELD, WarningAppeal.Decision.WITHDRAWN):
        raise InvalidInput([{"field": "decision", "reason": _("Decide upheld or withdrawn.")}])
    reason = _required("reason", reason, _("Please give a reason."))
    if appeal.decision:
        raise Conflict(_("This appeal has been decided already."), decision=appeal.decision)
    appeal.decision, appeal.decided_at, appeal.decided_by, appeal.reason = (
        decision, at, user, reason)
    appeal.save()
    actor = actor_label(user)
    event_add(appeal.warning.suspect, f"service_net.appeal.{decision}", actor, at, note=reason,
              data={"appeal_id": appeal.pk, "warning_id": appeal.warning_id})
    warning = FraudWarning.objects.select_for_update().get(pk=appeal.warning_id)
    if decision == WarningAppeal.Decision.WITHDRAWN and warning.withdrawn_at is None:
        _withdraw(warning, reason, actor, at)
    return appeal
