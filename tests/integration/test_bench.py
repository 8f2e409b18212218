"""`manage.py bench` at tiny scale: the plumbing works and its correctness checks hold.

No timing is asserted: the benchmark reports times, these tests check that the answers compared
agree, that the HTTP parts really went through gunicorn, and that intake loses nothing. PostGIS
may be absent (CI): its comparison is then skipped with a message, which is what is checked.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("gazetteer")]

SMALL = ["--outlets", "2000", "--queries", "60", "--geopy-queries", "3", "--workers", "2",
         "--concurrency", "4", "--http-requests", "120", "--http-seconds", "20",
         "--intake-requests", "30", "--intake-seconds", "5", "--force"]


def bench(tmp_path, only: str) -> tuple[dict, str]:
    out = StringIO()
    call_command("bench", "--only", only, *SMALL, "--json", str(tmp_path / "bench.json"),
                 "--markdown", str(tmp_path / "bench.md"), stdout=out)
    return json.loads((tmp_path / "bench.json").read_text()), (tmp_path / "bench.md").read_text()


def test_nearest_agrees_with_geopy_and_postgis_and_verify_is_served_over_http(tmp_path):
    results, table = bench(tmp_path, "nearest,verify")

    geopy = results["nearest"]["geopy"]
    assert geopy["agreement"]["queries"] == 3
    assert geopy["agreement"]["mismatches"] == 0, geopy["agreement"]["examples"]
    postgis = results["nearest"]["postgis"]
    if "skipped" in postgis:
        assert "PostGIS" in postgis["skipped"] and "skipped" in table
    else:
        assert postgis["agreement"]["queries"] == 60
        assert postgis["agreement"]["mismatches"] == 0, postgis["agreement"]["examples"]

    http = results["verify"]["http"]
    assert http["verify"]["statuses"] == {"200": http["verify"]["count"]} and http["verify"]["count"] > 0
    assert http["constant"]["statuses"] == {"200": http["constant"]["count"]}
    assert results["verify"]["in_process"]["count"] == 60
    assert "| what | Sanbao | alternative | ratio |" in table
    assert {t["what"] for t in results["targets"]} >= {"nearest p50 in process",
                                                       "verify lookups/s in process"}


def test_intake_stores_exactly_the_complaints_the_server_acknowledged(tmp_path):
    from complaints.models import Complaint

    results, table = bench(tmp_path, "intake")

    http = results["intake"]["http"]
    assert http["acknowledged"] > 0
    assert http["stored"] == http["acknowledged"] and http["lost"] == 0
    assert set(http["load"]["statuses"]) == {"201"}, http["load"]
    floor = http["constant_post"]  # the same POSTs answered by the bench-only constant view
    assert floor["statuses"] == {"201": floor["count"]} and floor["count"] > 0
    assert "the framework's floor" in table
    assert Complaint.objects.filter(facts__startswith="【基准】").count() >= http["stored"]
    pgbench = results["intake"]["pgbench"]
    assert "skipped" in pgbench or pgbench["rows"] > 0
    assert "complaint intake" in table


def test_an_unknown_part_is_refused_naming_the_parts():
    with pytest.raises(CommandError, match="nearest, verify, import, intake, coverage"):
        call_command("bench", "--only", "nearest,teleport", stdout=StringIO())
