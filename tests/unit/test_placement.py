"""Greedy placement of new outlets (geo/rules/placement.py), on hand-checkable lines of townships.

Townships are placed along one geodesic from a base point, at 0, 25, 50 and 100 km: the distance
between two of them is the difference of their positions, so every reach set can be checked by hand.
"""

from __future__ import annotations

import pytest
from pyproj import Geod

from geo.rules.coverage import pair_geodesic_km
from geo.rules.placement import METHOD, Site, Target, place_outlets, reach

GEOD = Geod(ellps="WGS84")
BASE = (37.9, 102.6)


def along(km: float) -> tuple[float, float]:
    lon, lat, _ = GEOD.fwd(BASE[1], BASE[0], 70.0, km * 1000.0)
    return lat, lon


POSITIONS = {"t000": 0, "t025": 25, "t050": 50, "t100": 100}


def line(populations: dict[str, int | None]) -> tuple[list[Site], list[Target]]:
    sites = [Site(code, *along(km)) for code, km in POSITIONS.items()]
    targets = [Target(code, *along(POSITIONS[code]), population) for code, population in populations.items()]
    return sites, targets


def test_method_is_named_as_greedy_and_its_bound():
    assert METHOD == "greedy maximum coverage, (1-1/e)-approximate"


def test_reach_sets_follow_the_radius_along_the_line():
    sites, targets = line({"t000": 1, "t025": 1, "t050": 1, "t100": 1})
    sets = [sorted(targets[i].code for i in r) for r in reach(sites, targets, 30.0)]
    assert sets == [["t000", "t025"], ["t000", "t025", "t050"], ["t025", "t050"], ["t100"]]


def test_population_comes_first_then_townships_and_greedy_stops_when_nobody_is_left():
    sites, targets = line({"t000": 1000, "t025": None, "t050": 2000, "t100": 5000})
    steps = place_outlets(sites, targets, k=3, radius_km=30.0)
    assert [s.seat for s in steps] == ["t100", "t025"]  # 5,000 people, then 3,000 (3 townships)
    assert [s.newly_served for s in steps] == [("t100",), ("t000", "t025", "t050")]
    assert [s.population for s in steps] == [5000, 3000]
    assert [s.population_unknown for s in steps] == [0, 1]


def test_unknown_population_counts_as_townships_only():
    sites, targets = line({"t000": None, "t025": None, "t050": None, "t100": None})
    steps = place_outlets(sites, targets, k=1, radius_km=30.0)
    assert steps[0].seat == "t025" and steps[0].population == 0
    assert steps[0].population_unknown == 3


def test_only_unserved_townships_count_so_a_served_seat_can_still_be_chosen():
    sites, targets = line({"t000": 400, "t050": 300})  # t025 and t100 are served already
    steps = place_outlets(sites, targets, k=2, radius_km=30.0)
    assert [s.seat for s in steps] == ["t025"]
    assert steps[0].newly_served == ("t000", "t050")


def test_radius_boundary_is_inclusive_on_the_exact_geodesic():
    seat, town = along(0), along(25)
    exact = float(pair_geodesic_km([seat[0]], [seat[1]], [town[0]], [town[1]])[0])
    sites, targets = [Site("s", *seat)], [Target("t", *town, 10)]
    assert place_outlets(sites, targets, k=1, radius_km=exact)[0].newly_served == ("t",)
    assert place_outlets(sites, targets, k=1, radius_km=exact - 1e-6) == []


def test_equal_gains_go_to_the_lower_seat_code():
    sites, targets = line({"t000": 10, "t100": 10})
    steps = place_outlets(sites, targets, k=1, radius_km=5.0)
    assert steps[0].seat == "t000"


@pytest.mark.parametrize("k", [0, 1, 4])
def test_never_more_than_k_steps(k):
    sites, targets = line({"t000": 1, "t025": 2, "t050": 3, "t100": 4})
    assert len(place_outlets(sites, targets, k=k, radius_km=1.0)) == min(k, 4)
