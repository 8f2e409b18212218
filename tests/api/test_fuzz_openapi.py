"""Fuzzing every /api/v1 operation from the API's own OpenAPI document (schemathesis, issue 8).

The document is read from /api/v1/openapi.json and the requests go to the WSGI application in
process, inside the test's transaction. Each operation gets its examples, schemathesis' coverage
cases (boundaries, wrong types, missing fields) and MAX_EXAMPLES fuzzed requests — valid ones and
invalid ones: over-long and odd Unicode strings, NUL, huge numbers, bad dates, empty bodies —
from a fixed seed, without shrinking. Checks: no 5xx, every status documented, the content type
and body as documented, invalid input refused, X-API-Key enforced (each keyed operation is also
called without a key and with a wrong one), 405 for methods an operation has not.

Not checked (`positive_data_acceptance`): that every schema-valid request is accepted. Much of
what the handlers refuse cannot be said in OpenAPI (a phone or a certificate or a name; an
unknown brand or category; a date before the purchase), and such a request is rightly a 422.

The world: a manufacturer with outlets, brands, categories and authorizations (its key holds
every scope), a complaint against it waiting for its answer, a suspect number it is asked about
and a published warning. Path parameters are drawn from those ids half the time or so, from
what schemathesis generates otherwise. Rate limits are off (RATE_LIMITS_ENABLED).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import _reference_data_load
from tests.factories import make_manufacturer
from tests.integration.business_support import file_against, odr_enroll
from tests.integration.filing_support import CONSUMER_PHONE
from tests.integration.fraud_support import BRANDS, fake_complaint, observe, registry_load

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

# Fuzzed requests per operation, besides the coverage cases. 40: the module takes 24 s on an idle
# 2-core machine, 45-75 s on a busy one (25: 20 s of CPU, 50: 33 s). SANBAO_FUZZ_EXAMPLES=300 for
# a deeper run by hand (about 2 minutes).
MAX_EXAMPLES = int(os.environ.get("SANBAO_FUZZ_EXAMPLES", "40"))
SEED = int(os.environ.get("SANBAO_FUZZ_SEED", "20260808"))  # another seed, other requests

CONFIG = {
    "seed": SEED,
    "suppress-health-check": ["all"],  # the world is built once for all the examples
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "no-shrink": True,
                   "database": "none",
                   # the test sends the real key; schemathesis removes it or sends a wrong one
                   "with-security-parameters": False,
                   # unknown query parameters are ignored, as in most HTTP APIs
                   "allow-extra-parameters": False},
    "checks": {"positive_data_acceptance": {"enabled": False}},
}

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler(),
                                        config=schemathesis.Config.from_dict(CONFIG))
_PATH_VALUES: dict[str, list] = {}  # path parameter → ids of the world (set per test)


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Each path parameter: the generated value or one of the world's ids for it."""
    if not path_parameters:
        return st.just(path_parameters)
    return st.fixed_dictionaries({
        name: st.sampled_from([value, *_PATH_VALUES.get(name, [])])
        for name, value in path_parameters.items()})


def _world_build() -> dict:
    from complaints.services import regulator_create
    from service_net.fraud import decisions
    from service_net.models import Authorization, Brand, Suspect
    from tests.factories import outlet_row

    maker_a, key = make_manufacturer("测试电器A", ["品牌甲"])
    maker_b, _ = make_manufacturer("测试电器B", ["品牌乙"])
    make_manufacturer("测试电器C", ["品牌丙"])
    registry_load(maker_a, [outlet_row(1, name="凉州区品牌甲特约维修站"), outlet_row(2)])
    registry_load(maker_b, [outlet_row(9, phones=["0935-6600009"])])
    for n, brand in enumerate(BRANDS):
        observe(fake_complaint(brand, n))
    suspect = Suspect.objects.get()
    regulator = regulator_create(username="fuzz-amr", password="Fuzz-regulator-2026!",
                                 division_code="620602")
    confirmation = decisions.confirmation_request(
        suspect_id=suspect.pk, brand_id=Brand.objects.get(name="品牌甲").pk,
        user=regulator.user, question="这个号码是贵司的吗？", at=timezone.now())
    warning = decisions.warning_publish(suspect_id=suspect.pk, user=regulator.user,
                                        text_zh="冒充多个品牌官方售后", at=timezone.now())
    odr_enroll(maker_a)
    complaint = file_against("品牌甲")
    authorizations = list(Authorization.objects.filter(brand__manufacturer=maker_a))
    return {"key": key, "path": {
        "tracking": [complaint.tracking_number],
        "outlet_id": [a.outlet_id for a in authorizations],
        "authorization_id": [a.pk for a in authorizations],
        "confirmation_id": [confirmation.pk],
        "warning_id": [warning.pk],
    }}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module in a transaction rolled back at its end; each test runs in a
    savepoint inside it (pytest-django's own atomic blocks nest), so it starts from this world."""
    from geo.models import Division

    with django_db_blocker.unblock(), transaction.atomic():
        if not Division.objects.filter(code="620602000000").exists():
            _reference_data_load()  # a transactional test before this module flushed them
        yield _world_build()
        transaction.set_rollback(True)


@pytest.fixture
def fuzz_world(world, settings, tmp_path):
    settings.RATE_LIMITS_ENABLED = False
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    # Django's WSGI handler closes "old" connections when a request starts and ends, which
    # inside the test's transaction would break it (Django's test client disconnects them too).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    _PATH_VALUES.update(world["path"])
    yield world
    _PATH_VALUES.clear()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _keyed(operation) -> bool:
    return bool(operation.definition.raw.get("security"))


@schema.parametrize()
def test_api(case, fuzz_world):
    headers = {"X-Consumer-Phone": CONSUMER_PHONE}
    if _keyed(case.operation):
        headers["X-API-Key"] = fuzz_world["key"]
    case.call_and_validate(headers=headers)


KEYED = [result.ok() for result in schema.get_all_operations() if _keyed(result.ok())]


@pytest.mark.parametrize("operation", KEYED, ids=lambda operation: operation.label)
def test_keyed_operation_without_a_key_is_a_documented_401(fuzz_world, operation):
    path_parameters = {name: values[0] for name, values in fuzz_world["path"].items()
                       if "{" + name + "}" in operation.path}
    case = operation.Case(path_parameters=path_parameters)
    response = case.call()
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance,
                                             content_type_conformance, response_schema_conformance])
