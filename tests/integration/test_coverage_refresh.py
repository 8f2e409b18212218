"""Coverage refresh against real PostgreSQL: full vs incremental, the date, idempotent jobs.

Outlets are written through the registry services (the hook marks them changed), then the
job's service refreshes incrementally; a full refresh afterwards must store identical rows.
"""

from __future__ import annotations

import random
import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from geo.models import Division
from service_net.coverage.services import (
    INCREMENTAL_LIMIT,
    coverage_outlets_changed,
    coverage_refresh,
    coverage_refresh_pending,
    coverage_sweep,
)
from service_net.models import (
    CoverageDirtyOutlet,
    CoverageOutlet,
    CoverageRefreshRequest,
    CoverageRun,
    Outlet,
    TownshipCoverage,
)
from tests.integration.coverage_support import (
    CATEGORIES,
    change_state,
    outlet_at,
    put,
    refresh_kwargs,
    row_of,
    snapshot,
    township,
)

pytestmark = pytest.mark.django_db

HUANGYANG, ZHANGYI, DONGHU = "620602100000", "620602113000", "620621104000"


def located_townships() -> list[Division]:
    return list(Division.objects.filter(level="township", lat__isnull=False).order_by("code"))


def test_full_refresh_stores_every_township_and_category_with_each_kind_apart(manufacturer_admin):
    maker, _ = manufacturer_admin
    hy = township(HUANGYANG)
    put(maker, [outlet_at(1, hy.lat, hy.lon, radius=10, touring=[(ZHANGYI, 0.5)]),
                outlet_at(2, 38.9, 103.6, remote=True, touring=[(DONGHU, 1)])])
    run = coverage_refresh(**refresh_kwargs())
    assert run.kind == "full" and TownshipCoverage.objects.count() == run.rows_written
    assert run.rows_written == Division.objects.filter(level="township").count() * 15
    home = row_of(HUANGYANG)
    assert (home.home_visit, home.touring, home.remote_diagnosis) == (True, False, True)
    assert home.nearest_outlet_km == pytest.approx(0.0, abs=1e-6)
    assert row_of(ZHANGYI).touring is False  # every two months is not monthly
    assert row_of(DONGHU).touring is True and row_of(DONGHU).home_visit is False
    assert row_of(HUANGYANG, "washing_machine").nearest_outlet_id is None


def test_township_without_a_point_has_unknown_home_visits_but_decided_touring(manufacturer_admin):
    maker, _ = manufacturer_admin
    unknown = Division.objects.filter(level="township", lat__isnull=True).order_by("code")[0]
    put(maker, [outlet_at(1, unknown.parent.lat, unknown.parent.lon, radius=400,
                          touring=[(unknown.code, 2)])])
    coverage_refresh(**refresh_kwargs())
    row = row_of(unknown.code)
    assert (row.home_visit, row.touring, row.nearest_outlet_id, row.nearest_outlet_km) == (
        None, True, None, None)


def test_moving_the_nearest_outlet_away_hands_townships_to_the_next_nearest(manufacturer_admin):
    maker, _ = manufacturer_admin
    hy, zy = township(HUANGYANG), township(ZHANGYI)
    ids = put(maker, [outlet_at(1, hy.lat, hy.lon, radius=10), outlet_at(2, zy.lat, zy.lon)])
    coverage_refresh(**refresh_kwargs())
    assert row_of(HUANGYANG).nearest_outlet_id == ids["EXT-1"]
    put(maker, [outlet_at(1, 38.95, 103.67, radius=10)])  # to 民勤县
    run = coverage_refresh_pending(**refresh_kwargs())
    assert run.kind == "incremental" and run.outlets_changed == 1
    row = row_of(HUANGYANG)
    assert row.nearest_outlet_id == ids["EXT-2"] and row.home_visit is False
    assert row.nearest_outlet_km == pytest.approx(23.9, abs=0.5)
    assert row_of(DONGHU).home_visit is True


def test_suspending_an_outlet_withdraws_its_service_and_reinstating_restores_it(manufacturer_admin):
    maker, _ = manufacturer_admin
    hy = township(HUANGYANG)
    ids = put(maker, [outlet_at(1, hy.lat, hy.lon, radius=10, remote=True)])
    coverage_refresh(**refresh_kwargs())
    change_state(ids["EXT-1"], "suspend")
    coverage_refresh_pending(**refresh_kwargs())
    row = row_of(HUANGYANG)
    assert (row.home_visit, row.remote_diagnosis, row.nearest_outlet_id) == (False, False, None)
    assert not row_of(DONGHU).remote_diagnosis  # remote flips for the whole category
    change_state(ids["EXT-1"], "reinstate")
    coverage_refresh_pending(**refresh_kwargs())
    assert row_of(HUANGYANG).home_visit is True and row_of(DONGHU).remote_diagnosis is True


def test_an_authorization_ending_today_drops_out_tomorrow_without_any_write(manufacturer_admin, today):
    maker, _ = manufacturer_admin
    hy = township(HUANGYANG)
    put(maker, [outlet_at(1, hy.lat, hy.lon, radius=10, valid_to=today.isoformat())])
    coverage_refresh(**refresh_kwargs(today))
    assert row_of(HUANGYANG).home_visit is True
    run = coverage_refresh_pending(**refresh_kwargs(today + timedelta(days=1)))
    assert run.kind == "incremental" and run.outlets_changed == 1
    assert row_of(HUANGYANG).home_visit is False
    incremental = snapshot()
    coverage_refresh(**refresh_kwargs(today + timedelta(days=1)))
    assert snapshot() == incremental


def test_job_run_twice_has_one_effect(manufacturer_admin):
    maker, _ = manufacturer_admin
    hy = township(HUANGYANG)
    put(maker, [outlet_at(1, hy.lat, hy.lon, radius=10)])
    coverage_refresh(**refresh_kwargs())
    put(maker, [outlet_at(1, hy.lat, hy.lon, radius=30)])
    first = coverage_refresh_pending(**refresh_kwargs())
    rows = list(TownshipCoverage.objects.order_by("id").values_list())
    second = coverage_refresh_pending(**refresh_kwargs())
    assert first is not None and second is None
    assert list(TownshipCoverage.objects.order_by("id").values_list()) == rows
    assert CoverageRun.objects.count() == 2
    assert not CoverageDirtyOutlet.objects.exists()


def test_a_large_batch_or_a_gazetteer_change_makes_the_job_refresh_fully(manufacturer_admin):
    coverage_refresh(**refresh_kwargs())
    coverage_outlets_changed(outlet_ids=range(1, INCREMENTAL_LIMIT + 2), at=refresh_kwargs()["at"])
    assert not CoverageDirtyOutlet.objects.exists() and CoverageRefreshRequest.objects.get().full
    assert coverage_refresh_pending(**refresh_kwargs()).reason == "large batch"
    Division.objects.filter(code=HUANGYANG).update(lat=37.7)
    assert coverage_refresh_pending(**refresh_kwargs()).reason == "gazetteer or categories changed"


def test_sweep_notices_an_outlet_deleted_outside_the_services(manufacturer_admin):
    maker, _ = manufacturer_admin
    hy = township(HUANGYANG)
    ids = put(maker, [outlet_at(1, hy.lat, hy.lon, radius=10)])
    coverage_refresh(**refresh_kwargs())
    Outlet.objects.filter(id=ids["EXT-1"]).delete()
    kwargs = refresh_kwargs()
    assert coverage_sweep(at=kwargs["at"], today=kwargs["today"]) is None  # queued in the test txn
    assert CoverageRefreshRequest.objects.get().requested_at is not None
    coverage_refresh_pending(**kwargs)
    assert row_of(HUANGYANG).nearest_outlet_id is None
    assert not CoverageOutlet.objects.exists()


# --- full and incremental agree after random changes ---------------------------------------------

def _random_row(rng: random.Random, n: int, towns: list[Division]) -> dict:
    town = rng.choice(towns)
    return outlet_at(
        n, town.lat + rng.uniform(-0.15, 0.15), town.lon + rng.uniform(-0.15, 0.15),
        radius=rng.choice([None, 5, 10, 20, 40]), remote=rng.random() < 0.2,
        touring=[(t.code, rng.choice([0.5, 1, 2])) for t in rng.sample(towns, rng.randint(0, 2))],
        categories=rng.sample(CATEGORIES, rng.randint(1, 3)))


def _random_change(rng, makers, ids, towns, state):
    maker = rng.choice(makers)
    kind = rng.choice(["move", "move", "modes", "suspend", "add", "categories"])
    own = sorted(ids[maker.id])
    if kind == "add" or not own:
        n = state["next"] = state["next"] + 1
        state["rows"][(maker.id, n)] = row = _random_row(rng, n, towns)
        ids[maker.id][n] = put(maker, [row])[f"EXT-{n}"]
        return kind
    n = rng.choice(own)
    if kind == "suspend":
        change_state(ids[maker.id][n], rng.choice(["suspend", "revoke"]))
        ids[maker.id].pop(n)
        return kind
    row = _random_row(rng, n, towns)
    if kind == "categories":
        row = {**state["rows"][(maker.id, n)], "categories": row["categories"]}
    elif kind == "modes":
        row = {**state["rows"][(maker.id, n)], "service_modes": row["service_modes"]}
    put(maker, [row])
    state["rows"][(maker.id, n)] = row
    return kind


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_refresh_equals_full_refresh_after_random_changes(
        manufacturer_admin, other_manufacturer, seed):
    rng, towns = random.Random(seed), located_townships()
    makers = [manufacturer_admin[0], other_manufacturer[0]]
    ids, state = {m.id: {} for m in makers}, {"next": 0, "rows": {}}
    for maker in makers:
        for _ in range(12):
            n = state["next"] = state["next"] + 1
            row = _random_row(rng, n, towns)
            state["rows"][(maker.id, n)] = row
            ids[maker.id][n] = put(maker, [row])[f"EXT-{n}"]
    coverage_refresh(**refresh_kwargs())
    for _ in range(10):
        kinds = [_random_change(rng, makers, ids, towns, state) for _ in range(rng.randint(1, 3))]
        run = coverage_refresh_pending(**refresh_kwargs())
        assert run.kind == "incremental", kinds
        assert run.rows_written < len(snapshot()) / 2, kinds  # only what the change can touch
        incremental = snapshot()
        coverage_refresh(**refresh_kwargs())
        assert snapshot() == incremental, kinds


# --- the job: coalesced on real Redis, run by a real RQ worker ------------------------------------

def _queue():
    import django_rq

    return django_rq.get_queue("default")


def _work() -> None:
    import django_rq

    django_rq.get_worker("default").work(burst=True)


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_50_upserts_queues_one_job_and_a_worker_refreshes(redis_conn, gazetteer,
                                                                     manufacturer_admin):
    maker, _ = manufacturer_admin
    hy = township(HUANGYANG)
    for n in range(1, 51):  # 50 separate transactions, each committing a registry write
        put(maker, [outlet_at(n, hy.lat + n * 0.001, hy.lon, radius=10)])
    assert _queue().count == 1
    _work()
    run = CoverageRun.objects.get()
    assert run.kind == "full" and run.actor == "system:coverage_job"
    assert row_of(HUANGYANG).home_visit is True
    assert CoverageRefreshRequest.objects.get().requested_at is None
    put(maker, [outlet_at(1, 38.95, 103.67, radius=10)])
    put(maker, [outlet_at(2, 38.95, 103.67, radius=10)])
    assert _queue().count == 1
    _work()
    assert CoverageRun.objects.latest("id").kind == "incremental"
    assert CoverageRun.objects.latest("id").outlets_changed == 2
    assert row_of(DONGHU).home_visit is True


@pytest.mark.django_db(transaction=True)
def test_writes_during_a_run_queue_exactly_one_more_job(redis_conn, gazetteer, manufacturer_admin):
    maker, _ = manufacturer_admin
    hy = township(HUANGYANG)
    put(maker, [outlet_at(1, hy.lat, hy.lon, radius=10)])
    _queue().empty()  # run that job here instead, with writes in the middle of it

    def writes_meanwhile(done, total, label):
        if done == 1:
            writer = threading.Thread(target=_write_two, args=(maker,))
            writer.start()
            writer.join()

    coverage_refresh_pending(progress=writes_meanwhile, **refresh_kwargs())
    assert _queue().count == 1
    assert CoverageDirtyOutlet.objects.count() == 2
    _work()
    last = CoverageRun.objects.latest("id")
    assert (last.kind, last.outlets_changed) == ("incremental", 2)


def _write_two(maker) -> None:
    try:
        put(maker, [outlet_at(2, 38.95, 103.67, radius=10)])
        put(maker, [outlet_at(3, 38.96, 103.67, radius=10)])
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_refresh_at_once(gazetteer, manufacturer_admin):
    maker, _ = manufacturer_admin
    hy = township(HUANGYANG)
    put(maker, [outlet_at(1, hy.lat, hy.lon, radius=10)])
    results = {}

    def second_worker():
        try:
            results["second"] = coverage_refresh_pending(**refresh_kwargs())
        finally:
            connection.close()

    second = threading.Thread(target=second_worker)

    def start_second(done, total, label):
        if done == 1:
            second.start()
            second.join(timeout=1.0)
            results["blocked"] = second.is_alive()

    coverage_refresh(progress=start_second, **refresh_kwargs())
    second.join(timeout=120)
    assert results["blocked"] is True  # it waited for the row lock while the first one ran
    assert results["second"] is None  # and then found nothing left to do
    assert CoverageRun.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@override_settings(REDIS_URL="")
def test_without_redis_a_registry_write_refreshes_coverage_inline_after_commit(gazetteer,
                                                                               manufacturer_admin):
    maker, _ = manufacturer_admin
    hy = township(HUANGYANG)
    put(maker, [outlet_at(1, hy.lat, hy.lon, radius=10)])
    assert row_of(HUANGYANG).home_visit is True
    put(maker, [outlet_at(1, 38.95, 103.67, radius=10)])
    assert row_of(HUANGYANG).home_visit is False
    assert list(CoverageRun.objects.order_by("id").values_list("kind", flat=True)) == [
        "full", "incremental"]


@pytest.mark.django_db(transaction=True)
@override_settings(REDIS_URL="", COVERAGE_REFRESH_ON_WRITE=False)
def test_with_refresh_on_write_off_writes_only_record_their_changes(gazetteer, manufacturer_admin):
    maker, _ = manufacturer_admin
    hy = township(HUANGYANG)
    put(maker, [outlet_at(1, hy.lat, hy.lon, radius=10)])
    assert not CoverageRun.objects.exists() and CoverageDirtyOutlet.objects.count() == 1
    kwargs = refresh_kwargs()
    assert coverage_sweep(at=kwargs["at"], today=kwargs["today"]).startswith("coverage-refresh-")
    assert CoverageRun.objects.get().kind == "full" and row_of(HUANGYANG).home_visit is True


def test_coverage_refresh_command_shows_a_progress_bar_on_stderr(manufacturer_admin):
    out, err = StringIO(), StringIO()
    call_command("coverage_refresh", stdout=out, stderr=err)
    assert "15/15" in err.getvalue() and "[" + "#" * 30 + "]" in err.getvalue()
    assert "full refresh" in out.getvalue()
    out = StringIO()
    call_command("coverage_refresh", "--pending", stdout=out, stderr=StringIO())
    assert "up to date" in out.getvalue()
