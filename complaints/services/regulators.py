"""Writes of the complaints app."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from geo.models import Division
from geo.rules.codes import full_code

from ..models import RegulatorProfile


@transaction.atomic
def regulator_create(*, username: str, password: str, division_code: str) -> RegulatorProfile:
    """A regulator login scoped to one division. ValueError for an unknown division or user."""
    division = Division.objects.filter(code=full_code(division_code)).first()
    if division is None:
        raise ValueError(f"unknown division {division_code}")
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValueError(f"user {username} exists already")
    user = user_model(username=username, is_staff=True)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    user.groups.add(regulators_group())
    return RegulatorProfile.objects.create(user=user, division=division)


REGULATOR_CAN_VIEW = ("outlet", "authorization", "changerecord", "brand", "category",
                      "manufacturer", "division", "entitlementtablechange")
# The 三包 catalogue is data regulators keep: periods, parts and rule sets (every edit audited).
REGULATOR_CAN_EDIT = ("entitlementruleset", "entitlementcategory", "entitlementpart")


def regulators_group() -> Group:
    """The 'regulators' group: read access to the registry, and editing of the 三包 catalogue."""
    group, _ = Group.objects.get_or_create(name="regulators")
    codenames = [f"view_{m}" for m in REGULATOR_CAN_VIEW]
    codenames += [f"{verb}_{m}" for m in REGULATOR_CAN_EDIT for verb in ("view", "change")]
    codenames += ["add_entitlementpart", "delete_entitlementpart"]
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    return group
