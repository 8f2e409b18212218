"""GEOCODER=baidu: the online fallback for addresses the gazetteer cannot place.

A small HTTP server on 127.0.0.1 answers as Baidu's geocoding v3 does (BD-09 coordinates), so
the real geopy client, our BD-09 → WGS-84 conversion and the county lookup all run.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from pyproj import Geod

from geo.models import Division
from geo.rules.coords import gcj02_to_bd09, wgs84_to_gcj02
from geo.selectors import division_for_address

pytestmark = pytest.mark.django_db
GEOCODE = "/api/v1/geo/geocode"
UNPLACEABLE = "西北物流园3号库"  # no division of the gazetteer is named in it


class FakeBaidu:
    """Answers every geocoding request with one point (or nothing), and records the queries."""

    def __init__(self):
        self.point: tuple[float, float] | None = None  # BD-09 (lat, lon)
        self.queries: list[dict] = []
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake.queries.append({k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()})
                body = {"status": 0, "result": []}
                if fake.point:
                    body["result"] = {"location": {"lat": fake.point[0], "lng": fake.point[1]},
                                      "level": "地产小区"}
                payload = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):  # quiet: the query holds an address
                pass

        return Handler


@pytest.fixture
def baidu(settings, gazetteer):
    fake = FakeBaidu()
    settings.GEOCODER, settings.BAIDU_API_KEY, settings.BAIDU_API_BASE = "baidu", "test-ak", fake.url
    yield fake
    fake.server.shutdown()


def minqin_point() -> tuple[float, float]:
    """A WGS-84 point 3 km north of 民勤县's seat."""
    seat = Division.objects.get(code="620621000000")
    lon, lat, _ = Geod(ellps="WGS84").fwd(seat.lon, seat.lat, 0, 3000)
    return lat, lon


def as_bd09(lat: float, lon: float) -> tuple[float, float]:
    gcj = wgs84_to_gcj02(lat, lon)
    bd = gcj02_to_bd09(gcj.lat, gcj.lon)
    return bd.lat, bd.lon


def test_an_address_the_gazetteer_cannot_place_gets_the_county_of_baidus_point(client, baidu):
    wgs = minqin_point()
    baidu.point = as_bd09(*wgs)
    answer = client.get(GEOCODE, {"q": UNPLACEABLE}).json()
    assert (answer["code"], answer["level"], answer["location_from"]) == (
        "620621000000", "county", "online")
    _, _, metres = Geod(ellps="WGS84").inv(wgs[1], wgs[0], answer["lon"], answer["lat"])
    assert metres < 5  # BD-09 converted back to WGS-84
    assert baidu.queries[-1]["address"] == UNPLACEABLE and baidu.queries[-1]["ak"] == "test-ak"


def test_jurisdiction_lookup_uses_the_same_fallback(baidu):
    baidu.point = as_bd09(*minqin_point())
    assert division_for_address(UNPLACEABLE).code == "620621000000"


def test_the_gazetteer_answers_first_and_the_address_never_leaves(client, baidu):
    baidu.point = as_bd09(*minqin_point())
    assert client.get(GEOCODE, {"q": "凉州区黄羊镇"}).json()["code"] == "620602100000"
    assert division_for_address("古浪大靖").code == "620622103000"
    assert baidu.queries == []


def test_nothing_found_online_is_still_404(client, baidu):
    response = client.get(GEOCODE, {"q": UNPLACEABLE})
    assert response.status_code == 404 and response.json()["code"] == "address_not_found"
    assert len(baidu.queries) == 1


def test_offline_by_default_no_request_is_made(client, settings, gazetteer):
    fake = FakeBaidu()
    settings.BAIDU_API_BASE = fake.url  # configured, but GEOCODER stays "gazetteer"
    assert client.get(GEOCODE, {"q": UNPLACEABLE}).status_code == 404
    assert fake.queries == []
    fake.server.shutdown()
