"""Filing and following a complaint (投诉): every write, each in one transaction, each an event.

Legal basis: 《市场监督管理投诉举报处理暂行办法》(2022) — required content (art. 9), jurisdiction
where the respondent operates (art. 10), withdrawal (art. 28); domain.md §4. Personal data is
never logged: log lines carry the tracking number and ids only.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import InvalidInput
from config.jobs import batch as jobs_batch
from config.jobs import enqueue
from geo.models import Division
from geo.selectors import county_for_point, county_of, division_for_address
from service_net.rules.phones import PhoneError, normalize_phone

from ..fraud_hook import complaint_fraud_observe_job
from ..models import Complaint, ComplaintEvent, Evidence, ReportPart
from ..rules import workflow
from ..rules.tracking import tracking_number_new
from .filing_draft import ComplaintDraft, Preview, answering_manufacturer, complaint_preview
from .filing_evidence import (
    evidence_prepare,
    file_write_atomically,
    new_stored_name,
    removes_written_files_on_error,
    sha256_hex,
)
from .workflow import (  # noqa: F401  (re-exported: filing's callers find them here)
    CONSUMER,
    Actor,
    complaint_add_information,
    complaint_confirm_outcome,
    complaint_route,
    complaint_route_new,
    complaint_withdraw,
)
from .workflow._core import checked, event_row, notify, record
from .workflow._core import locked as _locked

log = logging.getLogger(__name__)
TRACKING_ATTEMPTS = 8


@dataclass(frozen=True)
class Upload:
    """An uploaded file (Django UploadedFile or any object with .name and .read()) and its kind."""

    file: object
    kind: str = Evidence.Kind.OTHER


def complaint_file(*, draft: ComplaintDraft, uploads: tuple[Upload, ...] = (), at: datetime,
                   actor: Actor = CONSUMER,
                   randbits: Callable[[int], int] = secrets.randbits) -> Complaint:
    """File a complaint: the complaint, its report part, its evidence and the submit event.

    Checks domain.md §4 required content and the assessment input (InvalidInput naming every
    field), derives the jurisdiction (InvalidInput on consumer_county when nothing locates it),
    stores the entitlement assessment shown to the consumer, then routes it at once: to its
    ODR-enrolled answering business, else to the regulator (complaint_route_new: the row is
    inserted routed, the submit and routing events follow). All or nothing: a failure leaves no
    row and no file. A tracking number already taken (the unique constraint refuses it; with n
    complaints on file, a chance of n in 3.5 × 10^13) rolls the attempt back, and the complaint
    is filed again under a new number: no existence check is paid on every filing.
    """
    for _attempt in range(TRACKING_ATTEMPTS):
        try:
            return _complaint_file_once(draft=draft, uploads=uploads, at=at, actor=actor,
                                        tracking_number=tracking_number_new(randbits))
        except IntegrityError as exc:
            if not _tracking_number_taken(exc):
                raise
            for upload in uploads:  # read again by the next attempt
                getattr(upload.file, "seek", lambda _offset: None)(0)
    raise RuntimeError("no unused tracking number found; is the random source random?")


@removes_written_files_on_error
@transaction.atomic
def _complaint_file_once(*, draft: ComplaintDraft, uploads: tuple[Upload, ...], at: datetime,
                         actor: Actor, tracking_number: str) -> Complaint:
    preview = complaint_preview(draft, today=timezone.localdate(at))
    preview.raise_if_invalid()
    jurisdiction = jurisdiction_derive(preview)
    complaint = _complaint_new(preview, jurisdiction, at=at, tracking_number=tracking_number)
    routed = complaint_route_new(complaint, at=at)
    complaint.save(force_insert=True)
    events = [event_row(complaint, workflow.SUBMIT, "", workflow.INITIAL, actor, at)]
    if draft.report_kind:
        _report_part_create(complaint, draft, at)
    for count, upload in enumerate(uploads):
        events.append(_evidence_at_filing(complaint, upload, count, actor, at))
    ComplaintEvent.objects.bulk_create([*events, routed])
    with jobs_batch():  # the notifications' jobs and the observation's: one outbox INSERT
        notify("complaint_received", complaint, at)
        if complaint.repair_outlet_phone or complaint.repair_outlet_name:  # fake-outlet signals
            enqueue(complaint_fraud_observe_job, complaint.pk)
    log.info("complaint %s filed, jurisdiction %s (%s)", complaint.tracking_number,
             complaint.jurisdiction_id, complaint.jurisdiction_source)
    return complaint


def _tracking_number_taken(exc: IntegrityError) -> bool:
    text = str(exc).lower()  # PostgreSQL: duplicate key … (tracking_number); SQLite: UNIQUE …
    return "tracking_number" in text and ("duplicate" in text or "unique" in text)


def _evidence_at_filing(complaint: Complaint, upload: Upload, count: int, actor: Actor,
                        at: datetime) -> ComplaintEvent:
    """evidence_add for a complaint being filed: the same checks, no lock (the row is this
    transaction's own) and the event as evidence_add writes it while the complaint is SUBMITTED
    (filed before routing)."""
    move = workflow.check(workflow.INITIAL, workflow.ADD_EVIDENCE, actor.kind)
    _evidence_store(complaint, upload, count, actor, at)
    return event_row(complaint, workflow.ADD_EVIDENCE, workflow.INITIAL, move.target, actor, at,
                     note=upload.kind)


_Source = Complaint.JurisdictionSource
FALLBACK_NOTE = ("The respondent's location could not be placed in a county, so the complaint "
                 "went to the regulator of the consumer's county, who may transfer it.")


@dataclass(frozen=True)
class Jurisdiction:
    division: Division
    source: str
    note: str
    consumer_county: Division | None


def jurisdiction_derive(preview: Preview) -> Jurisdiction:
    """The county regulator competent for the complaint (暂行办法 art. 10; domain.md §4): where
    the respondent operates — its registry location, else its address as typed — else, with a
    note, the consumer's county. InvalidInput on consumer_county when nothing can be located."""
    draft = preview.draft
    consumer_county = preview.consumer_county or county_of(preview.consumer_place())
    if preview.outlet is not None:
        county = _outlet_county(preview.outlet)
        if county is not None:
            return Jurisdiction(county, _Source.RESPONDENT_REGISTRY, "", consumer_county)
    elif draft.respondent_address.strip():
        county = _county(draft.respondent_address)
        if county is not None:
            return Jurisdiction(county, _Source.RESPONDENT_ADDRESS, "", consumer_county)
    if consumer_county is None:
        raise InvalidInput([{"field": "consumer_county", "reason": _(
            "We could not tell which county or district your address is in. "
            "Please choose your county or district.")}])
    return Jurisdiction(consumer_county, _Source.CONSUMER_COUNTY, FALLBACK_NOTE, consumer_county)


def _county(address: str) -> Division | None:
    division = division_for_address(address) if address.strip() else None
    return county_of(division) if division is not None else None


def _outlet_county(outlet) -> Division | None:
    county = county_of(outlet.division) if outlet.division_id else None
    return county or county_for_point(outlet.lat, outlet.lon)


def _report_part_create(complaint: Complaint, draft: ComplaintDraft, at: datetime) -> ReportPart:
    from . import deadlines

    report = ReportPart(complaint=complaint, kind=draft.report_kind,
                        facts=draft.report_facts.strip(), real_name=draft.report_real_name,
                        created_at=at)
    deadlines.report_due_set(report)  # its own clock: 15 working days to decide
    report.save()
    return report


def consumer_vulnerable(preview: Preview) -> bool:
    """Elderly or rural consumer (a triage signal): aged 65 or over as ticked, or an address
    that names a rural township (乡/镇 in the gazetteer, kind "rural") rather than an urban
    street office (街道) or just a county. Deliberately simple: no birth date is asked, and an
    address the gazetteer places only to a county does not count as rural."""
    if preview.draft.consumer_elderly:
        return True
    place = preview.consumer_place()
    return bool(place is not None and place.level == Division.Level.TOWNSHIP
                and place.kind == Division.Kind.RURAL)


def _complaint_new(preview: Preview, jurisdiction: Jurisdiction, *, at: datetime,
                   tracking_number: str) -> Complaint:
    """The complaint as filed, not yet saved."""
    draft = preview.draft
    return Complaint(
        tracking_number=tracking_number, status=workflow.INITIAL,
        received_at=at, status_changed_at=at,
        consumer_name=_clean(draft.consumer_name), consumer_phone=_phone_key(draft.consumer_phone),
        consumer_address=_clean(draft.consumer_address), consumer_county=jurisdiction.consumer_county,
        brand=preview.brand, brand_text="" if preview.brand else _clean(draft.brand),
        category=preview.category, product_model=_clean(draft.product_model),
        channel=draft.channel, purchase_date=draft.purchase_date,
        received_date=draft.received_date, installed_date=draft.installed_date,
        proof=draft.proof, fault_date=draft.fault_date, fault_part=draft.fault_part,
        respondent_outlet=preview.outlet,
        respondent_name=_clean(preview.outlet.name if preview.outlet else draft.respondent_name),
        respondent_address=_clean(preview.outlet.address if preview.outlet
                                  else draft.respondent_address),
        respondent_phone=_clean(draft.respondent_phone),
        repair_outlet_name=_clean(draft.repair_outlet_name),
        repair_outlet_phone=_clean(draft.repair_outlet_phone),
        repair_outlet_phone_key=_phone_key(draft.repair_outlet_phone),
        repair_outlet_address=_clean(draft.repair_outlet_address),
        repair_outlet_listing=_clean(draft.repair_outlet_listing),
        repair_charges=[{"item": _clean(item), "amount_yuan": str(amount)}
                        for item, amount in draft.repair_charges],
        facts=draft.facts.strip(), request=draft.request.strip(),
        assessment=preview.assessment,
        assessment_rule_set=preview.rule_set if preview.assessment is not None else "",
        jurisdiction=jurisdiction.division, jurisdiction_source=jurisdiction.source,
        jurisdiction_note=jurisdiction.note,
        respondent_manufacturer=answering_manufacturer(preview),
        skip_business=draft.skip_business, vulnerable=consumer_vulnerable(preview))


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def _phone_key(text: str) -> str:
    try:
        return normalize_phone(text).key if text else ""
    except PhoneError:
        return ""


@removes_written_files_on_error
@transaction.atomic
def evidence_add(*, complaint: Complaint, upload: Upload, at: datetime,
                 actor: Actor = CONSUMER) -> Evidence:
    """Store one evidence file after checking its content (JPEG, PNG, WebP, GIF or PDF by magic
    bytes and Pillow's verify, never by name), its size (settings.EVIDENCE_MAX_BYTES) and the
    complaint's count (settings.EVIDENCE_MAX_FILES); images are stored re-encoded without
    metadata, PDFs with scripts, actions, embedded files or encryption are refused
    (filing_evidence.evidence_prepare). InvalidInput on `file`/`kind`; Conflict
    when the complaint is closed. The file is removed if the transaction rolls back here."""
    if upload.kind not in Evidence.Kind.values:
        raise InvalidInput([{"field": "kind", "reason": _("Unknown kind of evidence.")}])
    locked = _locked(complaint)
    record(locked, checked(locked, workflow.ADD_EVIDENCE, actor), workflow.ADD_EVIDENCE, actor,
           at, note=upload.kind)
    return _evidence_store(locked, upload, locked.evidence.count(), actor, at)


def _evidence_store(complaint: Complaint, upload: Upload, count: int, actor: Actor,
                    at: datetime) -> Evidence:
    """Check and write one file and its row; `count`: the files the complaint holds already."""
    if upload.kind not in Evidence.Kind.values:
        raise InvalidInput([{"field": "kind", "reason": _("Unknown kind of evidence.")}])
    if count >= settings.EVIDENCE_MAX_FILES:
        raise InvalidInput([{"field": "file", "reason": _(
            "A complaint can hold at most %(n)d files.") % {"n": settings.EVIDENCE_MAX_FILES}}])
    prepared = evidence_prepare(upload.file, limit=settings.EVIDENCE_MAX_BYTES)
    stored_name = new_stored_name(prepared.sniffed.extension)
    file_write_atomically(stored_name, prepared.data)
    return Evidence.objects.create(
        complaint=complaint, kind=upload.kind, stored_name=stored_name,
        original_name=prepared.display_name, content_type=prepared.sniffed.content_type,
        size_bytes=len(prepared.data), sha256=sha256_hex(prepared.data), uploaded_at=at,
        uploaded_by=actor.label)


@removes_written_files_on_error
@transaction.atomic
def evidence_add_all(*, complaint: Complaint, uploads: tuple[Upload, ...], at: datetime,
                     actor: Actor = CONSUMER) -> list[Evidence]:
    """Several files at once, all or none (see evidence_add)."""
    if not uploads:
        raise InvalidInput([{"field": "file", "reason": _("Please choose a file.")}])
    return [evidence_add(complaint=complaint, upload=upload, at=at, actor=actor)
            for upload in uploads]


