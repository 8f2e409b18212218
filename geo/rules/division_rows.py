"""Checking township rows of an import file (the columns of geo/data/wuwei_townships.csv).

Plain Python: the counties that exist and the current year are parameters. Every row is checked
and every fault reported with its row number (the header is row 1), so a file is fixed in one
pass. An empty cell is "not known in this file": it is returned as None, never as zero, and the
import keeps the stored value (see divisions_import).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .address import short_name
from .codes import code_level, full_code
from .coords import china_location_problem

REQUIRED_COLUMNS = ("county_code", "township_code", "township_name")
COLUMNS = REQUIRED_COLUMNS + ("county_name", "kind", "lat", "lon", "population", "population_year",
                              "source")
KINDS = {"street": "urban", "urban": "urban", "town": "rural", "township": "rural", "rural": "rural"}
FIRST_CENSUS_YEAR = 1953
MAX_POPULATION = 2_147_483_647  # the column's limit


@dataclass(frozen=True)
class TownshipRecord:
    row: int
    code: str
    name: str
    county_code: str
    kind: str | None
    lat: float | None
    lon: float | None
    population: int | None
    population_year: int | None
    source: str | None


@dataclass
class CheckedRows:
    records: list[TownshipRecord]
    skipped: list[dict]  # {row, name, reason}: rows without a code, loaded by no one
    errors: list[dict]   # {row, field, reason}


class _Faults(list):
    def add(self, row: int, field: str, reason: str) -> None:
        self.append({"row": row, "field": field, "reason": reason})


def township_rows_check(rows: list[dict], *, counties: dict[str, str], this_year: int,
                        first_row: int = 2) -> CheckedRows:
    """Check every row; `counties` maps the 12-digit codes of existing counties to their names."""
    result = CheckedRows([], [], [])
    faults = _Faults()
    missing = [c for c in REQUIRED_COLUMNS if rows and c not in rows[0]]
    if missing or not rows:
        faults.add(1, ",".join(missing) or "file", "missing columns" if missing else "no rows")
        result.errors = faults
        return result
    seen: dict[str, int] = {}
    for number, raw in enumerate(rows, start=first_row):
        cells = {k: (raw.get(k) or "").strip() for k in COLUMNS}
        if not cells["township_code"]:
            result.skipped.append({"row": number, "name": cells["township_name"],
                                   "reason": "no township_code: not loaded (codes are never invented)"})
            continue
        record = _record(number, cells, counties, this_year, faults)
        if record and record.code in seen:
            faults.add(number, "township_code", f"repeats row {seen[record.code]}")
        elif record:
            seen[record.code] = number
            result.records.append(record)
    result.errors = faults
    return result


def _record(number: int, cells: dict, counties: dict[str, str], this_year: int,
            faults: _Faults) -> TownshipRecord | None:
    before = len(faults)
    code = _township_code(number, cells, counties, faults)
    if not cells["township_name"] or len(cells["township_name"]) > 64:
        faults.add(number, "township_name", "required, at most 64 characters")
    kind = cells["kind"]
    if kind and kind not in KINDS:
        faults.add(number, "kind", f"one of {', '.join(KINDS)} or empty")
    lat, lon = _point(number, cells, faults)
    population, year = _population(number, cells, this_year, faults)
    if len(faults) > before:
        return None
    return TownshipRecord(number, code, cells["township_name"], full_code(cells["county_code"]),
                          KINDS.get(kind), lat, lon, population, year, cells["source"] or None)


def _township_code(number: int, cells: dict, counties: dict[str, str], faults: _Faults) -> str:
    code, county = cells["township_code"], cells["county_code"]
    if not (len(code) == 12 and code.isdigit() and code_level(code) == "township"):
        faults.add(number, "township_code", "12 digits, a township code (e.g. 620602100000)")
        return code
    if not (len(county) in (6, 12) and county.isdigit()) or code_level(full_code(county)) != "county":
        faults.add(number, "county_code", "6 or 12 digits, a county code (e.g. 620602)")
    elif code[:6] != county[:6]:
        faults.add(number, "township_code", f"does not start with its county code {county[:6]}")
    elif full_code(county) not in counties:
        faults.add(number, "county_code", f"no county {county[:6]} in the gazetteer")
    elif cells["county_name"] and not _same_name(cells["county_name"], counties[full_code(county)]):
        faults.add(number, "county_name",
                   f"{county[:6]} is {counties[full_code(county)]}, not {cells['county_name']}")
    return code


def _same_name(given: str, stored: str) -> bool:
    return given == stored or short_name(given, "county") == short_name(stored, "county")


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _point(number: int, cells: dict, faults: _Faults) -> tuple[float | None, float | None]:
    if not cells["lat"] and not cells["lon"]:
        return None, None
    lat, lon = _number(cells["lat"]), _number(cells["lon"])
    if lat is None or lon is None:
        field = "lat" if lat is None else "lon"
        faults.add(number, field, "lat and lon are both given (decimal degrees, WGS-84) or both empty")
        return None, None
    problem = china_location_problem(lat, lon)
    if problem:
        faults.add(number, *problem)
        return None, None
    return lat, lon


def _population(number: int, cells: dict, this_year: int,
                faults: _Faults) -> tuple[int | None, int | None]:
    people, year = cells["population"], cells["population_year"]
    if people and not (people.isdigit() and int(people) <= MAX_POPULATION):
        faults.add(number, "population", "a whole number of people, 0 or more")
        people = ""
    if year and not (year.isdigit() and FIRST_CENSUS_YEAR <= int(year) <= this_year):
        faults.add(number, "population_year", f"a year from {FIRST_CENSUS_YEAR} to {this_year}")
        year = ""
    elif year and not people and not cells["population"]:
        faults.add(number, "population_year", "given without a population")
    return (int(people) if people else None), (int(year) if year else None)
