"""The permission matrix: every operation of the HTTP API under /api/v1/.

Rules (README, domain.md): API-key operations answer 401 to anyone without a manufacturer's
key — regulators and admins included, whose sessions are no key; another manufacturer's outlet,
authorization, complaint or confirmation is 404 (403 for a state change of an authorization of
another maker's brand, as documented); the consumer's own complaint answers only to its tracking
number + phone (404 alike otherwise); public endpoints answer everyone. The consumer's phone is
in full only for the consumer and for the business while it must act.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import outlet_row
from tests.integration.filing_support import png_bytes

from .matrix import Ref, expect, route

A, B = "manufacturer_a", "manufacturer_b"
KEY_ONLY = 401  # everyone without a manufacturer's key
ANSWER = {"kind": "accept", "remedy": "repair", "terms": "七日内上门维修", "perform_by": Ref("in_a_week")}
CSV = ("external_id,name,address,lat,lon,phones,categories,valid_from,valid_to\n"
       "CSV-1,凉州区矩阵测试维修部,凉州区东大街1号,37.92,102.63,0935-6611001,refrigerator,"
       "2025-01-01,2030-12-31\n").encode()
FILING = {
    "consumer_name": "李四", "consumer_phone": "139 0935 0000",  # not the world's consumer
    "consumer_address": "甘肃省武威市凉州区东大街街道文庙路12号", "brand": "品牌乙",
    "category": "refrigerator", "product_model": "BCD-218", "channel": "online",
    "purchase_date": Ref("four_days_ago"), "proof": "invoice", "fault_date": Ref("yesterday"),
    "respondent_name": "民勤县某某家电商场", "respondent_address": "甘肃省武威市民勤县城关镇东街8号",
    "facts": "网购冰箱四天后不制冷，商家拒绝退货。", "request": "退货退款",
}
ASSESS = {
    "category": "refrigerator", "channel": "online", "purchase_date": "2026-03-01",
    "received_date": "2026-03-02", "proof": "invoice", "request_date": "2026-03-06",
    "fault": {"date": "2026-03-06", "part": "compressor"}, "repairs": [], "goods_intact": True,
    "rule_set": "national",
}
CONSUMER = frozenset({"consumer"})


def _csv(world):
    return {"file": SimpleUploadedFile("outlets.csv", CSV, "text/csv")}


def _photo(world):
    return {"files": SimpleUploadedFile("receipt.png", png_bytes(), "image/png"), "kind": "other"}


def _registry():
    auth = {"authorization_id": Ref("authorization_active")}
    reason = {"reason": "矩阵测试"}
    return [
        route("PUT", "/api/v1/manufacturer/outlets", expect(KEY_ONLY, **{A: 200, B: 200}),
              body=[outlet_row(50, external_id="NEW-50")]),
        route("GET", "/api/v1/manufacturer/outlets", expect(KEY_ONLY, **{A: 200, B: 200}),
              reveals=("outlet_a_name", {A})),
        route("POST", "/api/v1/manufacturer/outlets/import", expect(KEY_ONLY, **{A: 200, B: 200}),
              body=_csv, multipart=True),
        route("GET", "/api/v1/manufacturer/outlets/{outlet_id}/history",
              expect(KEY_ONLY, **{A: 200, B: 404}), params={"outlet_id": Ref("outlet_a")},
              reveals=("outlet_a_name", {A})),
        route("GET", "/api/v1/manufacturer/authorizations/{authorization_id}/history",
              expect(KEY_ONLY, **{A: 200, B: 404}), params=auth),
        route("POST", "/api/v1/manufacturer/authorizations/{authorization_id}/suspend",
              expect(KEY_ONLY, **{A: 200, B: 403}), params=auth, body=reason),
        route("POST", "/api/v1/manufacturer/authorizations/{authorization_id}/revoke",
              expect(KEY_ONLY, **{A: 200, B: 403}), params=auth, body=reason),
        route("POST", "/api/v1/manufacturer/authorizations/{authorization_id}/reinstate",
              expect(KEY_ONLY, **{A: 200, B: 403}),
              params={"authorization_id": Ref("authorization_suspended")}, body=reason),
    ]


def _public():
    coverage = {"region": "620602", "category": "refrigerator"}
    return [
        route("GET", "/api/v1/outlets/verify", expect(200), query={"phone": "0935-6600001"}),
        route("GET", "/api/v1/outlets/nearest", expect(200), query={"division": "620602"}),
        route("GET", "/api/v1/categories", expect(200)),
        route("GET", "/api/v1/brands", expect(200)),
        route("GET", "/api/v1/geo/geocode", expect(200), query={"q": "甘肃省武威市凉州区"}),
        route("GET", "/api/v1/geo/reverse", expect(200), query={"lat": 37.93, "lon": 102.64}),
        route("GET", "/api/v1/coverage", expect(200), query=coverage),
        route("GET", "/api/v1/coverage/geojson", expect(200), query=coverage),
        route("GET", "/api/v1/coverage/gaps", expect(200), query=coverage),
        route("GET", "/api/v1/coverage/placement", expect(200), query={**coverage, "k": 1}),
        route("POST", "/api/v1/entitlements/assess", expect(200), body=ASSESS),
        route("GET", "/api/v1/entitlements/rules", expect(200)),
        route("GET", "/api/v1/deadlines", expect(200), query={"start": "2026-03-02"}),
        route("GET", "/api/v1/disclosure", expect(200)),
        route("POST", "/api/v1/warnings/{warning_id}/appeals", expect(201),
              params={"warning_id": Ref("warning")},
              body={"appellant": "某某维修部", "contact": "0935-2212399", "grounds": "我们是正规网点"}),
        route("GET", "/api/v1/docs", expect(200)),
        route("GET", "/api/v1/openapi.json", expect(200)),
    ]


def _consumer():
    """The consumer's own complaint: tracking number + phone (X-Consumer-Phone) or 404."""
    def own(method, action, tracking, body=None, **fields):
        return route(method, f"/api/v1/complaints/{{tracking}}{action}", expect(404, consumer=200),
                     params={"tracking": Ref(tracking)}, body=body, phone=CONSUMER, **fields)

    return [
        route("POST", "/api/v1/complaints", expect(201), body=FILING),
        own("GET", "", "tracking_business"),
        route("POST", "/api/v1/complaints/{tracking}/evidence", expect(404, consumer=201),
              params={"tracking": Ref("tracking_business")}, body=_photo, multipart=True,
              phone=CONSUMER),
        own("POST", "/withdraw", "tracking_business", {"reason": "已和商家协商好"}),
        own("POST", "/information", "tracking_business", {"text": "补充：购买发票已上传"}),
        own("POST", "/confirm", "tracking_proposed", {"note": "同意维修"}),
        own("POST", "/decline", "tracking_proposed", {"reason": "要求更换"}),
        own("POST", "/escalate", "tracking_business", {"reason": "商家不回复"}),
        own("GET", "/my-data", "tracking_business"),
        # The consumer's own case, but still open: erasure waits for the retention period (409).
        route("POST", "/api/v1/complaints/{tracking}/erase-personal-data",
              expect(404, consumer=409), params={"tracking": Ref("tracking_business")}, body={}),
    ]


def _business():
    """ODR: the answering business's side; another maker's complaint is 404."""
    case = {"tracking": Ref("tracking_business")}
    return [
        route("GET", "/api/v1/business/complaints", expect(KEY_ONLY, **{A: 200, B: 200}),
              reveals=("tracking_business", {A})),
        route("GET", "/api/v1/business/complaints/{tracking}", expect(KEY_ONLY, **{A: 200, B: 404}),
              params=case, phone={A}),
        route("POST", "/api/v1/business/complaints/{tracking}/respond",
              expect(KEY_ONLY, **{A: 200, B: 404}), params=case, body=ANSWER, phone={A}),
        route("POST", "/api/v1/business/complaints/{tracking}/performed",
              expect(KEY_ONLY, **{A: 200, B: 404}), params={"tracking": Ref("tracking_agreed")}),
    ]


def _confirmations():
    return [
        route("GET", "/api/v1/manufacturer/confirmations", expect(KEY_ONLY, **{A: 200, B: 200}),
              reveals=("question_to_a", {A})),
        route("POST", "/api/v1/manufacturer/confirmations/{confirmation_id}/answer",
              expect(KEY_ONLY, **{A: 200, B: 404}), params={"confirmation_id": Ref("confirmation")},
              body={"answer": "not_ours", "note": "不是我们的网点"}),
    ]


API_ROUTES = [*_registry(), *_public(), *_consumer(), *_business(), *_confirmations()]
