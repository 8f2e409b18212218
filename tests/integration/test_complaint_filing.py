"""Filing a complaint on real PostgreSQL: jurisdiction, atomicity, evidence, events, logs."""

from __future__ import annotations

import hashlib
import logging

import pytest
from django.utils import timezone

from complaints.models import Complaint, ComplaintEvent, Evidence, ReportPart
from complaints.services import (
    Upload,
    complaint_add_information,
    complaint_confirm_outcome,
    complaint_file,
    complaint_withdraw,
    evidence_add,
)
from config.errors import Conflict, InvalidInput
from tests.integration.filing_support import (  # noqa: F401
    CONSUMER_NAME,
    CONSUMER_PHONE,
    GULANG,
    LIANGZHOU,
    MINQIN,
    PDF_BYTES,
    PHP_BYTES,
    draft,
    entitlement_tables,
    evidence_root,
    jpeg_bytes,
    png_bytes,
    stored_files,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]


def file(**overrides) -> Complaint:
    uploads = overrides.pop("uploads", ())
    return complaint_file(draft=draft(**overrides), uploads=uploads, at=timezone.now())


def error_fields(exc) -> list[str]:
    return [e["field"] for e in exc.value.data["errors"]]


@pytest.fixture
def gulang_outlet(api, manufacturer_admin, row):
    """A registry outlet of 品牌甲 in 古浪县 (the consumer lives in 凉州区)."""
    from service_net.models import Outlet

    _, key = manufacturer_admin
    response = api.put("/api/v1/manufacturer/outlets", [row(
        1, name="古浪县品牌甲特约维修站", address="武威市古浪县古浪镇北街3号",
        division_code=GULANG, lat=37.47, lon=102.89)], key=key)
    assert response.status_code == 200, response.content
    return Outlet.objects.get(name="古浪县品牌甲特约维修站")


# --- jurisdiction (暂行办法 art. 10; domain.md §4) ---


def test_registry_outlet_gives_its_county_and_its_registered_name_and_address(gulang_outlet):
    complaint = file(respondent_outlet_id=gulang_outlet.id, respondent_name="",
                     respondent_address="")
    assert complaint.jurisdiction_id == GULANG
    assert complaint.jurisdiction_source == "respondent_registry"
    assert complaint.respondent_name == "古浪县品牌甲特约维修站"
    assert complaint.respondent_address == "武威市古浪县古浪镇北街3号"
    assert complaint.jurisdiction_note == ""


def test_registry_outlet_without_a_division_is_placed_by_its_point(api, manufacturer_admin, row):
    from service_net.models import Outlet

    _, key = manufacturer_admin
    outlet_row = row(2, name="民勤无区划网点", lat=38.62, lon=103.09)
    outlet_row.pop("division_code")
    api.put("/api/v1/manufacturer/outlets", [outlet_row], key=key)
    outlet = Outlet.objects.get(name="民勤无区划网点")
    outlet.division = None
    outlet.save(update_fields=["division"])
    complaint = file(respondent_outlet_id=outlet.id)
    assert (complaint.jurisdiction_id, complaint.jurisdiction_source) == (
        MINQIN, "respondent_registry")


def test_free_text_respondent_address_is_geocoded_to_its_county():
    complaint = file()
    assert complaint.jurisdiction_id == MINQIN
    assert complaint.jurisdiction_source == "respondent_address"
    assert complaint.consumer_county_id == LIANGZHOU


def test_unplaceable_respondent_falls_back_to_the_consumers_county_with_a_note():
    complaint = file(respondent_address="某某路18号门面房")
    assert complaint.jurisdiction_id == LIANGZHOU
    assert complaint.jurisdiction_source == "consumer_county"
    assert "consumer's county" in complaint.jurisdiction_note


def test_the_county_chosen_on_the_form_places_a_vague_consumer_address():
    complaint = file(respondent_address="某某路18号门面房", consumer_address="幸福小区5号楼2单元",
                     consumer_county="620623")
    assert (complaint.jurisdiction_id, complaint.jurisdiction_source) == (
        "620623000000", "consumer_county")


def test_nothing_placeable_is_refused_on_the_county_field_and_nothing_is_written():
    with pytest.raises(InvalidInput) as exc:
        file(respondent_address="某某路18号门面房", consumer_address="幸福小区5号楼2单元")
    assert error_fields(exc) == ["consumer_county"]
    assert Complaint.objects.count() == 0


# --- content, assessment, report part ---


def test_required_content_missing_names_every_field_and_writes_nothing():
    with pytest.raises(InvalidInput) as exc:
        file(consumer_name="", consumer_phone="12345", respondent_name="", respondent_address="",
             facts="坏了", request="")
    assert error_fields(exc) == ["consumer_name", "consumer_phone", "respondent_name",
                                 "respondent_address", "request", "facts"]
    assert Complaint.objects.count() == 0 and ComplaintEvent.objects.count() == 0


def test_text_longer_than_its_column_is_refused_on_its_field_and_writes_nothing():
    with pytest.raises(InvalidInput) as exc:
        file(consumer_name="张" * 65, brand="某" * 65, respondent_phone="0" * 33,
             repair_outlet_listing="x" * 513)
    assert error_fields(exc) == ["consumer_name", "brand", "respondent_phone",
                                 "repair_outlet_listing"]
    assert Complaint.objects.count() == 0


def test_a_registry_outlet_makes_the_typed_respondent_name_irrelevant(gulang_outlet):
    complaint = file(respondent_outlet_id=gulang_outlet.id, respondent_name="某" * 200)
    assert complaint.respondent_name == "古浪县品牌甲特约维修站"


def test_assessment_errors_come_back_on_the_forms_field_names():
    with pytest.raises(InvalidInput) as exc:
        file(fault_part="flux_capacitor")
    assert "fault_part" in error_fields(exc)


def test_the_assessment_shown_is_stored_with_its_rule_set():
    complaint = file()
    remedies = [r["remedy"] for r in complaint.assessment["remedies"]]
    assert "exchange" in remedies, complaint.assessment  # day 10: the exchange window
    assert complaint.assessment_rule_set == "national"


def test_without_purchase_facts_there_is_no_assessment_but_the_complaint_is_filed():
    complaint = file(category="", channel="", purchase_date=None, proof="")
    assert complaint.assessment is None and complaint.assessment_rule_set == ""


def test_phones_are_stored_normalized_and_the_repair_outlet_as_given():
    complaint = file(repair_outlet_name="海尔官方售后中心", repair_outlet_phone="400-888-1234",
                     repair_outlet_listing="百度广告 https://example.invalid/haier")
    assert complaint.consumer_phone == CONSUMER_PHONE
    assert complaint.repair_outlet_phone == "400-888-1234"
    assert complaint.repair_outlet_phone_key == "4008881234"
    assert complaint.repair_outlet_listing.startswith("百度广告")


def test_a_report_part_is_stored_apart_from_the_complaint():
    complaint = file(report_kind="fake_outlet", report_facts="自称官方售后，实际没有授权。",
                     report_real_name=True)
    part = ReportPart.objects.get(complaint=complaint)
    assert (part.kind, part.real_name) == ("fake_outlet", True)


def test_a_report_without_facts_is_refused():
    with pytest.raises(InvalidInput) as exc:
        file(report_kind="price_fraud", report_facts="")
    assert error_fields(exc) == ["report_facts"]


def test_a_tracking_number_already_taken_is_drawn_again():
    values = iter([5, 5, 6])
    first = complaint_file(draft=draft(), at=timezone.now(), randbits=lambda bits: next(values))
    second = complaint_file(draft=draft(), at=timezone.now(), randbits=lambda bits: next(values))
    assert first.tracking_number != second.tracking_number
    assert Complaint.objects.count() == 2


# --- events ---


def test_filing_writes_the_submit_and_the_routing_events_with_actor_and_time():
    complaint = file()
    submit, route = ComplaintEvent.objects.filter(complaint=complaint).order_by("id")
    assert (submit.action, submit.from_status, submit.to_status, submit.actor_kind) == (
        "complaints.complaint.submit", "", "SUBMITTED", "consumer")
    assert (route.action, route.from_status, route.to_status, route.actor_kind,
            route.reason_code) == ("complaints.complaint.route_to_regulator", "SUBMITTED",
                                   "WITH_REGULATOR", "system", "not_enrolled")
    assert submit.at == route.at == complaint.received_at


def test_withdrawing_changes_status_and_records_the_reason():
    complaint = file()
    complaint_withdraw(complaint=complaint, reason="已和商场协商解决", at=timezone.now())
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == ("WITHDRAWN", "withdrawn")
    assert complaint.closed_at is not None
    event = complaint.events.last()
    assert (event.action, event.from_status, event.to_status, event.note) == (
        "complaints.complaint.withdraw", "WITH_REGULATOR", "WITHDRAWN", "已和商场协商解决")


def test_a_withdrawn_complaint_takes_no_more_information_or_files():
    complaint = file()
    complaint_withdraw(complaint=complaint, reason="协商解决", at=timezone.now())
    with pytest.raises(Conflict) as refused:
        complaint_add_information(complaint=complaint, text="补充", at=timezone.now())
    assert refused.value.data["refusal"] == "complaint_closed"
    with pytest.raises(Conflict):
        evidence_add(complaint=complaint, upload=Upload(upload("a.png", png_bytes()), "photo"),
                     at=timezone.now())
    assert complaint.events.count() == 3


def test_information_is_added_as_an_event_and_an_empty_text_is_refused():
    complaint = file()
    complaint_add_information(complaint=complaint, text="维修单号 WX-2026-001", at=timezone.now())
    assert complaint.events.last().note == "维修单号 WX-2026-001"
    with pytest.raises(InvalidInput):
        complaint_add_information(complaint=complaint, text="  ", at=timezone.now())


def test_confirming_an_outcome_is_refused_until_one_is_proposed():
    complaint = file()
    with pytest.raises(Conflict) as refused:
        complaint_confirm_outcome(complaint=complaint, at=timezone.now())
    assert refused.value.data["refusal"] == "no_outcome_proposed"
    assert Complaint.objects.get(pk=complaint.pk).status == "WITH_REGULATOR"


# --- evidence: content sniffing, limits, storage ---


def add(complaint, name: str, data: bytes, kind: str = "photo"):
    return evidence_add(complaint=complaint, upload=Upload(upload(name, data), kind),
                        at=timezone.now())


def test_a_real_png_is_stored_under_a_random_name_with_its_hash():
    complaint = file()
    data = png_bytes()
    evidence = add(complaint, "发票.png", data, kind="invoice")
    assert (evidence.content_type, evidence.size_bytes) == ("image/png", len(data))
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.original_name == "发票.png" and "发票" not in evidence.stored_name
    [path] = stored_files()
    assert path.read_bytes() == data and path.name == evidence.stored_name


@pytest.mark.parametrize("name,data,content_type", [
    pytest.param("photo.png", jpeg_bytes(), "image/jpeg", id="jpeg-named-png-is-a-jpeg"),
    pytest.param("invoice", PDF_BYTES, "application/pdf", id="pdf-without-extension"),
])
def test_the_content_decides_the_type_not_the_name(name, data, content_type):
    assert add(file(), name, data).content_type == content_type


@pytest.mark.parametrize("name,data", [
    pytest.param("shell.jpg", PHP_BYTES, id="php-named-jpg"),
    pytest.param("cut.png", png_bytes()[:30], id="truncated-png"),
    pytest.param("fake.gif", b"GIF89a" + b"\x00" * 40, id="gif-magic-without-an-image"),
    pytest.param("page.html", b"<html><script>alert(1)</script></html>", id="html"),
])
def test_anything_but_a_real_image_or_pdf_is_refused(name, data):
    complaint = file()
    with pytest.raises(InvalidInput) as exc:
        add(complaint, name, data)
    assert error_fields(exc) == ["file"]
    assert Evidence.objects.count() == 0 and stored_files() == []


def test_ten_mb_is_accepted_and_one_byte_more_refused(settings):
    limit = settings.EVIDENCE_MAX_BYTES
    assert limit == 10 * 1024 * 1024
    image = png_bytes()
    complaint = file()
    exactly = add(complaint, "big.png", image + b"\x00" * (limit - len(image)))
    assert exactly.size_bytes == len(image), "accepted, and stored re-encoded: the padding is gone"
    with pytest.raises(InvalidInput) as exc:
        add(complaint, "bigger.png", image + b"\x00" * (limit + 1 - len(image)))
    assert "10 MB" in exc.value.data["errors"][0]["reason"]
    assert len(stored_files()) == 1


def test_the_eleventh_file_is_refused(settings):
    complaint = file()
    for n in range(settings.EVIDENCE_MAX_FILES):
        add(complaint, f"p{n}.png", png_bytes(color=(n, n, n)))
    with pytest.raises(InvalidInput) as exc:
        add(complaint, "p10.png", png_bytes())
    assert error_fields(exc) == ["file"]
    assert complaint.evidence.count() == 10 == len(stored_files())


def test_a_failure_after_the_complaint_row_leaves_no_row_and_no_file():
    """The second upload is refused after the complaint, its event and the first file exist."""
    uploads = (Upload(upload("invoice.png", png_bytes()), "invoice"),
               Upload(upload("shell.jpg", PHP_BYTES), "photo"))
    with pytest.raises(InvalidInput):
        file(uploads=uploads, report_kind="other", report_facts="另有违规线索需要举报。")
    assert Complaint.objects.count() == 0
    assert ComplaintEvent.objects.count() == ReportPart.objects.count() == 0
    assert Evidence.objects.count() == 0
    assert stored_files() == []


def test_filing_with_files_stores_them_and_an_event_each():
    complaint = file(uploads=(Upload(upload("a.png", png_bytes()), "invoice"),
                              Upload(upload("b.pdf", PDF_BYTES), "work_order")))
    assert sorted(complaint.evidence.values_list("kind", flat=True)) == ["invoice", "work_order"]
    assert [e.action for e in complaint.events.all()] == [
        "complaints.complaint.submit", "complaints.complaint.add_evidence",
        "complaints.complaint.add_evidence", "complaints.complaint.route_to_regulator"]
    assert len(stored_files()) == 2


# --- personal data never in logs ---


def test_filing_logs_the_case_but_never_the_phone_or_name(caplog):
    with caplog.at_level(logging.DEBUG):
        complaint = file(uploads=(Upload(upload("a.png", png_bytes()), "photo"),))
        complaint_withdraw(complaint=complaint, reason="协商解决", at=timezone.now())
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert complaint.tracking_number in text, "the filing is logged"
    for secret in (CONSUMER_PHONE, "138 9351 2345", "9351 2345", CONSUMER_NAME, "文庙路12号"):
        assert secret not in text
