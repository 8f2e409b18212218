"""`manage.py soak` at tiny scale: steady mixed load through gunicorn and a real RQ worker.

No timing is asserted; the checks are the soak's own: every request answered 2xx, every
acknowledged complaint stored, every job the filings queued finished by the worker.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("gazetteer")]


def test_soak_files_verifies_and_looks_up_without_errors_or_lost_complaints(tmp_path, redis_conn):
    from django.conf import settings

    out = StringIO()
    call_command("soak", "--seconds", "4", "--intake-rate", "2", "--reads-per-complaint", "2",
                 "--outlets", "600", "--workers", "2", "--concurrency", "6",
                 "--redis-url", settings.REDIS_URL, "--json", str(tmp_path / "soak.json"),
                 "--markdown", str(tmp_path / "soak.md"), stdout=out)
    result = json.loads((tmp_path / "soak.json").read_text())

    kinds = result["load"]["kinds"]
    assert set(kinds) == {"intake", "verify", "nearest"}
    assert kinds["intake"]["statuses"] == {"201": kinds["intake"]["count"]} and kinds["intake"]["count"] > 0
    assert kinds["verify"]["statuses"] == {"200": kinds["verify"]["count"]}
    assert kinds["nearest"]["statuses"] == {"200": kinds["nearest"]["count"]}
    assert result["stored"] == result["acknowledged"] and result["lost"] == 0
    jobs = result["jobs_after_drain"]
    assert jobs["queued"] == jobs["failed"] == 0 and not jobs["outbox_open"]
    assert result["passed"] and "**passed**" in (tmp_path / "soak.md").read_text()
