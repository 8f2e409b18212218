"""The bench command's Markdown (docs/benchmarks.md) and its console summary."""

from __future__ import annotations

MET = {True: "met", False: "**missed**", None: "n/a"}


def _ms(stats: dict) -> str:
    return f"{stats['p50_ms']:.3f} / {stats['p99_ms']:.3f} ms"


def header(r: dict) -> list[str]:
    m = r["meta"]
    v = m["versions"]
    lines = [
        "# Benchmarks", "",
        f"Measured by `make bench` (`manage.py bench`) on {m['date']}: {m['cpu_count']} CPU cores "
        f"({m['machine']}), Python {m['python']}, {m['database']}, Django {v['Django']}, "
        f"django-ninja {v['django-ninja']}, gunicorn {v['gunicorn']}, numpy {v['numpy']}, "
        f"scipy {v['scipy']}, pyproj {v['pyproj']}, geopy {v['geopy']}, rq {v['rq']}. "
        f"Seed {m['options']['seed']}; the data's 'today' is {m['today']}.",
    ]
    if "registry" in r:
        g = r["registry"]
        lines += ["", f"Registry: {g['outlets']:,} outlets over China's ~2,900 real counties (city districts "
                  f"4× denser), built through the real write path in {g['build']['seconds']:.0f} s; "
                  f"{g['index']['authorizations_indexed']:,} active authorizations in the index."]
    return lines


def nearest_rows(n: dict) -> list[str]:
    g, p = n["geopy"], n["postgis"]
    rows = [f"| nearest 5 outlets, index (p50 / p99) | {_ms(n['sanbao'])} | | |",
            f"| nearest 5 outlets with cards read, as the API | {_ms(n['with_cards'])} | | |"]
    if "skipped" in p:
        rows.append(f"| … PostGIS KNN | | skipped: {p['skipped']} | |")
    else:
        a = p["agreement"]
        rows.append(f"| … PostGIS {p['version']} KNN, GiST on geography, re-ranked by spheroid "
                    f"({a['same'] + a['ties']}/{a['queries']} agree) | {_ms(n['sanbao'])} | {_ms(p)} | "
                    f"{p['ratio_p50']:.1f}× |")
    a = g["agreement"]
    rows.append(f"| … geopy `geodesic` loop over all candidates, on {g['count']} of the {g['sample_of']} "
                f"queries ({a['same'] + a['ties']}/{a['queries']} agree) | {_ms(g['sanbao_on_sample'])} | "
                f"{g['p50_ms'] / 1000:.1f} / {g['p99_ms'] / 1000:.1f} s | {g['ratio_p50']:,.0f}× |")
    return rows


def verify_rows(v: dict) -> list[str]:
    h = v["http"]
    return [f"| verify a phone in process (p50 / p99; lookups/s) | {_ms(v['in_process'])}; "
            f"{v['in_process']['per_s']:,.0f}/s | | |",
            f"| verify over HTTP, gunicorn {h['workers']} sync workers, {h['verify']['concurrency']} "
            f"clients (req/s; p50 / p99) | {h['verify']['per_s']:,.0f}/s; {_ms(h['verify'])} | constant "
            f"JSON view: {h['constant']['per_s']:,.0f}/s; {_ms(h['constant'])} | {h['ratio']:.2f} |"]


def intake_rows(i: dict) -> list[str]:
    h, pg = i["http"], i["pgbench"]
    ref = ("skipped" if "skipped" in pg
           else f"pgbench one-row INSERT, {pg['clients']} clients: {pg['tps']:,.0f}/s")
    ratio = f"{i['ratio']:.1%}" if i["ratio"] is not None else ""
    return [f"| complaint intake, POST /api/v1/complaints, {h['workers']} workers, "
            f"{h['load']['concurrency']} clients (accepted/s; p50 / p99) | {h['accepted_per_s']:,.0f}/s; "
            f"{_ms(h['load'])} | {ref} | {ratio} |",
            f"| … acknowledged (201) / stored / lost; answers by status | {h['acknowledged']:,} / "
            f"{h['stored']:,} / {h['lost']}; {_statuses(h['load'])} | | |",
            *_floor_row(h)]


def _floor_row(h: dict) -> list[str]:
    floor = h.get("constant_post")
    if not floor:
        return []
    return [f"| … the same POSTs to a constant JSON view (the framework's floor) | "
            f"{h['accepted_per_s']:,.0f}/s | {floor['per_s']:,.0f}/s; {_ms(floor)} | "
            f"{h['accepted_per_s'] / floor['per_s']:.2f} |"]


def _statuses(load: dict) -> str:
    answers = ", ".join(f"{code}: {n:,}" for code, n in sorted(load["statuses"].items()))
    errors = ", ".join(f"{name}: {n:,}" for name, n in sorted(load["errors"].items()))
    return answers + (f"; connection errors {errors}" if errors else "")


def coverage_rows(c: dict) -> list[str]:
    d = c["data"]
    rows = [f"| coverage full refresh: {d['townships']:,} townships × categories = {c['full']['rows']:,} "
            f"rows, {d['outlets']:,} outlets | {c['full']['seconds']:.1f} s | | |"]
    rows += [f"| coverage incremental: {x['change']} | {x['seconds'] * 1000:.0f} ms | | |"
             for x in c["incremental"]]
    return rows


def import_rows(imp: dict) -> list[str]:
    f, a = imp["first"], imp["again"]
    return [f"| CSV import, {f['rows']:,} new outlets ({imp['csv_bytes'] / 1e6:.1f} MB) | "
            f"{f['seconds']:.1f} s | | |",
            f"| … the same file again (unchanged) | {a['seconds']:.1f} s | | |"]


def markdown(r: dict) -> str:
    lines = header(r) + ["", "| what | Sanbao | alternative | ratio |", "|---|---|---|---|"]
    for key, rows in (("nearest", nearest_rows), ("verify", verify_rows), ("intake", intake_rows),
                      ("coverage", coverage_rows), ("import", import_rows)):
        if key in r:
            lines += rows(r[key])
    lines += ["", "## Targets (issue 7)", "", "| target | measured | wanted | |", "|---|---|---|---|"]
    lines += [f"| {t['what']} | {t['measured']} | {t['target']} | {MET[t['met']]} |" for t in r["targets"]]
    lines += ["", NOTES]
    return "\n".join(lines) + "\n"


NOTES = """## How it is measured

- Ratios are taken in the same run, on the same data and queries. The geopy loop is too slow to
  run on every query at national scale; it runs on the first queries of the list (bounded in
  count and seconds) and its ratio compares it with Sanbao's times on exactly those queries.
- PostGIS: a scratch table of the active authorizations with a `geography(Point)` GiST index,
  `ORDER BY geog <-> point LIMIT 3k` (an outlet appears once per brand), re-ranked in the same
  query by `ST_Distance` on the spheroid; timed through the same database connection.
- HTTP: gunicorn sync workers, `--preload`, on loopback; the load generator
  (`service_net/bench/loadgen.py`, asyncio, standard library only) runs in its own process, on the
  same 2 cores as the server and PostgreSQL, with a fixed number of clients; bounded in requests
  and seconds. The constant endpoint exists only in the benchmark's URLconf.
- Complaint intake runs with `REDIS_URL` set; the queued jobs are removed afterwards (no worker
  runs during the benchmark).
"""


def console(r: dict) -> str:
    lines = [f"{t['what']}: {t['measured']} (target {t['target']}: {MET[t['met']].strip('*')})"
             for t in r["targets"]]
    return "\n".join(lines)
