"""Public verification and nearest-outlet search."""

from __future__ import annotations

import pytest

from service_net.models import Authorization

pytestmark = pytest.mark.django_db

PUT = "/api/v1/manufacturer/outlets"
VERIFY = "/api/v1/outlets/verify"
NEAREST = "/api/v1/outlets/nearest"


@pytest.fixture
def network(api, manufacturer_admin, other_manufacturer, row):
    """品牌甲 outlets 1-3 (outlet 3 for mobile phones only), 品牌乙 outlet 9, a shared outlet 5."""
    _, key_a = manufacturer_admin
    _, key_b = other_manufacturer
    shared = {"uscc": "91350100M000100Y43"}
    assert api.put(PUT, [row(1), row(2), row(3, categories=["mobile_phone"]), row(5, **shared)],
                   key=key_a).status_code == 200
    assert api.put(PUT, [row(9, phones=["400-800-9999"]), row(5, **shared)],
                   key=key_b).status_code == 200
    return key_a, key_b


@pytest.mark.parametrize("typed", [
    "0935-6600001", "+86 935 660 0001", "9356600001", "(0935)6600001", "0086 0935 6600001"])
def test_number_typed_any_common_way_is_authorized(api, network, typed):
    response = api.get(VERIFY, {"phone": typed, "brand": "品牌甲"})
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "authorized"
    assert body["query"] == {"phone": "09356600001"}
    assert [o["name"] for o in body["outlets"]] == ["测试维修网点1"]
    assert body["nearby"] == []


def test_number_of_an_outlet_of_another_brand_is_not_authorized(api, network):
    body = api.get(VERIFY, {"phone": "400 800 9999", "brand": "品牌甲"}).json()
    assert body["verdict"] == "not_authorized"
    assert [o["name"] for o in body["outlets"]] == ["测试维修网点9"]
    assert body["nearby"], "the brand's real outlets nearby are listed"
    assert all(any(a["brand"] == "品牌甲" for a in o["authorizations"]) for o in body["nearby"])
    assert body["nearby"] == sorted(body["nearby"], key=lambda o: o["distance_km"])


def test_wrong_category_is_not_authorized(api, network):
    body = api.get(VERIFY, {"phone": "0935-6600003", "brand": "品牌甲",
                            "category": "refrigerator"}).json()
    assert body["verdict"] == "not_authorized"
    assert "category" in body["detail"]


@pytest.mark.parametrize("action, status", [("suspend", "SUSPENDED"), ("revoke", "REVOKED")])
def test_suspended_or_revoked_number_is_inactive_with_since(api, network, today, action, status):
    key_a, _ = network
    auth = Authorization.objects.get(outlet__name="测试维修网点1")
    api.post(f"/api/v1/manufacturer/authorizations/{auth.id}/{action}", {"reason": "测试"},
             key=key_a)
    body = api.get(VERIFY, {"phone": "0935-6600001", "brand": "品牌甲"}).json()
    assert body["verdict"] == "inactive"
    assert body["status"] == status
    assert body["status_since"] == today.isoformat()
    assert "测试维修网点1" not in [o["name"] for o in body["nearby"]]


def test_expired_authorization_is_inactive_from_the_day_after_valid_to(api, manufacturer_admin,
                                                                       row):
    _, key = manufacturer_admin
    api.put(PUT, [row(1, valid_from="2024-01-01", valid_to="2025-06-30")], key=key)
    body = api.get(VERIFY, {"phone": "0935-6600001", "brand": "品牌甲"}).json()
    assert (body["verdict"], body["status"], body["status_since"]) == (
        "inactive", "EXPIRED", "2025-07-01")


def test_unknown_number_is_unknown_and_nearby_needs_a_place(api, network):
    body = api.get(VERIFY, {"phone": "0935-1234567", "brand": "品牌甲"}).json()
    assert body["verdict"] == "unknown" and body["outlets"] == [] and body["nearby"] == []
    near = api.get(VERIFY, {"phone": "0935-1234567", "brand": "品牌甲",
                            "division": "620602"}).json()
    assert near["nearby"] and all(
        any(a["brand"] == "品牌甲" for a in o["authorizations"]) for o in near["nearby"])


def test_brand_alias_and_english_name_are_understood(api, network):
    from service_net.models import Brand, BrandAlias

    BrandAlias.objects.create(brand=Brand.objects.get(name="品牌甲"), alias="brand-a")
    body = api.get(VERIFY, {"phone": "0935-6600001", "brand": "Brand-A"}).json()
    assert body["verdict"] == "authorized"


def test_search_by_certificate_and_by_name(api, manufacturer_admin, row):
    _, key = manufacturer_admin
    api.put(PUT, [row(1, certificate_no="CERT-0001"), row(2)], key=key)
    by_cert = api.get(VERIFY, {"certificate": "CERT-0001", "brand": "品牌甲"}).json()
    assert by_cert["verdict"] == "authorized"
    assert [o["name"] for o in by_cert["outlets"]] == ["测试维修网点1"]
    by_name = api.get(VERIFY, {"name": "维修网点"}).json()
    assert len(by_name["outlets"]) == 2


@pytest.mark.parametrize("params, field", [
    ({"phone": "not a phone"}, "phone"),
    ({}, "phone"),
    ({"phone": "0935-6600001", "brand": "诺基亚"}, "brand"),
    ({"phone": "0935-6600001", "category": "toaster"}, "category"),
])
def test_bad_verify_input_is_422_naming_the_field(api, network, params, field):
    response = api.get(VERIFY, params)
    assert response.status_code == 422
    assert response.json()["data"]["errors"][0]["field"] == field


def test_nearest_is_sorted_by_geodesic_distance_with_home_visit_reach(api, manufacturer_admin,
                                                                      row):
    _, key = manufacturer_admin
    rows = [row(n, lat=37.90 + n * 0.02, lon=102.60,
                service_modes={"home_visit_radius_km": 3}) for n in range(1, 6)]
    api.put(PUT, rows, key=key)
    body = api.get(NEAREST, {"lat": 37.92, "lon": 102.60, "brand": "品牌甲", "limit": 3}).json()
    assert [o["name"] for o in body] == ["测试维修网点1", "测试维修网点2", "测试维修网点3"]
    assert body[0]["distance_km"] == pytest.approx(0.0, abs=0.01)
    assert body[1]["distance_km"] == pytest.approx(2.22, abs=0.02)  # 0.02° of latitude
    assert [o["home_visit_reaches"] for o in body] == [True, True, False]


def test_nearest_filters_brand_and_category_and_lists_shared_outlet_once(api, network):
    everything = api.get(NEAREST, {"lat": 37.92, "lon": 102.63, "limit": 50}).json()
    names = [o["name"] for o in everything]
    assert len(names) == len(set(names)) == 5
    brand_b = api.get(NEAREST, {"lat": 37.92, "lon": 102.63, "brand": "品牌乙"}).json()
    assert sorted(o["name"] for o in brand_b) == ["测试维修网点5", "测试维修网点9"]
    phones = api.get(NEAREST, {"lat": 37.92, "lon": 102.63, "category": "mobile_phone"}).json()
    assert [o["name"] for o in phones] == ["测试维修网点3"]


def test_nearest_by_division_and_index_follows_revocation(api, network):
    key_a, _ = network
    first = api.get(NEAREST, {"division": "620602", "brand": "品牌甲", "limit": 1}).json()[0]
    auth = Authorization.objects.get(outlet_id=first["id"], brand__name="品牌甲")
    api.post(f"/api/v1/manufacturer/authorizations/{auth.id}/revoke", {"reason": "x"}, key=key_a)
    after = api.get(NEAREST, {"division": "620602", "brand": "品牌甲"}).json()
    assert first["id"] not in [o["id"] for o in after]


@pytest.mark.parametrize("params, field", [
    ({"lat": 37.9}, "lat"),
    ({"lat": "north", "lon": 102.6}, "lat"),
    ({"lat": 37.9, "lon": 102.6, "limit": 0}, "limit"),
    ({"division": "999999"}, "division"),
    ({"lat": 37.9, "lon": 102.6, "brand": "诺基亚"}, "brand"),
])
def test_bad_nearest_input_is_422_naming_the_field(api, network, params, field):
    response = api.get(NEAREST, params)
    assert response.status_code == 422
    assert response.json()["data"]["errors"][0]["field"] == field


def test_openapi_docs_are_served_offline(client):
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/outlets/verify" in schema["paths"]
    assert "put" in schema["paths"]["/api/v1/manufacturer/outlets"]
