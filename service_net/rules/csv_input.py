"""Read an uploaded outlet CSV: UTF-8, UTF-8 with BOM, or GBK/GB18030 (what Excel writes in China)."""

from __future__ import annotations

import csv
import io

ENCODINGS = ("utf-8-sig", "gb18030")


class CsvError(ValueError):
    pass


def decode_csv(data: bytes) -> str:
    if b"\x00" in data:
        raise CsvError("wrong encoding: the file looks like UTF-16; save it as CSV UTF-8 or GBK")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvError("wrong encoding: use UTF-8 (with or without BOM) or GBK")


def csv_rows(data: bytes) -> list[dict]:
    """Rows as dicts keyed by the header; empty cells are dropped so defaults apply."""
    reader = csv.DictReader(io.StringIO(decode_csv(data), newline=""))
    if not reader.fieldnames:
        raise CsvError("the file is empty; the first line must be the header")
    header = [name.strip() for name in reader.fieldnames]
    reader.fieldnames = header
    rows = []
    for row in reader:
        rows.append({k: v for k, v in row.items() if k and v not in (None, "")})
    return rows
