"""The manufacturer API: bulk upsert, CSV import, listing, state changes, isolation."""

from __future__ import annotations

import pytest

from service_net.models import Authorization, ChangeRecord, Outlet, OutletPhone

pytestmark = pytest.mark.django_db

URL = "/api/v1/manufacturer/outlets"


def errors_of(response) -> list[tuple]:
    return [(e.get("index"), e["field"]) for e in response.json()["data"]["errors"]]


def test_request_without_key_is_refused(api, manufacturer_admin):
    assert api.get(URL).status_code == 401
    assert api.get(URL, key="sbk_not-a-key").status_code == 401


def test_bulk_upsert_creates_then_same_batch_changes_nothing(api, manufacturer_admin, row):
    _, key = manufacturer_admin
    batch = [row(1), row(2, phones=["+86 139 1234 5678", "400-800-1234"])]
    first = api.put(URL, batch, key=key)
    assert first.status_code == 200, first.json()
    assert first.json() == {"created": 2, "updated": 0, "unchanged": 0, "dry_run": False}
    records = ChangeRecord.objects.count()
    second = api.put(URL, batch, key=key)
    assert second.json() == {"created": 0, "updated": 0, "unchanged": 2, "dry_run": False}
    assert ChangeRecord.objects.count() == records
    assert set(OutletPhone.objects.values_list("number", flat=True)) == {
        "09356600001", "13912345678", "4008001234"}


def test_changed_row_is_updated_and_audited_with_before_and_after(api, manufacturer_admin, row):
    _, key = manufacturer_admin
    api.put(URL, [row(1)], key=key)
    response = api.put(URL, [row(1, name="改名后的网点", valid_to="2031-06-30")], key=key)
    assert response.json()["updated"] == 1
    outlet = Outlet.objects.get(name="改名后的网点")
    update = ChangeRecord.objects.get(entity="outlet", entity_id=outlet.id,
                                      action="service_net.outlet.update")
    assert update.before["name"] == "测试维修网点1"
    assert update.after["name"] == "改名后的网点"
    assert update.actor.startswith("manufacturer:")
    auth = Authorization.objects.get(outlet=outlet)
    assert str(auth.valid_to) == "2031-06-30"


def test_gcj02_input_is_stored_as_wgs84(api, manufacturer_admin, row):
    _, key = manufacturer_admin
    api.put(URL, [row(1, lat=37.93, lon=102.64, coord_system="gcj02")], key=key)
    outlet = Outlet.objects.get()
    # GCJ-02 is shifted ~150 m east and ~30 m north of WGS-84 near Wuwei.
    assert 0.0005 < 102.64 - outlet.lon < 0.003
    assert 0 < 37.93 - outlet.lat < 0.001


BAD_ROWS = [
    pytest.param({"categories": ["refrigerator", "toaster"]}, "categories", id="unknown-category"),
    pytest.param({"phones": ["12345"]}, "phones", id="malformed-phone"),
    pytest.param({"uscc": "91350100M000100Y44"}, "uscc", id="uscc-bad-check-char-GB32100"),
    pytest.param({"lat": 48.85, "lon": 2.35}, "lon", id="outside-china"),
    pytest.param({"lat": 102.63, "lon": 37.92}, "lat", id="lat-lon-swapped"),
    pytest.param({"valid_from": "2026-01-01", "valid_to": "2025-01-01"}, "valid_to",
                 id="valid-to-before-from"),
    pytest.param({"division_code": "999999"}, "division_code", id="unknown-division"),
    pytest.param({"coord_system": "mercator"}, "coord_system", id="unknown-coord-system"),
    pytest.param({"valid_from": "01/02/2025"}, "valid_from", id="date-not-iso"),
]


@pytest.mark.parametrize("change, field", BAD_ROWS)
def test_bad_row_is_refused_naming_index_and_field_and_nothing_is_written(
        api, manufacturer_admin, row, change, field):
    _, key = manufacturer_admin
    response = api.put(URL, [row(1), row(2, **change)], key=key)
    assert response.status_code == 422
    assert (1, field) in errors_of(response)
    assert not Outlet.objects.exists()


def test_every_error_of_the_batch_is_listed(api, manufacturer_admin, row):
    _, key = manufacturer_admin
    batch = [row(1, phones=["abc"]), row(2), row(3, categories=["toaster"], uscc="123")]
    response = api.put(URL, batch, key=key)
    assert response.status_code == 422
    assert sorted(errors_of(response)) == [(0, "phones"), (2, "categories"), (2, "uscc")]


def test_duplicate_external_id_in_one_batch_is_refused(api, manufacturer_admin, row):
    _, key = manufacturer_admin
    response = api.put(URL, [row(1), row(2, external_id="EXT-1")], key=key)
    assert response.status_code == 422
    assert errors_of(response) == [(1, "external_id")]
    assert "index 0" in response.json()["data"]["errors"][0]["reason"]


def test_body_that_is_not_a_list_is_refused(api, manufacturer_admin):
    _, key = manufacturer_admin
    assert api.put(URL, {"external_id": "x"}, key=key).status_code == 422


def test_dry_run_counts_without_writing(api, manufacturer_admin, row):
    _, key = manufacturer_admin
    response = api.put(URL + "?dry_run=true", [row(1), row(2)], key=key)
    assert response.json() == {"created": 2, "updated": 0, "unchanged": 0, "dry_run": True}
    assert not Outlet.objects.exists()
    assert not ChangeRecord.objects.exclude(entity="api_key").exists()  # only the key's creation


def test_list_own_outlets_with_filters_and_authorizations(api, manufacturer_admin, row):
    _, key = manufacturer_admin
    api.put(URL, [row(1), row(2, categories=["mobile_phone"], external_id="PHONE-1")], key=key)
    everything = api.get(URL, key=key).json()
    assert everything["count"] == 2
    item = everything["items"][0]
    assert item["external_id"] == "EXT-1"
    assert item["authorizations"][0]["brand"] == "品牌甲"
    assert item["authorizations"][0]["state"] == "ACTIVE"
    phones_only = api.get(URL, {"category": "mobile_phone"}, key=key).json()
    assert [o["external_id"] for o in phones_only["items"]] == ["PHONE-1"]
    by_id = api.get(URL, {"external_id": "EXT-1"}, key=key).json()
    assert by_id["count"] == 1
    in_county = api.get(URL, {"division": "620602"}, key=key).json()
    assert in_county["count"] == 2
    elsewhere = api.get(URL, {"division": "620621"}, key=key).json()
    assert elsewhere["count"] == 0
    page = api.get(URL, {"limit": 1, "offset": 1}, key=key).json()
    assert page["count"] == 2 and len(page["items"]) == 1


def test_list_query_count_does_not_grow_with_outlets(api, manufacturer_admin, row,
                                                      django_assert_max_num_queries):
    _, key = manufacturer_admin
    api.put(URL, [row(n) for n in range(1, 31)], key=key)
    with django_assert_max_num_queries(10):
        response = api.get(URL, {"limit": 30}, key=key)
    assert len(response.json()["items"]) == 30


def _authorization_id(api, key) -> int:
    return api.get(URL, key=key).json()["items"][0]["authorizations"][0]["id"]


def test_suspend_reinstate_revoke_are_recorded_with_reason(api, manufacturer_admin, row):
    _, key = manufacturer_admin
    api.put(URL, [row(1)], key=key)
    auth_id = _authorization_id(api, key)
    base = f"/api/v1/manufacturer/authorizations/{auth_id}"
    suspended = api.post(base + "/suspend", {"reason": "整改中"}, key=key)
    assert suspended.status_code == 200 and suspended.json()["state"] == "SUSPENDED"
    assert api.post(base + "/reinstate", {"reason": "整改完成"}, key=key).json()["state"] == "ACTIVE"
    assert api.post(base + "/revoke", {"reason": "合同终止"}, key=key).json()["state"] == "REVOKED"
    history = api.get(base + "/history", key=key).json()
    assert [h["action"] for h in history] == [
        "service_net.authorization.create", "service_net.authorization.suspend",
        "service_net.authorization.reinstate", "service_net.authorization.revoke"]
    assert history[-1]["reason"] == "合同终止"
    assert history[-1]["before"]["state"] == "ACTIVE"


def test_state_change_needs_a_reason_and_a_legal_transition(api, manufacturer_admin, row):
    _, key = manufacturer_admin
    api.put(URL, [row(1)], key=key)
    base = f"/api/v1/manufacturer/authorizations/{_authorization_id(api, key)}"
    missing = api.post(base + "/suspend", {"reason": "  "}, key=key)
    assert missing.status_code == 422
    assert missing.json()["data"]["errors"][0]["field"] == "reason"
    assert api.post(base + "/reinstate", {"reason": "x"}, key=key).status_code == 409
    assert api.post("/api/v1/manufacturer/authorizations/999999/revoke", {"reason": "x"},
                    key=key).status_code == 404


def test_manufacturer_b_cannot_touch_a_shared_outlets_authorization_of_a(
        api, manufacturer_admin, other_manufacturer, row):
    _, key_a = manufacturer_admin
    _, key_b = other_manufacturer
    shared = {"uscc": "91350100M000100Y43"}
    api.put(URL, [row(1, **shared)], key=key_a)
    api.put(URL, [row(1, external_id="B-77", **shared)], key=key_b)
    assert Outlet.objects.count() == 1  # one outlet, authorized by both brands
    auth_a = _authorization_id(api, key_a)
    refused = api.post(f"/api/v1/manufacturer/authorizations/{auth_a}/revoke",
                       {"reason": "not mine"}, key=key_b)
    assert refused.status_code == 403
    assert api.get(f"/api/v1/manufacturer/authorizations/{auth_a}/history",
                   key=key_b).status_code == 404
    auth_b = _authorization_id(api, key_b)
    api.post(f"/api/v1/manufacturer/authorizations/{auth_b}/revoke", {"reason": "终止"}, key=key_b)
    states = dict(Authorization.objects.values_list("brand__name", "state"))
    assert states == {"品牌甲": "ACTIVE", "品牌乙": "REVOKED"}
    assert [o["external_id"] for o in api.get(URL, key=key_b).json()["items"]] == ["B-77"]


def test_upsert_of_brand_b_does_not_list_brand_a_authorizations(
        api, manufacturer_admin, other_manufacturer, row):
    _, key_a = manufacturer_admin
    _, key_b = other_manufacturer
    api.put(URL, [row(1, uscc="91350100M000100Y43")], key=key_a)
    api.put(URL, [row(1, uscc="91350100M000100Y43")], key=key_b)
    items = api.get(URL, key=key_b).json()["items"]
    assert [a["brand"] for a in items[0]["authorizations"]] == ["品牌乙"]


def test_foreign_brand_in_a_row_is_refused(api, manufacturer_admin, other_manufacturer, row):
    _, key_a = manufacturer_admin
    response = api.put(URL, [row(1, brands=["品牌乙"])], key=key_a)
    assert response.status_code == 422
    assert errors_of(response) == [(0, "brands")]


def test_credit_code_of_another_outlet_is_refused(api, manufacturer_admin, row):
    _, key = manufacturer_admin
    api.put(URL, [row(1, uscc="91350100M000100Y43"), row(2)], key=key)
    response = api.put(URL, [row(2, uscc="91350100M000100Y43")], key=key)
    assert response.status_code == 422
    assert errors_of(response) == [(0, "uscc")]


def test_outlet_history_is_visible_to_its_manufacturer_only(
        api, manufacturer_admin, other_manufacturer, row):
    _, key_a = manufacturer_admin
    _, key_b = other_manufacturer
    api.put(URL, [row(1)], key=key_a)
    outlet_id = Outlet.objects.get().id
    history = api.get(f"{URL}/{outlet_id}/history", key=key_a).json()
    assert history[0]["action"] == "service_net.outlet.create"
    assert history[0]["after"]["name"] == "测试维修网点1"
    assert api.get(f"{URL}/{outlet_id}/history", key=key_b).status_code == 404


def test_second_brand_listing_a_shared_outlet_adds_only_its_authorization(
        api, manufacturer_admin, other_manufacturer, row):
    _, key_a = manufacturer_admin
    _, key_b = other_manufacturer
    shared = row(1, uscc="91350100M000100Y43")
    api.put(URL, [shared], key=key_a)
    phone_ids = set(OutletPhone.objects.values_list("id", flat=True))
    response = api.put(URL, [{**shared, "external_id": "B-1"}], key=key_b)
    assert response.json()["updated"] == 1
    assert set(OutletPhone.objects.values_list("id", flat=True)) == phone_ids
    assert Authorization.objects.count() == 2


def test_outlet_already_listed_under_another_external_id_is_refused(api, manufacturer_admin, row):
    _, key = manufacturer_admin
    api.put(URL, [row(1, uscc="91350100M000100Y43")], key=key)
    response = api.put(URL, [row(1, external_id="EXT-NEW", uscc="91350100M000100Y43")], key=key)
    assert response.status_code == 422
    assert errors_of(response) == [(0, "external_id")]
    assert "EXT-1" in response.json()["data"]["errors"][0]["reason"]
