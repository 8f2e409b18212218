"""Rebuild geo/data/divisions_cn.csv from the `cpca` package's adcodes table (MIT licence).

    pip install cpca==0.5.5 && python tools/build_divisions_cn.py

cpca's coordinates come from AMap and are GCJ-02; they are converted to WGS-84 here. Statistical
placeholders (市辖区, 县, 省直辖县级行政区划…) are dropped; a county whose city is such a
placeholder is attached to its province.
"""

import csv
import sys
from importlib.resources import files
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geo.rules.codes import code_level  # noqa: E402
from geo.rules.coords import gcj02_to_wgs84  # noqa: E402

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "直辖县"}
OUT = Path(__file__).resolve().parent.parent / "geo" / "data" / "divisions_cn.csv"


def main() -> None:
    source = files("cpca").joinpath("resources/adcodes.csv").read_text(encoding="utf-8")
    rows = {r["adcode"]: r for r in csv.DictReader(source.splitlines())}
    kept = {c: r for c, r in rows.items() if r["name"] not in PLACEHOLDERS}
    out = []
    for code, r in sorted(kept.items()):
        level = code_level(code)
        if level not in ("province", "city", "county"):
            continue
        parent = ""
        if level == "city":
            parent = code[:2] + "0" * 10
        elif level == "county":
            city = code[:4] + "0" * 8
            parent = city if city in kept else code[:2] + "0" * 10
        lat = lon = ""
        if r["latitude"] and r["longitude"]:
            p = gcj02_to_wgs84(float(r["latitude"]), float(r["longitude"]))
            lat, lon = f"{p.lat:.6f}", f"{p.lon:.6f}"
        out.append([code, r["name"], level, parent, lat, lon])
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["code", "name", "level", "parent_code", "lat", "lon"])
        writer.writerows(out)
    print(f"wrote {len(out)} divisions to {OUT}")


if __name__ == "__main__":
    main()
