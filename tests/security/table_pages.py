"""The permission matrix: every page (everything outside /api/v1/'s operations and the admin).

Rules (README): staff pages send anyone not logged in to the login page (the consumer's session
is not a login) and answer 403 to a logged-in account of the wrong kind; a regulator sees and
acts on their own area only (a complaint or suspect elsewhere is a 404, as if it did not exist),
a city regulator on its counties, an admin on everything; business staff see their own
manufacturer's complaints and confirmation requests only (another's is a 404). A complaint's
page opens to its consumer (this session) and to staff with jurisdiction; anyone else is sent to
the tracking page, whether the number exists or not — the page's way of saying 404. The
consumer's phone is in full on the case pages of the consumer, the regulator with jurisdiction
and the business while it must act; masked in every list.
"""

from __future__ import annotations

from tests.integration.filing_support import CONSUMER_PHONE

from .matrix import (
    BUSINESS,
    CASE,
    CONFIRMATIONS,
    CONSOLE,
    HOME,
    LOGIN,
    SUSPECT,
    TRACK,
    WITH_JURISDICTION,
    Ref,
    expect,
    route,
)

A, B = "manufacturer_a", "manufacturer_b"
OTHER = "other_county_regulator"
# Regulator pages: login first, 403 for business staff, 200 for regulators and admins.
REGULATOR_PAGE = {"anonymous": LOGIN, "consumer": LOGIN, A: 403, B: 403}
# Business pages: login first, 403 for regulators and admins.
BUSINESS_PAGE = {"anonymous": LOGIN, "consumer": LOGIN}


def _public():
    return [
        route("GET", "/", expect(200)),
        route("GET", "/verify/", expect(200), query={"phone": "0935-6600001"}),
        route("GET", "/nearest/", expect(200), query={"division": "620602"}),
        route("GET", "/disclosure/", expect(200)),
        route("GET", "/api/v1/", expect(404)),  # no page at the API root, for anyone
        route("POST", "/i18n/setlang/", expect(HOME), body={"language": "en", "next": "/"}),
        route("GET", "/healthz", expect(200)),
        route("GET", "/readyz", expect(200)),
        route("GET", "/accounts/login/", expect(200)),
        route("GET", "/accounts/login/code/", expect(LOGIN)),  # no password step passed: start over
        route("GET", "/admin/login/", expect(LOGIN)),  # the admin's login is the staff login
        route("POST", "/accounts/logout/", expect(HOME)),
        route("GET", "/accounts/totp/", expect(200, anonymous=LOGIN, consumer=LOGIN)),
        route("GET", "/accounts/home/", expect(CONSOLE, anonymous=LOGIN, consumer=LOGIN,
                                               **{A: BUSINESS, B: BUSINESS})),
        route("GET", "/fraud/warnings/{warning_id}/appeal/", expect(200),
              params={"warning_id": Ref("warning")}),
        route("POST", "/fraud/warnings/{warning_id}/appeal/", expect(200),
              params={"warning_id": Ref("warning")},
              body={"appellant": "某某维修部", "contact": "0935-2212399", "grounds": "我们是正规网点"}),
    ]


def _consumer():
    """Filing, tracking and the case page with the consumer's actions."""
    def action(name, tracking, body):
        return route("POST", f"/complaints/case/{{tracking}}/{name}/", expect(TRACK, consumer=CASE),
                     params={"tracking": Ref(tracking)}, body=body)

    case = {"tracking": Ref("tracking_business")}
    return [
        route("GET", "/complaints/file/", expect(200)),
        route("POST", "/complaints/file/", expect(200), body={"action": "check"}),
        route("GET", "/complaints/track/", expect(200)),
        route("POST", "/complaints/track/", expect(CASE),
              body={"tracking": Ref("tracking_business"), "phone": CONSUMER_PHONE}),
        route("GET", "/complaints/case/{tracking}/", expect(TRACK, consumer=200, **dict.fromkeys(
            WITH_JURISDICTION, 200)), params=case, phone={"consumer", *WITH_JURISDICTION}),
        action("information", "tracking_business", {"text": "补充：购买发票已上传"}),
        action("withdraw", "tracking_business", {"reason": "已和商家协商好"}),
        action("confirm", "tracking_proposed", {"note": "同意维修"}),
        action("decline", "tracking_proposed", {"reason": "要求更换"}),
        action("escalate", "tracking_business", {"reason": "商家不回复"}),
        route("GET", "/complaints/case/{tracking}/my-data.json", expect(TRACK, consumer=200),
              params=case, phone={"consumer"}),
        # Still open: the consumer is sent back to the case page with the retention message.
        action("erase-personal-data", "tracking_business", {"confirm": "yes"}),
        route("GET", "/complaints/case/{tracking}/evidence/{evidence_id}/",
              expect(404, consumer=200, **dict.fromkeys(WITH_JURISDICTION, 200)),
              params={**case, "evidence_id": Ref("evidence_id")}),
    ]


def _console():
    """The regulator's console over complaint A (with the regulator of 凉州区)."""
    case = {"tracking": Ref("tracking_regulator")}
    return [
        route("GET", "/console/", expect(200, **REGULATOR_PAGE),
              reveals=("regulator_case_respondent", WITH_JURISDICTION)),
        route("POST", "/console/bulk/", expect(200, **REGULATOR_PAGE),
              body={"ids": Ref("regulator_case_id"), "decision": "accept"},
              reveals=("tracking_regulator", WITH_JURISDICTION)),
        route("GET", "/console/case/{tracking}/", expect(200, **REGULATOR_PAGE, **{OTHER: 404}),
              params=case, phone=WITH_JURISDICTION),
        route("POST", "/console/case/{tracking}/{action}/",
              expect(CONSOLE, **REGULATOR_PAGE, **{OTHER: 404}),
              params={**case, "action": "accept"}),
        # Per-business figures of the area: business A has complaints in 凉州区 only.
        route("GET", "/console/dashboard/", expect(200, **REGULATOR_PAGE),
              reveals=("maker_a_name", WITH_JURISDICTION)),
        # A region outside the regulator's area is refused.
        route("GET", "/coverage/map/", expect(200, **REGULATOR_PAGE, **{OTHER: 403}),
              query={"region": "620602"}),
        route("GET", "/geo/quality/", expect(200, **REGULATOR_PAGE)),
    ]


def _fraud():
    """The suspect of 凉州区 (a fake number) and the manufacturers' confirmation requests."""
    suspect = {"suspect_id": Ref("suspect")}
    in_scope = expect(200, **REGULATOR_PAGE, **{OTHER: 404})
    return [
        route("GET", "/fraud/suspects/", expect(200, **REGULATOR_PAGE), query={"state": "all"},
              reveals=("suspect_phone", WITH_JURISDICTION)),
        route("GET", "/fraud/suspects/{suspect_id}/", in_scope, params=suspect),
        route("GET", "/fraud/suspects/{suspect_id}/export.{fmt}", in_scope,
              params={**suspect, "fmt": "json"}),
        route("POST", "/fraud/suspects/{suspect_id}/{action}/",
              expect(SUSPECT, **REGULATOR_PAGE, **{OTHER: 404}),
              params={**suspect, "action": "withdraw_warning"}, body={"reason": "核实为正规网点"}),
        route("POST", "/fraud/appeals/{appeal_id}/decide/",
              expect(SUSPECT, **REGULATOR_PAGE, **{OTHER: 404}),
              params={"appeal_id": Ref("appeal")}, body={"decision": "upheld", "reason": "证据充分"}),
        route("GET", "/manufacturer/confirmations/", expect(403, **BUSINESS_PAGE, **{A: 200, B: 200}),
              reveals=("question_to_a", {A})),
        route("POST", "/manufacturer/confirmations/{confirmation_id}/answer/",
              expect(403, **BUSINESS_PAGE, **{A: CONFIRMATIONS, B: 404}),
              params={"confirmation_id": Ref("confirmation")}, body={"answer": "not_ours"}),
    ]


def _business():
    """The business console over complaint A (its turn to answer)."""
    case = {"tracking": Ref("tracking_business")}
    return [
        route("GET", "/manufacturer/keys/", expect(403, **BUSINESS_PAGE, **{A: 200, B: 200}),
              reveals=("key_a_prefix", {A})),
        route("GET", "/business/", expect(403, **BUSINESS_PAGE, **{A: 200, B: 200}),
              reveals=("tracking_business", {A})),
        route("GET", "/business/complaints/{tracking}/",
              expect(403, **BUSINESS_PAGE, **{A: 200, B: 404}), params=case, phone={A}),
        route("POST", "/business/complaints/{tracking}/respond/",
              expect(403, **BUSINESS_PAGE, **{A: BUSINESS, B: 404}), params=case,
              body={"kind": "accept", "remedy": "repair", "terms": "七日内上门维修",
                    "perform_by": Ref("in_a_week")}),
        route("POST", "/business/complaints/{tracking}/performed/",
              expect(403, **BUSINESS_PAGE, **{A: BUSINESS, B: 404}),
              params={"tracking": Ref("tracking_agreed")}),
    ]


PAGE_ROUTES = [*_public(), *_consumer(), *_console(), *_fraud(), *_business()]
