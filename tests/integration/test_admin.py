"""The back office: registry pages are read-only; state changes go through the audited service."""

from __future__ import annotations

import pytest

from service_net.models import Authorization, ChangeRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(api, manufacturer_admin, row):
    _, key = manufacturer_admin
    api.put("/api/v1/manufacturer/outlets", [row(1), row(2)], key=key)
    return Authorization.objects.order_by("id")


def test_outlet_pages_show_the_registry_with_history_and_cannot_be_edited(admin_client, listed):
    outlet_id = listed[0].outlet_id
    changelist = admin_client.get("/admin/service_net/outlet/")
    assert "测试维修网点1".encode() in changelist.content
    page = admin_client.get(f"/admin/service_net/outlet/{outlet_id}/change/")
    assert page.status_code == 200
    assert b"service_net.outlet.create" in page.content
    assert b'name="name"' not in page.content, "no editable form field"
    post = admin_client.post(f"/admin/service_net/outlet/{outlet_id}/change/", {"name": "x"})
    assert post.status_code == 403


def test_admin_revoke_action_is_audited_with_the_user(admin_client, admin_user, listed):
    target = listed[0]
    response = admin_client.post("/admin/service_net/authorization/", {
        "action": "revoke_selected", "_selected_action": [target.id]})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.state == "REVOKED"
    record = ChangeRecord.objects.get(entity="authorization", entity_id=target.id,
                                      action="service_net.authorization.revoke")
    assert record.actor == f"user:{admin_user.pk}"
    assert Authorization.objects.get(id=listed[1].id).state == "ACTIVE"


def test_regulator_sees_the_registry_but_cannot_revoke(client, listed, gazetteer):
    from complaints.services import regulator_create

    regulator_create(username="lz", password="Wuwei-2026-secure", division_code="620602")
    client.login(username="lz", password="Wuwei-2026-secure")
    assert client.get("/admin/service_net/authorization/").status_code == 200
    client.post("/admin/service_net/authorization/", {
        "action": "revoke_selected", "_selected_action": [listed[0].id]})
    assert Authorization.objects.get(id=listed[0].id).state == "ACTIVE"


def test_admin_revokes_an_api_key_and_cannot_forge_one(admin_client, manufacturer_admin, api):
    from service_net.models import ApiKey

    maker, key = manufacturer_admin
    stored = ApiKey.objects.get(manufacturer=maker)
    add = admin_client.get("/admin/service_net/apikey/add/")  # issue 8: admins create keys …
    assert add.status_code == 200 and b'name="key_hash"' not in add.content  # … never the hash
    admin_client.post("/admin/service_net/apikey/", {
        "action": "revoke_keys", "_selected_action": [stored.id]})
    stored.refresh_from_db()
    assert stored.revoked_at is not None
    assert api.get("/api/v1/manufacturer/outlets", key=key).status_code == 401
