"""The permission matrix's world: built once for the module, inside a transaction that is rolled
back at its end; each test (pytest-django's django_db) runs in a savepoint of it, rolled back
after the test, so a write one persona makes is gone before the next persona asks, and jobs
queued on commit never run (nothing commits)."""

from __future__ import annotations

import sys

import pytest


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.core.cache import cache
    from django.db import transaction
    from django.test.utils import override_settings

    from tests.conftest import _reference_data_load

    from .world import world_build

    overrides = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EVIDENCE_ROOT=tmp_path_factory.mktemp("matrix-evidence"),
        # Not what the matrix is about: eight personas' requests from one test process.
        RATE_LIMITS_ENABLED=False, FORM_GUARD_ENABLED=False)
    overrides.enable()
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            from geo.models import Division

            if not Division.objects.filter(code="620602000000").exists():
                _reference_data_load()  # a transactional test before this module flushed it
            cache.clear()
            built = world_build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(*sys.exc_info())
            overrides.disable()
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    overrides.disable()

