"""Who a client is (REMOTE_ADDR, proxies, IPv6 /64), when a window ends, and Redis going away."""

from __future__ import annotations

import logging
import uuid

import pytest
from django.test import RequestFactory

from complaints.models import Complaint
from config.ratelimit import client_address, client_key
from tests.api.test_complaints_api import body
from tests.integration.abuse_support import client_at, retry_after
from tests.integration.filing_support import entitlement_tables, evidence_root  # noqa: F401
from tests.integration.redis_support import PrivateRedis
from tests.waiting import wait_until

pytestmark = [pytest.mark.django_db, pytest.mark.rate_limits, pytest.mark.usefixtures("gazetteer")]
VERIFY = "/api/v1/outlets/verify"
PHONE = {"phone": "0935-6600001"}


def request_from(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(("remote", "key"), [
    ("203.0.113.5", "203.0.113.5"),
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ("2001:0db8:0001:0002:ffff::9", "2001:db8:1:2::/64"),
    ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
    ("::ffff:192.0.2.1", "192.0.2.1"),
    ("not an address", "unknown"),
])
def test_clients_are_ipv4_addresses_or_ipv6_slash_64_networks(remote, key):
    assert client_key(request_from(remote)) == key


@pytest.mark.parametrize(("proxies", "forwarded", "address"), [
    (0, "1.1.1.1", "10.0.0.2"),  # the header is never read without configured proxies
    (1, "1.1.1.1, 198.51.100.7", "198.51.100.7"),
    (2, "1.1.1.1, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
    (2, "198.51.100.7", "198.51.100.7"),  # fewer entries than proxies: the leftmost
    (1, "", "10.0.0.2"),
    (1, "garbage", "10.0.0.2"),
    (1, "[2001:db8::5]", "2001:db8::5"),
])
def test_the_client_behind_n_proxies_is_the_nth_forwarded_address_from_the_right(
        settings, proxies, forwarded, address):
    settings.SANBAO_NUM_PROXIES = proxies
    assert client_address(request_from("10.0.0.2", forwarded)) == address


def test_addresses_of_one_ipv6_slash_64_share_a_limit(settings):
    settings.RATE_LIMITS = {"verify": "2/60"}
    codes = [client_at(f"2001:db8:aa:bb::{n}").get(VERIFY, PHONE).status_code for n in range(1, 4)]
    assert codes == [200, 200, 429]
    assert client_at("2001:db8:aa:bc::1").get(VERIFY, PHONE).status_code == 200


def test_a_new_window_lets_the_client_in_again(settings):
    settings.RATE_LIMITS = {"verify": "1/1"}
    client = client_at("192.0.2.11")
    assert client.get(VERIFY, PHONE).status_code == 200
    refused = client.get(VERIFY, PHONE)
    assert refused.status_code == 429 and retry_after(refused) == 1
    wait_until(lambda: client.get(VERIFY, PHONE).status_code == 200, timeout=3,
               what="the one-second window's end")


def test_the_demo_cache_in_the_process_limits_too(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"ratelimit-{uuid.uuid4().hex}"}}
    settings.RATE_LIMITS = {"nearest": "2/60"}
    client = client_at("192.0.2.12")
    codes = [client.get("/api/v1/outlets/nearest", {"division": "620602"}) for _ in range(3)]
    assert [c.status_code for c in codes] == [200, 200, 429]
    assert 55 <= retry_after(codes[-1]) <= 60


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test's own on a free port, killed at the end."""
    server = PrivateRedis(tmp_path).start()
    yield server
    server.kill()


@pytest.mark.usefixtures("entitlement_tables", "evidence_root")
def test_with_redis_down_every_request_passes_and_complaints_are_filed(settings, private_redis,
                                                                       caplog):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": private_redis.url,
                                   "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1}}}
    settings.RATE_LIMITS = {"verify": "1/60", "filing": "1/3600"}
    client = client_at("192.0.2.13")
    assert [client.get(VERIFY, PHONE).status_code for _ in range(2)] == [200, 429], \
        "the private Redis counts"

    private_redis.kill()
    caplog.set_level(logging.WARNING, logger="config.ratelimit")
    assert {client.get(VERIFY, PHONE).status_code for _ in range(3)} == {200}
    filed = [client.post("/api/v1/complaints", body(), content_type="application/json")
             for _ in range(2)]
    assert [f.status_code for f in filed] == [201, 201], filed[-1].content
    assert Complaint.objects.count() == 2
    warnings = [r for r in caplog.records if r.name == "config.ratelimit"]
    assert len(warnings) <= 1, "warned once in a while, not on every request"
    assert "13893512345" not in caplog.text
