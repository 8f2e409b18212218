"""The shared world of the permission matrix, built once per module through the product's own
services: two manufacturers (A: 品牌甲, enrolled in ODR; B: 品牌乙), A's outlets in 凉州区, four
complaints of one consumer against A in 凉州区 in the states their actions need, a suspected fake
number in 凉州区 with a confirmation request to A, a published warning and an appeal; then the
eight personas' sessions and keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.conftest import REGULATOR_PASSWORD, STAFF_PASSWORD
from tests.factories import make_manufacturer, outlet_row
from tests.integration import business_support, console_support, fraud_support
from tests.integration.filing_support import CONSUMER_PHONE, png_bytes, upload

from .matrix import PERSONAS, Ref

ADMIN_PASSWORD = "Sanbao-admin-2026!"
OUTLET_A_NAME = "凉州区品牌甲特约维修站"
QUESTION_TO_A = "矩阵测试：这个号码是贵司的吗？"
REGULATOR_CASE_RESPONDENT = "矩阵测试家电商场"


@dataclass(frozen=True)
class Credentials:
    """How a persona's requests are made: its session cookie, headers and client address."""

    session: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    remote_addr: str = "127.0.0.1"


@dataclass
class World:
    refs: dict[str, object]
    personas: dict[str, Credentials]
    phone: str  # the consumer's phone as stored (digits only)

    def value(self, item):
        """A Ref's value; containers are filled recursively; anything else as it is."""
        if isinstance(item, Ref):
            if item.name not in self.refs:
                raise KeyError(f"the matrix world has no {item.name!r}; it has {sorted(self.refs)}")
            return self.refs[item.name]
        if isinstance(item, dict):
            return {k: self.value(v) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return [self.value(v) for v in item]
        return item

    def phone_pattern(self) -> re.Pattern:
        """The phone in full, typed with or without spaces or dashes between digits."""
        return re.compile(r"[\s-]?".join(re.escape(d) for d in self.phone).encode())


def _staff(manufacturer, username: str):
    from django.contrib.auth.models import User

    from service_net.models import ManufacturerStaff

    user = User.objects.create_user(username=username, password=STAFF_PASSWORD)
    return ManufacturerStaff.objects.create(user=user, manufacturer=manufacturer)


def _registry(maker_a, maker_b) -> dict:
    """A's outlets A-1 (active) and A-2 (its authorization suspended); B's outlet B-9."""
    from service_net.models import Authorization
    from service_net.services import authorization_change_state, outlets_import

    def load(maker, rows) -> dict[str, int]:
        return outlets_import(manufacturer=maker, rows=rows, actor="test:matrix",
                              at=timezone.now()).outlet_ids

    ids = load(maker_a, [outlet_row(1, external_id="A-1", name=OUTLET_A_NAME),
                         outlet_row(2, external_id="A-2")])
    load(maker_b, [outlet_row(9, external_id="B-9", phones=["0935-6600009"])])
    active = Authorization.objects.filter(outlet_id=ids["A-1"]).first()
    suspended = Authorization.objects.filter(outlet_id=ids["A-2"]).first()
    authorization_change_state(authorization_id=suspended.pk, manufacturer=maker_a,
                               action="suspend", reason="矩阵测试", actor="test:matrix",
                               at=timezone.now())
    return {"outlet_a": ids["A-1"], "outlet_a_name": OUTLET_A_NAME,
            "authorization_active": active.pk, "authorization_suspended": suspended.pk}


def _complaints(maker_a) -> dict:
    """Complaint A in each state an action needs; all of one consumer, in 凉州区, against A."""
    from complaints.services.filing import Upload
    from complaints.services.workflow.business import complaint_business_respond

    business_support.odr_enroll(maker_a)
    photo = Upload(upload("fridge.png", png_bytes(), "image/png"))
    with_business = _file_with_evidence(photo)
    proposed = business_support.file_against()
    complaint_business_respond(proposed, manufacturer=maker_a, kind="offer", remedy="repair",
                               terms="上门维修", actor=business_support.business_actor(maker_a),
                               at=timezone.now())
    agreed = business_support.file_against()
    business_support.accept_and_settle(agreed, maker_a)
    with_regulator = console_support.file_case(county="liangzhou",
                                               respondent_name=REGULATOR_CASE_RESPONDENT)
    return {
        "tracking_business": with_business.tracking_number,
        "tracking_proposed": proposed.tracking_number,
        "tracking_agreed": agreed.tracking_number,
        "tracking_regulator": with_regulator.tracking_number,
        "regulator_case_id": str(with_regulator.pk),
        "regulator_case_respondent": REGULATOR_CASE_RESPONDENT,
        "complaint_business_id": with_business.pk,
        "evidence_id": with_business.evidence.get().pk,
    }


def _file_with_evidence(photo):
    from complaints.services.filing import complaint_file
    from tests.integration.filing_support import draft

    fields = {"brand": "品牌甲", "respondent_name": "品牌甲售后服务中心",
              "respondent_address": "甘肃省武威市凉州区东大街街道北关路1号"}
    return complaint_file(draft=draft(**fields), uploads=(photo,), at=timezone.now())


def _fraud(maker_a, county_user) -> dict:
    """The fake number of fraud_support, seen in 凉州区: A asked about it, a warning, an appeal."""
    from service_net.fraud import decisions
    from service_net.models import Brand, Suspect

    make_manufacturer("测试电器C", ["品牌丙"])
    for n, brand in enumerate(fraud_support.BRANDS):
        fraud_support.observe(fraud_support.fake_complaint(brand, n))
    suspect = Suspect.objects.get(phone_key=fraud_support.FAKE_KEY)
    now = timezone.now()
    confirmation = decisions.confirmation_request(
        suspect_id=suspect.pk, brand_id=Brand.objects.get(name="品牌甲").pk, user=county_user,
        question=QUESTION_TO_A, at=now)
    warning = decisions.warning_publish(suspect_id=suspect.pk, user=county_user,
                                        text_zh="冒充多个品牌官方售后", at=now)
    appeal = decisions.appeal_file(warning_id=warning.pk, appellant="某某维修部",
                                   contact="0935-2212345", grounds="我们是正规网点", at=now)
    return {"suspect": suspect.pk, "suspect_phone": fraud_support.FAKE_KEY,
            "confirmation": confirmation.pk, "question_to_a": QUESTION_TO_A,
            "warning": warning.pk, "appeal": appeal.pk}


def _login(username: str, password: str) -> str:
    client = Client()
    assert client.login(username=username, password=password), username
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _consumer_session(trackings: list[str]) -> str:
    """The way a consumer gets in: the tracking page, number + phone, for each complaint."""
    client = Client()
    for tracking in trackings:
        response = client.post("/complaints/track/", {"tracking": tracking, "phone": CONSUMER_PHONE})
        assert response.status_code == 302 and "/complaints/case/" in response["Location"], (
            f"the consumer could not open {tracking}: {response.status_code}")
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def world_build() -> World:
    from django.contrib.auth import get_user_model

    from complaints.services import regulator_create
    from service_net.coverage.services import coverage_refresh

    maker_a, key_a = make_manufacturer("测试电器A", ["品牌甲"])
    maker_b, key_b = make_manufacturer("测试电器B", ["品牌乙"])
    staff = {"manufacturer_a": _staff(maker_a, "matrix-a-staff"),
             "manufacturer_b": _staff(maker_b, "matrix-b-staff")}
    regulators = {name: regulator_create(username=f"matrix-{code}", password=REGULATOR_PASSWORD,
                                         division_code=code)
                  for name, code in (("county_regulator", "620602"),
                                     ("other_county_regulator", "620621"),
                                     ("city_regulator", "620600"))}
    get_user_model().objects.create_superuser("matrix-admin", "", ADMIN_PASSWORD)
    refs = {"key_a_prefix": key_a[:10], "maker_a_name": maker_a.name,
            **_registry(maker_a, maker_b), **_complaints(maker_a),
            **_fraud(maker_a, regulators["county_regulator"].user)}
    today = timezone.localdate()
    coverage_refresh(actor="test:matrix", at=timezone.now(), today=today)
    refs.update({name: (today + timedelta(days=days)).isoformat() for name, days in (
        ("four_days_ago", -4), ("yesterday", -1), ("in_a_week", 7))})
    cases = [refs[k] for k in ("tracking_business", "tracking_proposed", "tracking_agreed",
                               "tracking_regulator")]
    sessions = {
        "consumer": _consumer_session(cases),
        **{name: _login(s.user.username, STAFF_PASSWORD) for name, s in staff.items()},
        **{name: _login(r.user.username, REGULATOR_PASSWORD) for name, r in regulators.items()},
        "admin": _login("matrix-admin", ADMIN_PASSWORD),
    }
    headers = {"consumer": {"HTTP_X_CONSUMER_PHONE": CONSUMER_PHONE},
               "manufacturer_a": {"HTTP_X_API_KEY": key_a},
               "manufacturer_b": {"HTTP_X_API_KEY": key_b}}
    personas = {name: Credentials(session=sessions.get(name), headers=headers.get(name, {}),
                                  remote_addr=f"10.8.0.{n + 1}")
                for n, name in enumerate(PERSONAS)}
    return World(refs=refs, personas=personas, phone=CONSUMER_PHONE)
