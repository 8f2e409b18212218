"""Who sees a complaint: its consumer (session after number + phone), staff with jurisdiction
(county regulator, the city regulator over it, admins) — and personal data masked elsewhere."""

from __future__ import annotations

import pytest
from django.utils import timezone

from complaints.models import Complaint
from complaints.selectors import complaints_visible_to
from complaints.services import Upload, complaint_file
from tests.conftest import REGULATOR_PASSWORD
from tests.integration.filing_support import (  # noqa: F401
    CONSUMER_NAME,
    CONSUMER_PHONE,
    draft,
    entitlement_tables,
    evidence_root,
    png_bytes,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]


@pytest.fixture
def liangzhou_case() -> Complaint:
    """A complaint against a business in 凉州区, with one photo."""
    return complaint_file(
        draft=draft(respondent_address="甘肃省武威市凉州区西大街街道南关路8号"),
        uploads=(Upload(upload("nameplate.png", png_bytes()), "nameplate"),), at=timezone.now())


@pytest.fixture
def minqin_case() -> Complaint:
    return complaint_file(draft=draft(), at=timezone.now())


def login(client, profile):
    assert client.login(username=profile.user.username, password=REGULATOR_PASSWORD)


def test_each_regulator_sees_only_complaints_of_its_division(
        liangzhou_case, minqin_case, county_regulator, other_regulator, city_regulator, outsider,
        admin_user):
    def visible(user):
        return set(complaints_visible_to(user).values_list("tracking_number", flat=True))

    both = {liangzhou_case.tracking_number, minqin_case.tracking_number}
    assert visible(county_regulator.user) == {liangzhou_case.tracking_number}
    assert visible(other_regulator.user) == {minqin_case.tracking_number}
    assert visible(city_regulator.user) == both
    assert visible(admin_user) == both
    assert visible(outsider) == set()


def test_the_back_office_list_masks_personal_data(client, liangzhou_case, county_regulator):
    login(client, county_regulator)
    page = client.get("/admin/complaints/complaint/")
    assert page.status_code == 200
    html = page.content.decode()
    assert liangzhou_case.tracking_number in html
    assert "138****2345" in html and "张*三" in html and "凉州区***" in html
    assert CONSUMER_PHONE not in html and CONSUMER_NAME not in html and "文庙路" not in html


def test_the_competent_regulator_opens_the_complaint_in_full_read_only(
        client, liangzhou_case, county_regulator):
    login(client, county_regulator)
    url = f"/admin/complaints/complaint/{liangzhou_case.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert CONSUMER_PHONE in page.content.decode() and "nameplate.png" in page.content.decode()
    assert b'name="consumer_name"' not in page.content, "no editable field"
    assert client.post(url, {"consumer_name": "x"}).status_code == 403


def test_another_countys_regulator_cannot_open_it(client, liangzhou_case, other_regulator):
    login(client, other_regulator)
    page = client.get(f"/admin/complaints/complaint/{liangzhou_case.pk}/change/")
    assert page.status_code in (302, 404)
    listing = client.get("/admin/complaints/complaint/").content.decode()
    assert liangzhou_case.tracking_number not in listing


def test_an_account_without_a_role_sees_no_complaints_in_the_back_office(client, outsider,
                                                                          liangzhou_case):
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    assert client.get("/admin/complaints/complaint/").status_code == 403


def evidence_url(complaint) -> str:
    evidence = complaint.evidence.get()
    return f"/complaints/case/{complaint.tracking_number}/evidence/{evidence.id}/"


def open_as_consumer(client, complaint, phone=CONSUMER_PHONE):
    return client.post("/complaints/track/", {"tracking": complaint.tracking_number,
                                               "phone": phone})


def test_the_consumer_downloads_evidence_after_number_and_phone(client, liangzhou_case):
    assert client.get(evidence_url(liangzhou_case)).status_code == 404
    response = open_as_consumer(client, liangzhou_case, phone="+86 138 9351 2345")
    assert response.status_code == 302
    download = client.get(evidence_url(liangzhou_case))
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == png_bytes()


def test_a_wrong_phone_opens_nothing(client, liangzhou_case):
    response = open_as_consumer(client, liangzhou_case, phone="13900000000")
    assert response.status_code == 404
    assert 'id="not-found"' in response.content.decode()
    assert client.get(f"/complaints/case/{liangzhou_case.tracking_number}/").status_code == 302
    assert client.get(evidence_url(liangzhou_case)).status_code == 404


def test_regulators_download_evidence_only_with_jurisdiction(client, liangzhou_case,
                                                             county_regulator, other_regulator,
                                                             city_regulator):
    for profile, status in ((other_regulator, 404), (county_regulator, 200), (city_regulator, 200)):
        client.logout()
        login(client, profile)
        assert client.get(evidence_url(liangzhou_case)).status_code == status, profile


def test_the_case_page_shows_status_and_history_and_takes_a_withdrawal(client, liangzhou_case):
    open_as_consumer(client, liangzhou_case)
    url = f"/complaints/case/{liangzhou_case.tracking_number}/"
    page = client.get(url).content.decode()
    assert 'data-status="WITH_REGULATOR"' in page and 'data-action="submit"' in page
    client.post(url + "withdraw/", {"reason": "已协商解决"})
    liangzhou_case.refresh_from_db()
    assert liangzhou_case.status == "WITHDRAWN"
    page = client.get(url).content.decode()
    assert 'data-action="withdraw"' in page and "已协商解决" in page
    assert 'id="add-information"' not in page


def test_another_browser_cannot_act_on_the_case(client, liangzhou_case):
    url = f"/complaints/case/{liangzhou_case.tracking_number}/withdraw/"
    response = client.post(url, {"reason": "恶意撤回"})
    assert response.status_code == 302 and "/complaints/track/" in response["Location"]
    assert Complaint.objects.get(pk=liangzhou_case.pk).status == "WITH_REGULATOR"


def test_staff_see_the_case_page_read_only(client, liangzhou_case, county_regulator):
    login(client, county_regulator)
    page = client.get(f"/complaints/case/{liangzhou_case.tracking_number}/",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "138 9351 2345" in page and 'id="withdraw"' not in page
    assert "the consumer" in page and "you (the consumer)" not in page
