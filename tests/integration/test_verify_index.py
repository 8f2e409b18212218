"""Verify answers from memory (registry_index + verify_index + standing warnings), and every write
is reflected by the next verify: the in-memory tables follow the versions they were built from."""

from __future__ import annotations

import pytest
from django.utils import timezone

from service_net import registry_index as versions_module
from service_net import selectors
from service_net.models import Authorization, Brand, BrandAlias
from tests.factories import make_manufacturer, outlet_row
from tests.integration import filing_support, fraud_support
from tests.integration.fraud_support import FAKE_KEY, FAKE_NUMBER, registry_load

# Shared fixtures, bound here so that pytest finds them.
entitlement_tables, evidence_root = filing_support.entitlement_tables, filing_support.evidence_root
fraud_registry, fake_suspect = fraud_support.fraud_registry, fraud_support.fake_suspect

pytestmark = pytest.mark.django_db


def verdict(phone: str, brand: str | None = None, **more) -> str:
    found = selectors.brand_resolve(brand) if brand else None
    return selectors.verify(phone=phone, brand=found, today=timezone.localdate(), **more).verdict.verdict


@pytest.fixture
def maker(gazetteer):
    manufacturer, _ = make_manufacturer("测试电器A", ["品牌甲"])
    registry_load(manufacturer, [outlet_row(1), outlet_row(2)])
    return manufacturer


def _change(maker, outlet_name: str, action: str) -> None:
    from service_net.services import authorization_change_state

    auth = Authorization.objects.get(outlet__name=outlet_name)
    authorization_change_state(authorization_id=auth.id, manufacturer=maker, action=action,
                               reason="测试", actor="test", at=timezone.now())


def test_a_new_authorization_is_seen_by_the_next_verify(maker):
    assert verdict("0935-6600003", "品牌甲") == "unknown"
    registry_load(maker, [outlet_row(3)])
    assert verdict("0935-6600003", "品牌甲") == "authorized"


def test_a_revoked_authorization_is_seen_by_the_next_verify(maker):
    assert verdict("0935-6600001", "品牌甲") == "authorized"
    _change(maker, "测试维修网点1", "revoke")
    assert verdict("0935-6600001", "品牌甲") == "inactive"
    _change(maker, "测试维修网点2", "suspend")
    assert verdict("0935-6600002", "品牌甲") == "inactive"


def test_a_certificate_added_later_is_found_and_its_card_is_the_stored_one(maker):
    from service_net.models import Outlet

    registry_load(maker, [outlet_row(1, certificate_no="CERT-0001")])
    found = selectors.verify(certificate=" CERT-0001 ", today=timezone.localdate())
    assert found.verdict.verdict == "authorized"
    assert found.outlets == [Outlet.objects.get(name="测试维修网点1").card]


def test_nearby_outlets_carry_the_stored_cards_in_distance_order(maker, other_manufacturer):
    from service_net.models import Outlet

    other, _ = other_manufacturer
    registry_load(other, [outlet_row(9, phones=["0935-6600009"])])
    found = selectors.verify(phone="0935-6600009", brand=Brand.objects.get(name="品牌甲"),
                             today=timezone.localdate())
    assert found.verdict.verdict == "not_authorized"
    stored = dict(Outlet.objects.values_list("id", "card"))
    assert [n.card for n in found.nearby] == [stored[n.card["id"]] for n in found.nearby]
    assert {n.card["name"] for n in found.nearby} == {"测试维修网点1", "测试维修网点2"}
    assert [n.distance_km for n in found.nearby] == sorted(n.distance_km for n in found.nearby)


def test_a_new_brand_alias_and_a_renamed_brand_are_understood_at_once(maker):
    assert selectors.brand_resolve("brand-a") is None
    BrandAlias.objects.create(brand=Brand.objects.get(name="品牌甲"), alias="brand-a")
    assert selectors.brand_resolve("Brand-A").name == "品牌甲"
    Brand.objects.filter(name="品牌甲").update(name_en="Alpha")  # no signal: the digest sees it
    assert selectors.brand_resolve("ALPHA").name == "品牌甲"


def test_a_registered_number_is_verified_with_one_query_the_version_check(
        maker, django_assert_num_queries):
    verdict("0935-6600001", "品牌甲")  # builds the tables
    brand = selectors.brand_resolve("品牌甲")
    with django_assert_num_queries(1):
        result = selectors.verify(phone="0935 6600001", brand=brand, today=timezone.localdate())
    assert result.verdict.verdict == "authorized"


@pytest.mark.usefixtures("evidence_root")
def test_a_published_then_withdrawn_warning_is_seen_by_the_next_verify(fake_suspect,
                                                                        county_regulator):
    from service_net.fraud import decisions

    assert verdict(FAKE_NUMBER) == "unknown"
    warning = decisions.warning_publish(suspect_id=fake_suspect.pk, user=county_regulator.user,
                                        text_zh="假冒官方售后的号码", at=timezone.now())
    result = selectors.verify(phone=FAKE_NUMBER, today=timezone.localdate())
    assert result.verdict.verdict == "warned"
    assert result.warning.pk == warning.pk and result.query == {"phone": FAKE_KEY}
    decisions.warning_withdraw(warning_id=warning.pk, user=county_regulator.user, reason="误报",
                               at=timezone.now())
    assert verdict(FAKE_NUMBER) == "unknown"


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_versions_are_read_once_per_interval(
        maker, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(versions_module, "VERSION_CHECK_S", 3600.0)
    monkeypatch.setattr(versions_module, "_checked", None)
    assert verdict("0935-6600001", "品牌甲") == "authorized"
    with django_assert_num_queries(0):
        assert verdict("0935-6600002", "品牌甲") == "authorized"


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_write_of_this_process_is_seen_at_once(
        maker, monkeypatch):
    monkeypatch.setattr(versions_module, "VERSION_CHECK_S", 3600.0)
    monkeypatch.setattr(versions_module, "_checked", None)
    assert selectors.brand_resolve("brand-a") is None
    BrandAlias.objects.create(brand=Brand.objects.get(name="品牌甲"), alias="brand-a")
    assert selectors.brand_resolve("brand-a").name == "品牌甲"


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_another_process_write_is_seen_after_the_interval(
        maker, monkeypatch):
    monkeypatch.setattr(versions_module, "VERSION_CHECK_S", 3600.0)
    monkeypatch.setattr(versions_module, "_checked", None)
    assert verdict("0935-6600001", "品牌甲") == "authorized"
    _change(maker, "测试维修网点1", "revoke")  # committed; registry writes send no signal
    assert verdict("0935-6600001", "品牌甲") == "authorized", "within the interval: cached"
    monkeypatch.setattr(versions_module, "VERSION_CHECK_S", 0.0)  # the interval has passed
    assert verdict("0935-6600001", "品牌甲") == "inactive"


def _shaped_equals_validated(result) -> None:
    import warnings

    from service_net import presenters
    from service_net.api import _verify_out
    from service_net.schemas import VerifyOut

    data = presenters.verification_dict(result, timezone.localdate())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pydantic warns when a value's type is not the field's
        fast = _verify_out(data).model_dump(mode="json")
    assert fast == VerifyOut.model_validate(data).model_dump(mode="json")


@pytest.mark.usefixtures("evidence_root")
def test_the_verify_response_built_without_validation_equals_the_validated_one(
        fake_suspect, county_regulator):
    from service_net.fraud import decisions

    maker_a = fake_suspect and Brand.objects.get(name="品牌甲").manufacturer
    registry_load(maker_a, [outlet_row(3, price_list=[
        {"item": "上门费", "price": 30}], service_modes={"home_visit_radius_km": 3})])
    _change(maker_a, "测试维修网点2", "suspend")
    today, brand_a = timezone.localdate(), Brand.objects.get(name="品牌甲")
    for phone, brand in (("0935-6600001", brand_a), ("0935-6600003", None),
                         ("0935-6600009", brand_a), ("0935-6600002", brand_a),
                         ("0935-1234567", None)):
        _shaped_equals_validated(selectors.verify(phone=phone, brand=brand, today=today))
    decisions.warning_publish(suspect_id=fake_suspect.pk, user=county_regulator.user,
                              text_zh="假冒官方售后的号码", at=timezone.now())
    warned = selectors.verify(phone=FAKE_NUMBER, today=today, near=(37.93, 102.64))
    assert warned.verdict.verdict == "warned" and warned.nearby
    _shaped_equals_validated(warned)
