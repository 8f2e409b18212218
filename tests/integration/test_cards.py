"""The outlet card (read model) always equals what the tables say."""

from __future__ import annotations

import pytest

from service_net.models import Authorization, Outlet
from service_net.services.cards import build_cards

pytestmark = pytest.mark.django_db

URL = "/api/v1/manufacturer/outlets"


def assert_cards_match_tables():
    stored = dict(Outlet.objects.values_list("id", "card"))
    assert stored == build_cards(sorted(stored))


def test_cards_follow_every_write(api, manufacturer_admin, other_manufacturer, row):
    _, key_a = manufacturer_admin
    _, key_b = other_manufacturer
    shared = {"uscc": "91350100M000100Y43"}
    api.put(URL, [row(1, **shared, price_list=[{"item": "上门费", "price": 30}]), row(2)], key=key_a)
    assert_cards_match_tables()
    api.put(URL, [row(1, external_id="B-1", **shared, categories=["tv_flat_panel"])], key=key_b)
    assert_cards_match_tables()
    auth = Authorization.objects.get(brand__name="品牌甲", outlet__uscc=shared["uscc"])
    api.post(f"/api/v1/manufacturer/authorizations/{auth.id}/suspend", {"reason": "x"}, key=key_a)
    assert_cards_match_tables()
    api.put(URL, [row(2, phones=["13912345678"], name="新名字",
                      service_modes={"home_visit_radius_km": 12.5})], key=key_a)
    assert_cards_match_tables()
    card = Outlet.objects.get(name="新名字").card
    assert card["phones"] == [{"number": "13912345678", "kind": "mobile"}]
    assert card["service_modes"]["home_visit_radius_km"] == 12.5
    shared_card = Outlet.objects.get(uscc=shared["uscc"]).card
    assert {a["brand"]: a["state"] for a in shared_card["authorizations"]} == {
        "品牌甲": "SUSPENDED", "品牌乙": "ACTIVE"}
    assert shared_card["price_list"][0]["posted_by"] == "测试电器A"
