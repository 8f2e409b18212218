"""Operator commands and the demo loader."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from complaints.models import RegulatorProfile
from service_net.models import ApiKey, Authorization, ChangeRecord, Outlet
from service_net.services import manufacturer_for_key

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_demo_is_idempotent_and_labels_its_outlets(gazetteer):
    run("load_demo")
    counts = (Outlet.objects.count(), Authorization.objects.count(), ChangeRecord.objects.count())
    second = run("load_demo")
    assert "'created': 0, 'updated': 0" in second
    assert (Outlet.objects.count(), Authorization.objects.count(),
            ChangeRecord.objects.count()) == counts
    assert counts[0] >= 30
    assert not Outlet.objects.filter(is_demo=False).exists()
    assert all(o.name.startswith("【演示】") for o in Outlet.objects.all())
    counties = {o.division.parent_id for o in Outlet.objects.select_related("division")}
    assert counties == {"620602000000", "620621000000", "620622000000", "620623000000"}
    assert Authorization.objects.filter(state="REVOKED").count() == 1


def test_create_manufacturer_prints_a_key_once_and_stores_only_its_hash(gazetteer):
    output = run("create_manufacturer", "--name", "测试集团", "--brand", "测试牌", "--brand", "测二牌")
    key = output.strip().splitlines()[-1]
    assert key.startswith("sbk_")
    assert manufacturer_for_key(key).name == "测试集团"
    stored = ApiKey.objects.get(manufacturer__name="测试集团")
    assert key not in (stored.key_hash, stored.prefix) and len(stored.key_hash) == 64


def test_create_manufacturer_refuses_a_brand_of_another_maker(gazetteer):
    with pytest.raises(CommandError, match="belongs to"):
        run("create_manufacturer", "--name", "冒牌集团", "--brand", "海尔")


def test_revoked_key_no_longer_authenticates(gazetteer, manufacturer_admin, api):
    from django.utils import timezone

    from service_net.services import api_key_revoke

    _, key = manufacturer_admin
    assert api.get("/api/v1/manufacturer/outlets", key=key).status_code == 200
    api_key_revoke(key=ApiKey.objects.get(manufacturer=manufacturer_admin[0]), actor="test",
                   at=timezone.now())
    assert api.get("/api/v1/manufacturer/outlets", key=key).status_code == 401


def test_create_regulator_scopes_the_account_to_a_division(gazetteer):
    run("create_regulator", "--username", "liangzhou1", "--password", "Wuwei-2026-secure",
        "--division", "620602")
    profile = RegulatorProfile.objects.get(user__username="liangzhou1")
    assert profile.division.name == "凉州区"
    user = get_user_model().objects.get(username="liangzhou1")
    assert user.check_password("Wuwei-2026-secure")
    assert user.has_perm("service_net.view_authorization")
    assert not user.has_perm("service_net.change_authorization")


@pytest.mark.parametrize("division, password, message", [
    ("999999", "Wuwei-2026-secure", "unknown division"),
    ("620602", "123", "too short"),
])
def test_create_regulator_refuses_bad_input(gazetteer, division, password, message):
    with pytest.raises(CommandError, match=message):
        run("create_regulator", "--username", "x1", "--password", password, "--division", division)
