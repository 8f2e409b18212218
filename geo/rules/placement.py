"""Where would new outlets help most: greedy maximum coverage over township seats.

Purpose: for a region and category, pick k township seats (镇/乡政府驻地) for new outlets making
home visits within `radius_km`, so that as many townships as possible that have no service on
site today (no home visit, no touring; domain.md §7, seed policy item 13) become served.

Choosing the best k sites is the maximum coverage problem (NP-hard). The greedy method used
here — each step takes the seat that newly serves the most — is (1-1/e)-approximate
(Nemhauser, Wolsey & Fisher 1978): its total is at least 63 % of the best possible.

Weights: a township weighs its population where known. Townships whose population is unknown
count as townships only (no population is invented): a step's gain compares population newly
served first, then the number of townships newly served; remaining ties go to the lower code.
Distances are exact WGS-84 geodesics; the radius boundary is inclusive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from geo.index import GC_MARGIN, chord_for_km, pair_geodesic_km, unit_vectors

METHOD = "greedy maximum coverage, (1-1/e)-approximate"


@dataclass(frozen=True)
class Site:
    """A candidate seat for a new outlet: a township's point."""

    code: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Target:
    """A township without service on site today, with a known point."""

    code: str
    lat: float
    lon: float
    population: int | None


@dataclass(frozen=True)
class PlacementStep:
    seat: str
    newly_served: tuple[str, ...]  # township codes, in code order
    population: int  # newly served population, where known
    population_unknown: int  # newly served townships whose population is not known


def reach(sites: Sequence[Site], targets: Sequence[Target], radius_km: float) -> list[np.ndarray]:
    """For each site, the positions of the targets within `radius_km` (geodesic, inclusive)."""
    if not sites or not targets:
        return [np.zeros(0, dtype=np.int64) for _ in sites]
    t_lat = np.array([t.lat for t in targets])
    t_lon = np.array([t.lon for t in targets])
    tree = cKDTree(unit_vectors(t_lat, t_lon))
    s_lat = np.array([s.lat for s in sites])
    s_lon = np.array([s.lon for s in sites])
    balls = tree.query_ball_point(unit_vectors(s_lat, s_lon),
                                  float(chord_for_km(radius_km * GC_MARGIN)))
    reached = []
    for i, ball in enumerate(balls):
        ball = np.array(sorted(ball), dtype=np.int64)
        km = pair_geodesic_km(np.full(len(ball), s_lat[i]), np.full(len(ball), s_lon[i]),
                              t_lat[ball], t_lon[ball])
        reached.append(ball[km <= radius_km])
    return reached


def place_outlets(sites: Sequence[Site], targets: Sequence[Target], *, k: int,
                  radius_km: float) -> list[PlacementStep]:
    """Up to k seats in the order greedy picks them; stops early when no seat serves anyone new."""
    reached = reach(sites, targets, radius_km)
    population = np.array([t.population or 0 for t in targets], dtype=np.int64)
    served = np.zeros(len(targets), dtype=bool)
    steps: list[PlacementStep] = []
    order = sorted(range(len(sites)), key=lambda i: sites[i].code)
    for _ in range(k):
        best, best_gain = None, (0, 0)
        for i in order:
            new = reached[i][~served[reached[i]]]
            gain = (int(population[new].sum()), len(new))
            if gain > best_gain:
                best, best_gain = i, gain
        if best is None:
            break
        new = reached[best][~served[reached[best]]]
        served[new] = True
        codes = tuple(sorted(targets[j].code for j in new))
        steps.append(PlacementStep(
            seat=sites[best].code, newly_served=codes, population=best_gain[0],
            population_unknown=sum(1 for j in new if targets[j].population is None)))
    return steps
