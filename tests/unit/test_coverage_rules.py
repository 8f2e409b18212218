"""Coverage rules (geo/rules/coverage.py): each kind of service apart, exact geodesic, domain.md §7.

Points are placed with pyproj's direct geodesic from a base point in 武威, so the distances in
each case are known by construction (and checked against the great-circle value they differ
from: at 38° N a north-south km is shorter, an east-west km longer than on the mean sphere).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from pyproj import Geod

from geo.rules.coverage import (
    NO_OUTLET,
    OutletPoint,
    Points,
    ServingOutlets,
    TownshipStatus,
    assess,
    home_visit_reached,
    nearest_outlets,
    pair_geodesic_km,
    rank_gaps,
    rollup,
    touring_serves,
)

GEOD = Geod(ellps="WGS84")
BASE = (38.0, 102.6)  # lat, lon near 凉州区


def at(km: float, azimuth: float, origin=BASE) -> tuple[float, float]:
    """The point `km` (geodesic) from origin towards azimuth (0 north, 90 east)."""
    lon, lat, _ = GEOD.fwd(origin[1], origin[0], azimuth, km * 1000.0)
    return lat, lon


def great_circle_km(a, b) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def outlets(*rows: OutletPoint) -> ServingOutlets:
    return ServingOutlets.of(list(rows))


def test_one_degree_of_latitude_at_the_equator_is_110_574_km():
    assert pair_geodesic_km([0.0], [0.0], [1.0], [0.0])[0] == pytest.approx(110.574, abs=0.001)


# --- home visits: the declared radius, exact geodesic, boundary inclusive ------------------------

def test_township_exactly_at_the_radius_is_served_and_a_metre_beyond_is_not():
    town = at(12.3456, 45.0)
    exact = float(pair_geodesic_km([BASE[0]], [BASE[1]], [town[0]], [town[1]])[0])
    towns = Points.of([town])
    assert home_visit_reached(towns, outlets(OutletPoint(1, *BASE, exact)))[0]
    assert not home_visit_reached(towns, outlets(OutletPoint(1, *BASE, exact - 0.001)))[0]


def test_north_south_pair_inside_the_radius_by_geodesic_though_the_sphere_says_outside():
    town = at(9.99, 0.0)
    assert great_circle_km(BASE, town) > 10.0  # a spherical rule would say "not served"
    assert home_visit_reached(Points.of([town]), outlets(OutletPoint(1, *BASE, 10.0)))[0]


def test_east_west_pair_outside_the_radius_by_geodesic_though_the_sphere_says_inside():
    town = at(10.01, 90.0)
    assert great_circle_km(BASE, town) < 10.0  # a spherical rule would say "served"
    assert not home_visit_reached(Points.of([town]), outlets(OutletPoint(1, *BASE, 10.0)))[0]


def test_outlet_without_home_visits_serves_no_township_by_home_visit_even_next_door():
    towns = Points.of([at(0.5, 10.0)])
    assert not home_visit_reached(towns, outlets(OutletPoint(1, *BASE, None)))[0]


def test_any_one_outlet_reaching_is_enough_and_each_is_judged_by_its_own_radius():
    towns = Points.of([at(15, 0), at(25, 180), at(40, 90)])
    reached = home_visit_reached(towns, outlets(
        OutletPoint(1, *BASE, 20.0), OutletPoint(2, *at(50, 90), 12.0)))
    assert reached.tolist() == [True, False, True]  # 15 <= 20; 25 > 20; 10 km from outlet 2


@pytest.mark.parametrize("n_outlets, radii", [
    pytest.param(20, [np.nan, 3.0, 5.0, 5.2, 8.0, 12.5, 30.0], id="few-outlets-ball-per-outlet"),
    pytest.param(4000, [np.nan, 0.3, 0.5, 0.52, 1.0, 1.7], id="many-outlets-radius-buckets"),
])
def test_home_visit_reach_matches_brute_force_geodesic(n_outlets, radii):
    rng = np.random.default_rng(n_outlets)
    towns = Points(rng.uniform(37, 38, 400), rng.uniform(102, 103.3, 400))
    radius = rng.choice(radii, n_outlets)
    pool = ServingOutlets.columns(np.arange(n_outlets), rng.uniform(37, 38, n_outlets),
                                  rng.uniform(102, 103.3, n_outlets), radius,
                                  np.zeros(n_outlets, dtype=bool))
    expected = np.zeros(len(towns), dtype=bool)
    for i in range(len(towns)):
        d = pair_geodesic_km(np.full(n_outlets, towns.lat[i]), np.full(n_outlets, towns.lon[i]),
                             pool.points.lat, pool.points.lon)
        expected[i] = bool((d <= radius).any())
    assert 0 < expected.sum() < len(towns)
    assert home_visit_reached(towns, pool).tolist() == expected.tolist()


# --- touring: at least monthly -------------------------------------------------------------------

@pytest.mark.parametrize("visits, serves", [
    pytest.param(1, True, id="once-a-month-is-monthly-domain-7"),
    pytest.param(0.5, False, id="every-two-months-is-not-domain-7"),
    pytest.param(0.9, False, id="just-under-monthly"),
    pytest.param(4, True, id="weekly"),
    pytest.param(None, False, id="no-stop"),
])
def test_touring_serves_when_visited_at_least_monthly(visits, serves):
    assert touring_serves(visits) is serves


def test_assess_keeps_touring_apart_from_home_visits_and_decides_it_without_a_location():
    towns = Points.of([at(5, 0), None, at(300, 0)])
    result = assess(towns, outlets(OutletPoint(7, *BASE, 10.0)), np.array([0.5, 1.0, 2.0]))
    assert result.home_visit.tolist() == [True, False, False]
    assert result.touring.tolist() == [False, True, True]
    assert result.location_known.tolist() == [True, False, True]


def test_township_without_a_location_has_no_nearest_outlet():
    result = assess(Points.of([None]), outlets(OutletPoint(7, *BASE, 10.0)), np.zeros(1))
    assert result.nearest_outlet_id[0] == NO_OUTLET and np.isnan(result.nearest_km[0])


# --- remote diagnosis: advice only, anywhere ------------------------------------------------------

def test_remote_diagnosis_is_offered_everywhere_once_any_outlet_offers_it():
    towns = Points.of([at(5, 0), at(900, 45), None])
    without = assess(towns, outlets(OutletPoint(1, *BASE, 10.0)), np.zeros(3))
    with_remote = assess(towns, outlets(OutletPoint(1, *BASE, 10.0),
                                        OutletPoint(2, *at(2000, 270), None, True)), np.zeros(3))
    assert without.remote_diagnosis.tolist() == [False] * 3
    assert with_remote.remote_diagnosis.tolist() == [True] * 3
    assert with_remote.home_visit.tolist() == [True, False, False]  # remote never counts as on site


def test_remote_flag_can_be_given_for_a_local_subset_of_outlets():
    result = assess(Points.of([at(5, 0)]), outlets(OutletPoint(1, *BASE)), np.zeros(1), remote=True)
    assert result.remote_diagnosis.tolist() == [True]


# --- nearest authorized outlet: exact geodesic --------------------------------------------------

def test_nearest_is_the_geodesic_nearest_even_when_four_outlets_are_nearer_by_chord():
    """Due north 10.00 km (sphere 10.02 km) beats four outlets due east at 10.01 km (sphere 9.99)."""
    north = at(10.0, 0.0)
    easts = [at(10.01 + i * 0.001, 90.0 + i * 0.01) for i in range(4)]
    assert all(great_circle_km(BASE, e) < great_circle_km(BASE, north) for e in easts)
    pool = outlets(*(OutletPoint(10 + i, *e) for i, e in enumerate(easts)), OutletPoint(99, *north))
    position, km = nearest_outlets(Points.of([BASE]), pool)
    assert pool.outlet_id[position[0]] == 99
    assert km[0] == pytest.approx(10.0, abs=1e-6)


def test_equal_distances_go_to_the_lower_outlet_id():
    same = at(3.0, 120.0)
    pool = outlets(OutletPoint(42, *same), OutletPoint(17, *same), OutletPoint(99, *same))
    position, _ = nearest_outlets(Points.of([BASE]), pool)
    assert pool.outlet_id[position[0]] == 17


def test_nearest_matches_brute_force_geodesic_on_random_points():
    rng = np.random.default_rng(7)
    towns = Points(rng.uniform(36, 40, 300), rng.uniform(100, 105, 300))
    pool = ServingOutlets.columns(np.arange(2000), rng.uniform(36, 40, 2000),
                                  rng.uniform(100, 105, 2000), np.full(2000, np.nan),
                                  np.zeros(2000, dtype=bool))
    position, km = nearest_outlets(towns, pool)
    for i in range(len(towns)):
        d = pair_geodesic_km(np.full(2000, towns.lat[i]), np.full(2000, towns.lon[i]),
                             pool.points.lat, pool.points.lon)
        assert position[i] == int(np.argmin(d)) and km[i] == pytest.approx(d.min(), abs=1e-9)


def test_no_authorized_outlet_means_no_nearest_and_no_service():
    result = assess(Points.of([BASE]), outlets(), np.zeros(1))
    assert result.nearest_outlet_id.tolist() == [NO_OUTLET]
    assert not result.home_visit[0] and not result.remote_diagnosis[0]


# --- rollups and gaps ---------------------------------------------------------------------------

def status(code, population=None, home=False, touring=False, remote=False, county="620602000000"):
    return TownshipStatus(code, county, population, home, touring, remote)


def test_rollup_counts_each_kind_apart_and_population_only_where_known():
    r = rollup([
        status("a", 1000, home=True, touring=True),
        status("b", None, home=True),
        status("c", 300, touring=True),
        status("d", 200, remote=True),
        status("e", 50),
        status("f", None, home=None),
        status("g", 70, home=None, touring=True),
    ])
    assert r.townships == 7 and r.location_unknown == 2 and r.population_unknown == 2
    assert r.townships_by_kind == {"home_visit": 2, "touring": 3, "remote_only": 1, "unserved": 1,
                                   "undetermined": 1}
    assert r.population_by_kind == {"home_visit": 1000, "touring": 1370, "remote_only": 200,
                                    "unserved": 50, "undetermined": 0}


def test_gaps_rank_by_population_with_unknown_last_and_include_remote_only():
    ranked = rank_gaps([
        status("620602101000", None),
        status("620602102000", 800, remote=True),
        status("620602103000", 5000),
        status("620602104000", 9000, home=True),  # served: not a gap
        status("620602105000", 7000, touring=True),  # served by touring: not a gap
        status("620602106000", None, home=None),  # location unknown: after the known ones
        status("620602100000", None),
    ])
    assert [s.code for s in ranked] == ["620602103000", "620602102000", "620602100000",
                                        "620602101000", "620602106000"]
    assert ranked[1].remote_only and not ranked[0].remote_only
