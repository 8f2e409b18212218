"""manage.py import_divisions: check every row, write all or nothing, report what changed."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from geo.models import Division
from geo.services import gazetteer_changed

pytestmark = pytest.mark.django_db

SHIPPED = Path(__file__).resolve().parents[2] / "geo" / "data" / "wuwei_townships.csv"
COLUMNS = ["county_code", "county_name", "township_code", "township_name", "kind", "lat", "lon",
           "population", "population_year", "source"]


@pytest.fixture(autouse=True)
def fresh_gazetteer_after_each_test(db):
    """This module writes Division rows that are rolled back: forget the in-memory copy after."""
    yield
    gazetteer_changed()


def write_csv(tmp_path: Path, rows: list[dict], encoding: str = "utf-8") -> Path:
    path = tmp_path / "townships.csv"
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows({c: r.get(c, "") for c in COLUMNS} for r in rows)
    return path


def run(*args) -> str:
    out = StringIO()
    call_command("import_divisions", *map(str, args), stdout=out)
    return out.getvalue()


def township(**cells) -> dict:
    return {"county_code": "620621", "county_name": "民勤县", "township_code": "620621199000",
            "township_name": "新河镇", "kind": "town", "lat": "38.70", "lon": "103.10",
            "population": "12000", "population_year": "2020", "source": "县统计局 2021", **cells}


def test_shipped_file_imports_as_all_unchanged_and_skips_the_township_without_a_code(gazetteer):
    output = run(SHIPPED)
    assert "0 created, 0 updated, 101 unchanged, 1 skipped" in output
    assert "skipped row 80 古丰镇" in output


def test_new_township_is_created_with_its_values_and_provenance(gazetteer, tmp_path):
    output = run(write_csv(tmp_path, [township()]), "--actor", "ops:li")
    assert "created 620621199000 新河镇 (row 2)" in output
    town = Division.objects.get(code="620621199000")
    assert (town.level, town.parent_id, town.kind) == ("township", "620621000000", "rural")
    assert (town.lat, town.lon, town.population, town.population_year) == (38.70, 103.10, 12000, 2020)
    assert town.source.startswith("县统计局 2021 | imported ")
    assert "by ops:li from townships.csv" in town.source


def test_update_reports_each_changed_field_before_and_after(gazetteer, tmp_path):
    output = run(write_csv(tmp_path, [
        {"county_code": "620623", "county_name": "天祝藏族自治县", "township_code": "620623201000",
         "township_name": "东坪乡", "lat": "37.10", "lon": "102.90", "population": "4500",
         "population_year": "2020"}]))
    assert "updated 620623201000 东坪乡 (row 2): lat: (empty) -> 37.1, lon: (empty) -> 102.9, " \
           "population: (empty) -> 4500, population_year: (empty) -> 2020" in output
    assert "0 created, 1 updated, 0 unchanged" in output
    assert Division.objects.get(code="620623201000").population == 4500


def test_empty_cells_keep_the_stored_values(gazetteer, tmp_path):
    huazangsi = Division.objects.get(code="620623100000")
    assert huazangsi.population == 59441
    output = run(write_csv(tmp_path, [
        {"county_code": "620623", "township_code": "620623100000", "township_name": "华藏寺镇"}]))
    assert "0 created, 0 updated, 1 unchanged" in output
    huazangsi.refresh_from_db()
    assert (huazangsi.population, huazangsi.lat, huazangsi.kind) == (59441, 36.98364, "rural")


def test_dry_run_reports_but_writes_nothing(gazetteer, tmp_path):
    output = run(write_csv(tmp_path, [township()]), "--dry-run")
    assert "dry run, nothing written: 1 created" in output
    assert not Division.objects.filter(code="620621199000").exists()


def test_second_run_of_the_same_file_changes_nothing(gazetteer, tmp_path):
    path = write_csv(tmp_path, [township()])
    run(path)
    source = Division.objects.get(code="620621199000").source
    assert "0 created, 0 updated, 1 unchanged" in run(path)
    assert Division.objects.get(code="620621199000").source == source


def test_gbk_file_is_read(gazetteer, tmp_path):
    assert "1 created" in run(write_csv(tmp_path, [township()], encoding="gbk"))


@pytest.mark.parametrize(("cells", "fault"), [
    pytest.param({"township_code": "62062119900"}, "row 3: township_code: 12 digits", id="11-digit-code"),
    pytest.param({"township_code": "620621000000"}, "row 3: township_code: 12 digits",
                 id="county-code-as-town"),
    pytest.param({"township_code": "620621199001"}, "row 3: township_code: 12 digits", id="village-code"),
    pytest.param({"township_code": "620602199000"}, "does not start with its county code 620621",
                 id="prefix-of-another-county"),
    pytest.param({"county_code": "620699", "township_code": "620699199000"},
                 "row 3: county_code: no county 620699 in the gazetteer", id="county-missing"),
    pytest.param({"county_code": "620600", "township_code": "620600199000"},
                 "row 3: county_code: 6 or 12 digits, a county code", id="city-as-county"),
    pytest.param({"county_name": "古浪县"}, "row 3: county_name: 620621 is 民勤县, not 古浪县",
                 id="county-name-disagrees"),
    pytest.param({"township_name": ""}, "row 3: township_name: required", id="no-name"),
    pytest.param({"lon": ""}, "row 3: lon: lat and lon are both given", id="lat-without-lon"),
    pytest.param({"lat": "", "lon": "103.1"}, "row 3: lat: lat and lon are both given", id="lon-without-lat"),
    pytest.param({"lat": "abc"}, "row 3: lat: lat and lon are both given", id="lat-not-a-number"),
    pytest.param({"lat": "103.10", "lon": "38.70"}, "row 3: lat: lat and lon look swapped", id="swapped"),
    pytest.param({"lat": "48.85", "lon": "2.35"}, "row 3: lon: outside China", id="paris"),
    pytest.param({"lat": "nan", "lon": "nan"}, "row 3: lat: lat and lon are both given", id="nan"),
    pytest.param({"population": "-5"}, "row 3: population: a whole number", id="negative-population"),
    pytest.param({"population": "12000.5"}, "row 3: population: a whole number", id="fractional"),
    pytest.param({"population": "1.2万"}, "row 3: population: a whole number", id="wan"),
    pytest.param({"population_year": "2099"}, "row 3: population_year: a year from 1953", id="future-year"),
    pytest.param({"population": "", "population_year": "2020"},
                 "row 3: population_year: given without a population", id="year-alone"),
    pytest.param({"kind": "village"}, "row 3: kind: one of street", id="unknown-kind"),
])
def test_fault_bad_row_is_named_and_nothing_is_written(gazetteer, tmp_path, cells, fault):
    path = write_csv(tmp_path, [township(township_code="620621198000", township_name="甲镇"),
                                township(**cells)])
    with pytest.raises(CommandError, match="nothing written") as info:
        run(path)
    assert fault in str(info.value)
    assert not Division.objects.filter(code__in=["620621198000", "620621199000"]).exists()


def test_fault_every_bad_row_is_reported_at_once(gazetteer, tmp_path):
    path = write_csv(tmp_path, [township(population="-1"), township(township_code="620621198000", lat="x"),
                                township(township_code="620621197000", township_name="甲镇"),
                                township()])
    with pytest.raises(CommandError) as info:
        run(path)
    message = str(info.value)
    assert message.startswith("2 fault(s), nothing written")
    assert "row 2: population" in message and "row 3: lat" in message
    assert "repeats" not in message  # row 5 repeats row 2's code, but row 2 itself was refused
    assert not Division.objects.filter(code__in=["620621199000", "620621198000", "620621197000"]).exists()


def test_fault_repeated_code_names_the_first_row(gazetteer, tmp_path):
    with pytest.raises(CommandError, match="row 3: township_code: repeats row 2"):
        run(write_csv(tmp_path, [township(), township(township_name="新河乡")]))


def test_fault_file_without_the_required_columns(gazetteer, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("code,name\n620621199000,新河镇\n", encoding="utf-8")
    with pytest.raises(CommandError, match="row 1: county_code,township_code,township_name: missing"):
        run(path)


def test_fault_missing_file(gazetteer, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "nope.csv")
