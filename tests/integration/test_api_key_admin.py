"""Creating API keys (back office, command), recording who created and revoked them, and what a
manufacturer's staff see of their keys."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from service_net.models import ApiKey, ChangeRecord
from service_net.services import api_key_create

pytestmark = pytest.mark.django_db

ADD = "/admin/service_net/apikey/add/"


def test_an_admin_creates_a_scoped_expiring_key_shown_once(admin_client, admin_user,
                                                           manufacturer_admin, client):
    maker = manufacturer_admin[0]
    page = admin_client.post(ADD, {"manufacturer": maker.pk, "label": "ERP", "scopes":
                                   ["outlets:read", "complaints"],
                                   "expires_at": "2099-06-30 18:00"})
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    key = ApiKey.objects.get(manufacturer=maker, label="ERP")
    raw = page.context["raw"]
    assert raw.encode() in page.content and key.key_hash.encode() not in page.content
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert key.scopes == ["outlets:read", "complaints"]
    assert timezone.localtime(key.expires_at).strftime("%Y-%m-%d %H:%M") == "2099-06-30 18:00"
    record = ChangeRecord.objects.get(entity="api_key", entity_id=key.pk)
    assert (record.action, record.actor) == ("service_net.api_key.create", f"user:{admin_user.pk}")

    assert client.get("/api/v1/manufacturer/outlets", HTTP_X_API_KEY=raw).status_code == 200
    assert client.get("/api/v1/manufacturer/confirmations",
                      HTTP_X_API_KEY=raw).status_code == 403

    change = admin_client.get(f"/admin/service_net/apikey/{key.pk}/change/")
    assert b"service_net.api_key.create" in change.content, "the history is on the key's page"
    assert raw.encode() not in change.content and key.key_hash.encode() not in change.content


@pytest.mark.parametrize("form, field", [
    ({"scopes": []}, "scopes"),
    ({"scopes": ["outlets:read"], "expires_at": "2001-01-01 00:00"}, "expires_at"),
    ({"scopes": ["outlets:root"]}, "scopes"),
])
def test_the_admin_form_names_the_wrong_field(admin_client, manufacturer_admin, form, field):
    page = admin_client.post(ADD, {"manufacturer": manufacturer_admin[0].pk, **form})
    assert page.status_code == 200 and page.context["form"].errors.keys() == {field}
    assert ApiKey.objects.filter(manufacturer=manufacturer_admin[0]).count() == 1


def test_only_superusers_create_keys(client, county_regulator, manufacturer_admin):
    from tests.conftest import REGULATOR_PASSWORD

    client.login(username=county_regulator.user.username, password=REGULATOR_PASSWORD)
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {"manufacturer": manufacturer_admin[0].pk,
                             "scopes": ["complaints"]}).status_code == 403
    assert ApiKey.objects.filter(manufacturer=manufacturer_admin[0]).count() == 1


def test_the_admin_revocation_is_recorded_with_the_user(admin_client, admin_user,
                                                        manufacturer_admin):
    key = ApiKey.objects.get(manufacturer=manufacturer_admin[0])
    admin_client.post("/admin/service_net/apikey/",
                      {"action": "revoke_keys", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked_at is not None
    record = ChangeRecord.objects.get(entity="api_key", entity_id=key.pk,
                                      action="service_net.api_key.revoke")
    assert record.actor == f"user:{admin_user.pk}"
    listing = admin_client.get("/admin/service_net/changerecord/?entity=api_key")
    assert b"service_net.api_key.revoke" in listing.content


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_command_creates_a_key_with_chosen_scopes_and_expiry(gazetteer):
    output = run("create_manufacturer", "--name", "测试集团", "--brand", "测试牌",
                 "--scope", "complaints", "--scope", "confirmations", "--expires", "2099-12-31")
    raw = output.strip().splitlines()[-1]
    key = ApiKey.objects.get(prefix=raw[:10])
    assert key.scopes == ["complaints", "confirmations"]
    local = timezone.localtime(key.expires_at)
    assert (local.date().isoformat(), local.hour, local.minute) == ("2099-12-31", 23, 59)
    assert ChangeRecord.objects.get(entity="api_key", entity_id=key.pk).actor == \
        "command:create_manufacturer"


def test_the_command_without_scope_gives_every_scope(gazetteer):
    raw = run("create_manufacturer", "--name", "测试集团", "--brand", "测试牌").split()[-1]
    assert ApiKey.objects.get(prefix=raw[:10]).scopes == [
        "outlets:read", "outlets:write", "complaints", "confirmations"]


@pytest.mark.parametrize("args, message", [
    (["--scope", "outlets:delete"], "invalid choice"),
    (["--expires", "next tuesday"], "not a date"),
    (["--expires", "2001-01-01"], "future"),
])
def test_the_command_refuses_a_bad_scope_or_expiry(gazetteer, args, message):
    with pytest.raises(CommandError, match=message):
        run("create_manufacturer", "--name", "测试集团", "--brand", "测试牌", *args)
    assert not ApiKey.objects.filter(manufacturer__name="测试集团").exists()


KEYS = "/manufacturer/keys/"


def test_staff_see_their_keys_but_never_a_hash(client, manufacturer_staff, other_manufacturer):
    maker = manufacturer_staff.manufacturer
    key, _ = api_key_create(manufacturer=maker, label="售后系统", scopes=["complaints"],
                            actor="test", at=timezone.now())
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    theirs = ApiKey.objects.get(manufacturer=other_manufacturer[0])
    client.force_login(manufacturer_staff.user)
    page = client.get(KEYS)
    assert page.status_code == 200
    text = page.content.decode()
    assert key.prefix in text and "售后系统" in text and "complaints" in text
    assert timezone.localtime(timezone.now()).strftime("%Y-%m-%d") in text, "last use"
    for hashed in ApiKey.objects.values_list("key_hash", flat=True):
        assert hashed not in text
    assert theirs.prefix not in text, "another manufacturer's key"


@pytest.mark.parametrize("who, status", [("county_regulator", 403), ("outsider", 403),
                                         (None, 302)])
def test_others_cannot_see_the_keys_page(client, request, who, status):
    if who:
        person = request.getfixturevalue(who)
        client.force_login(getattr(person, "user", person))
    assert client.get(KEYS).status_code == status
