"""API keys are scoped, expire, and are revocable; the last use is written at most once a minute
and the key check costs one indexed query."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from service_net.models import ApiKey
from service_net.services import api_key_create, api_key_revoke
from service_net.services.keys import SCOPES

pytestmark = pytest.mark.django_db

# Every X-API-Key operation, the scope it needs, and a request that passes authentication
# without changing anything (an unknown id, a dry run, a missing file).
OPERATIONS = [
    ("PUT", "/api/v1/manufacturer/outlets?dry_run=true", "outlets:write", "[]"),
    ("GET", "/api/v1/manufacturer/outlets", "outlets:read", None),
    ("POST", "/api/v1/manufacturer/outlets/import", "outlets:write", None),
    ("GET", "/api/v1/manufacturer/outlets/0/history", "outlets:read", None),
    ("GET", "/api/v1/manufacturer/authorizations/0/history", "outlets:read", None),
    ("POST", "/api/v1/manufacturer/authorizations/0/suspend", "outlets:write", '{"reason":"x"}'),
    ("POST", "/api/v1/manufacturer/authorizations/0/revoke", "outlets:write", '{"reason":"x"}'),
    ("POST", "/api/v1/manufacturer/authorizations/0/reinstate", "outlets:write", '{"reason":"x"}'),
    ("GET", "/api/v1/business/complaints", "complaints", None),
    ("GET", "/api/v1/business/complaints/SB-NONE", "complaints", None),
    ("POST", "/api/v1/business/complaints/SB-NONE/respond", "complaints", '{"kind":"accept"}'),
    ("POST", "/api/v1/business/complaints/SB-NONE/performed", "complaints", "{}"),
    ("GET", "/api/v1/manufacturer/confirmations", "confirmations", None),
    ("POST", "/api/v1/manufacturer/confirmations/0/answer", "confirmations",
     '{"answer":"not_ours"}'),
]


def call(client, method: str, path: str, body: str | None, key: str):
    return client.generic(method, path, body or "", content_type="application/json",
                          HTTP_X_API_KEY=key)


def new_key(manufacturer, scopes=SCOPES, **kwargs) -> str:
    return api_key_create(manufacturer=manufacturer, scopes=list(scopes), actor="test",
                          at=timezone.now(), **kwargs)[1]


def test_the_table_lists_every_x_api_key_operation_with_its_scope():
    from config.api import api
    from service_net.api_auth import ManufacturerKey

    declared = set()
    for bound in api._get_bound_routers():  # ninja's mounted routers, auth already inherited
        for path, view in bound.path_operations.items():
            for op in view.operations:
                for auth in op.auth_callbacks:
                    if isinstance(auth, ManufacturerKey):
                        declared |= {(m, f"/api/v1{bound.prefix}{path}", auth.scope)
                                     for m in op.methods}
    listed = {(m, p.split("?")[0].replace("/0/", "/{id}/").replace("SB-NONE", "{tracking}"), s)
              for m, p, s, _ in OPERATIONS}
    normalised = {(m, p.replace("{outlet_id}", "{id}").replace("{authorization_id}", "{id}")
                   .replace("{confirmation_id}", "{id}"), s) for m, p, s in declared}
    assert normalised == listed


@pytest.mark.parametrize("method, path, scope, body", OPERATIONS,
                         ids=[f"{m} {p.split('?')[0]}" for m, p, _, _ in OPERATIONS])
def test_each_operation_needs_its_scope(client, manufacturer_admin, method, path, scope, body):
    maker = manufacturer_admin[0]
    without = new_key(maker, [s for s in SCOPES if s != scope])
    refused = call(client, method, path, body, without)
    assert refused.status_code == 403
    assert refused.json()["code"] == "scope_missing"
    assert refused.json()["data"]["scope"] == scope
    assert scope in refused.json()["message"]
    only = call(client, method, path, body, new_key(maker, [scope]))
    assert only.status_code not in (401, 403), only.content


def test_an_expired_key_is_401_and_says_so(client, manufacturer_admin):
    raw = new_key(manufacturer_admin[0], expires_at=timezone.now() + timedelta(hours=1))
    assert client.get("/api/v1/manufacturer/outlets", HTTP_X_API_KEY=raw).status_code == 200
    ApiKey.objects.filter(prefix=raw[:10]).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/v1/manufacturer/outlets", HTTP_X_API_KEY=raw)
    assert response.status_code == 401 and response.json()["code"] == "key_expired"


def test_a_revoked_key_is_401_and_the_revocation_is_recorded(client, manufacturer_admin):
    from service_net.models import ChangeRecord

    raw = new_key(manufacturer_admin[0])
    key = ApiKey.objects.get(prefix=raw[:10])
    assert api_key_revoke(key=key, actor="user:7", at=timezone.now())
    assert not api_key_revoke(key=key, actor="user:7", at=timezone.now()), "once only"
    response = client.get("/api/v1/business/complaints", HTTP_X_API_KEY=raw)
    assert response.status_code == 401 and response.json()["code"] == "key_revoked"
    records = ChangeRecord.objects.filter(entity="api_key", entity_id=key.pk)
    assert sorted(records.values_list("action", "actor")) == [
        ("service_net.api_key.create", "test"), ("service_net.api_key.revoke", "user:7")]


def test_an_unknown_key_is_401_unauthorized(client, manufacturer_admin):
    response = client.get("/api/v1/manufacturer/outlets", HTTP_X_API_KEY="sbk_not-a-key")
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def test_a_key_is_stored_as_its_hash_only(manufacturer_admin):
    import hashlib

    raw = new_key(manufacturer_admin[0], ["outlets:read"])
    stored = ApiKey.objects.get(prefix=raw[:10])
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in json.dumps(list(ApiKey.objects.values()), default=str)


@pytest.mark.parametrize("scopes, expires_in, message", [
    (["outlets:delete"], None, "unknown scope"),
    ([], None, "at least one scope"),
    (["outlets:read"], timedelta(seconds=-1), "future"),
])
def test_bad_scopes_or_a_past_expiry_are_refused(manufacturer_admin, scopes, expires_in, message):
    expires_at = timezone.now() + expires_in if expires_in else None
    with pytest.raises(ValueError, match=message):
        new_key(manufacturer_admin[0], scopes, expires_at=expires_at)


def _key_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "service_net_apikey" in q["sql"]]


def test_last_use_is_written_at_most_once_a_minute_and_the_check_is_one_query(
        client, manufacturer_admin):
    raw = new_key(manufacturer_admin[0])
    url = "/api/v1/manufacturer/confirmations"
    with CaptureQueriesContext(connection) as first:
        assert client.get(url, HTTP_X_API_KEY=raw).status_code == 200
    used = ApiKey.objects.get(prefix=raw[:10]).last_used_at
    assert used is not None
    assert [q.split()[0] for q in _key_queries(first)] == ["SELECT", "UPDATE"]

    for _ in range(3):
        with CaptureQueriesContext(connection) as again:
            assert client.get(url, HTTP_X_API_KEY=raw).status_code == 200
        lookups = _key_queries(again)
        assert len(lookups) == 1 and lookups[0].startswith("SELECT"), "no write within a minute"
        assert '"key_hash" = ' in lookups[0], "by the unique (indexed) hash"
    assert ApiKey.objects.get(prefix=raw[:10]).last_used_at == used

    ApiKey.objects.filter(prefix=raw[:10]).update(last_used_at=used - timedelta(seconds=61))
    assert client.get(url, HTTP_X_API_KEY=raw).status_code == 200
    assert ApiKey.objects.get(prefix=raw[:10]).last_used_at > used - timedelta(seconds=1)
