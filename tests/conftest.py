"""Shared fixtures: real PostgreSQL (pytest-django's test database), real Redis, personas."""

from __future__ import annotations

import os
import uuid
from datetime import date

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop + live_server

from tests.factories import make_manufacturer, outlet_row  # noqa: E402


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _reference_data_load()


def _reference_data_load():
    from complaints.services import entitlement_tables_seed
    from geo.services import divisions_load_shipped
    from service_net.catalog import catalog_seed

    divisions_load_shipped()
    catalog_seed()
    entitlement_tables_seed()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create and log in many accounts: PBKDF2's million rounds would dominate the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _abuse_guards(request, settings):
    """Rate limits and the forms' bot guard are off (the suite files and looks up far more than
    one client may) except in tests marked `rate_limits` / `form_guard`, which get their own
    cache keys: the limits' counters start from zero."""
    settings.RATE_LIMITS_ENABLED = request.node.get_closest_marker("rate_limits") is not None
    settings.FORM_GUARD_ENABLED = request.node.get_closest_marker("form_guard") is not None
    if settings.RATE_LIMITS_ENABLED:
        settings.CACHES = {**settings.CACHES, "default": {
            **settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}


@pytest.fixture
def gazetteer(db):
    """Divisions, categories, brands and 三包 tables (reloaded after a transactional test flushed them)."""
    from geo.models import Division

    if not Division.objects.filter(code="620602000000").exists():
        _reference_data_load()


@pytest.fixture
def today() -> date:
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def manufacturer_admin(gazetteer):
    """Brand A's manufacturer: (manufacturer, API key)."""
    return make_manufacturer("测试电器A", ["品牌甲"])


@pytest.fixture
def other_manufacturer(gazetteer):
    """Brand B's manufacturer: (manufacturer, API key)."""
    return make_manufacturer("测试电器B", ["品牌乙"])


@pytest.fixture
def api(client):
    """JSON helpers over Django's test client, going through the whole middleware stack."""
    from tests.factories import ApiClient

    return ApiClient(client)


@pytest.fixture
def row():
    return outlet_row


@pytest.fixture
def redis_conn():
    import redis
    from django.conf import settings

    conn = redis.Redis.from_url(settings.REDIS_URL)
    conn.ping()
    conn.flushdb()
    yield conn
    conn.flushdb()


REGULATOR_PASSWORD = "Sanbao-regulator-2026!"


def _regulator(username: str, division_code: str):
    from complaints.services import regulator_create

    return regulator_create(username=username, password=REGULATOR_PASSWORD,
                            division_code=division_code)


@pytest.fixture
def county_regulator(gazetteer):
    """凉州区's market regulator (RegulatorProfile; .user logs in with REGULATOR_PASSWORD)."""
    return _regulator("liangzhou-amr", "620602")


@pytest.fixture
def other_regulator(gazetteer):
    """民勤县's market regulator: another county, must not see 凉州区's cases."""
    return _regulator("minqin-amr", "620621")


@pytest.fixture
def city_regulator(gazetteer):
    """武威市's market regulator: sees every county of the city."""
    return _regulator("wuwei-amr", "620600")


@pytest.fixture
def outsider(db):
    """A logged-in account with no role at all."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("outsider", password=REGULATOR_PASSWORD)


STAFF_PASSWORD = "Sanbao-business-2026!"


def _manufacturer_staff(manufacturer, username: str):
    from django.contrib.auth.models import User

    from service_net.models import ManufacturerStaff

    user = User.objects.create_user(username=username, password=STAFF_PASSWORD)
    return ManufacturerStaff.objects.create(user=user, manufacturer=manufacturer)


@pytest.fixture
def manufacturer_staff(manufacturer_admin):
    """A console account of brand A's manufacturer (ManufacturerStaff; .user logs in with
    STAFF_PASSWORD)."""
    return _manufacturer_staff(manufacturer_admin[0], "brand-a-staff")


@pytest.fixture
def other_manufacturer_staff(other_manufacturer):
    """A console account of brand B's manufacturer: must not see brand A's complaints."""
    return _manufacturer_staff(other_manufacturer[0], "brand-b-staff")
