"""Issue 7's targets (2 cores), checked against one run's figures: [{what, measured, target, met}]."""

from __future__ import annotations

NEAREST_P50_MS = 1.0
GEOPY_RATIO, POSTGIS_RATIO = 100.0, 1.0
VERIFY_PER_S, VERIFY_HTTP_RATIO = 20_000, 0.5
INTAKE_RATIO, INTAKE_P99_MS = 0.10, 150.0
COVERAGE_FULL_S, COVERAGE_INCREMENTAL_S = 60.0, 1.0
IMPORT_S = 60.0


def _row(what: str, measured: str, target: str, met: bool | None) -> dict:
    return {"what": what, "measured": measured, "target": target, "met": met}


def nearest_targets(n: dict) -> list[dict]:
    rows = [_row("nearest p50 in process", f"{n['sanbao']['p50_ms']:.3f} ms", f"≤ {NEAREST_P50_MS:g} ms",
                 n["sanbao"]["p50_ms"] <= NEAREST_P50_MS)]
    g = n["geopy"]
    rows.append(_row(f"nearest vs geopy loop (p50 ratio, {g['count']} sampled queries)",
                     f"{g['ratio_p50']:,.0f}×", f"≥ {GEOPY_RATIO:g}×", g["ratio_p50"] >= GEOPY_RATIO))
    p = n["postgis"]
    if "skipped" in p:
        rows.append(_row("nearest vs PostGIS KNN", "skipped: " + p["skipped"], "not slower", None))
    else:
        rows.append(_row("nearest vs PostGIS KNN (PostGIS p50 / Sanbao p50)", f"{p['ratio_p50']:.1f}×",
                         f"≥ {POSTGIS_RATIO:g}×", p["ratio_p50"] >= POSTGIS_RATIO))
    for name, part in (("geopy", g), ("PostGIS", p)):
        a = part.get("agreement")
        if a:
            rows.append(_row(f"nearest agrees with {name} (same {n['k']} outlets, same order)",
                             f"{a['same'] + a['ties']}/{a['queries']} ({a['ties']} ties)", "all",
                             a["mismatches"] == 0))
    return rows


def verify_targets(v: dict) -> list[dict]:
    h = v["http"]
    return [
        _row("verify lookups/s in process", f"{v['in_process']['per_s']:,.0f}/s", f"≥ {VERIFY_PER_S:,}/s",
             v["in_process"]["per_s"] >= VERIFY_PER_S),
        _row("verify over HTTP / constant JSON endpoint", f"{h['ratio']:.2f}", f"≥ {VERIFY_HTTP_RATIO:g}",
             h["ratio"] >= VERIFY_HTTP_RATIO),
    ]


def intake_targets(i: dict) -> list[dict]:
    load, http = i["http"]["load"], i["http"]
    rows = [_row("complaint intake p99", f"{load['p99_ms']:.0f} ms", f"≤ {INTAKE_P99_MS:g} ms",
                 load["p99_ms"] <= INTAKE_P99_MS),
            _row("complaints lost (201s − rows stored)", f"{http['lost']}", "0",
                 http["lost"] == 0 and http["acknowledged"] > 0)]
    if i["ratio"] is None:
        rows.insert(0, _row("complaint intake / pgbench inserts", "pgbench skipped", "≥ 10 %", None))
    else:
        rows.insert(0, _row("complaint intake / pgbench inserts",
                            f"{http['accepted_per_s']:,.0f}/s ÷ {i['pgbench']['tps']:,.0f}/s "
                            f"= {i['ratio']:.1%}",
                            f"≥ {INTAKE_RATIO:.0%}", i["ratio"] >= INTAKE_RATIO))
    return rows


def coverage_targets(c: dict) -> list[dict]:
    worst = max(x["seconds"] for x in c["incremental"])
    all_incremental = all(x["kind"] == "incremental" for x in c["incremental"])
    return [_row("coverage full refresh", f"{c['full']['seconds']:.1f} s", f"≤ {COVERAGE_FULL_S:g} s",
                 c["full"]["seconds"] <= COVERAGE_FULL_S),
            _row("coverage incremental refresh (slowest of 3)", f"{worst * 1000:.0f} ms",
                 f"≤ {COVERAGE_INCREMENTAL_S:g} s",
                 worst <= COVERAGE_INCREMENTAL_S and all_incremental)]


def import_targets(imp: dict) -> list[dict]:
    s = imp["first"]["seconds"]
    return [_row(f"CSV import of {imp['first']['rows']:,} outlets", f"{s:.1f} s", f"≤ {IMPORT_S:g} s",
                 s <= IMPORT_S)]


def evaluate(results: dict) -> list[dict]:
    checks = (("nearest", nearest_targets), ("verify", verify_targets), ("intake", intake_targets),
              ("coverage", coverage_targets), ("import", import_targets))
    return [row for key, check in checks if key in results for row in check(results[key])]
