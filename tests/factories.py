"""Builders for test data. They go through the same services the product uses."""

from __future__ import annotations

import json

from service_net.rules.uscc import uscc_check_char


def make_manufacturer(name: str, brands: list[str]):
    from service_net.services import manufacturer_create

    return manufacturer_create(name=name, brands=brands)


def uscc(serial: int) -> str:
    body = f"91620602MA{serial:07d}"
    return body + uscc_check_char(body)


def outlet_row(n: int = 1, **overrides) -> dict:
    """A valid outlet row for the manufacturer API, near 凉州区, with a 0935 landline."""
    row = {
        "external_id": f"EXT-{n}",
        "name": f"测试维修网点{n}",
        "address": f"甘肃省武威市凉州区测试路{n}号",
        "lat": 37.92 + n * 0.001,
        "lon": 102.63 + n * 0.001,
        "phones": [f"0935-66{n:05d}"],
        "categories": ["refrigerator", "air_conditioner"],
        "valid_from": "2025-01-01",
        "valid_to": "2030-12-31",
        "division_code": "620602000000",
    }
    row.update(overrides)
    return row


class ApiClient:
    def __init__(self, client):
        self.client = client

    def _headers(self, key):
        return {"HTTP_X_API_KEY": key} if key else {}

    def get(self, path, params=None, key=None):
        return self.client.get(path, params or {}, **self._headers(key))

    def put(self, path, body, key=None):
        return self.client.put(path, json.dumps(body), content_type="application/json",
                               **self._headers(key))

    def post(self, path, body=None, key=None):
        return self.client.post(path, json.dumps(body or {}), content_type="application/json",
                                **self._headers(key))
