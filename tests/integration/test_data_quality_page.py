"""The regulators' gazetteer data-quality page: who may see it and what it counts."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from geo.models import Division
from tests.conftest import REGULATOR_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def url():
    return reverse("geo:data_quality")


def login(client, user) -> None:
    assert client.login(username=user.get_username(), password=REGULATOR_PASSWORD)


def cells(html: str, table: str, key: str) -> list[str]:
    body = re.search(rf'<table class="prices" id="{table}">(.*?)</table>', html, re.S).group(1)
    row = re.search(rf'<tr data-[a-z]+="{key}">(.*?)</tr>', body, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def listed_codes(html: str) -> list[str]:
    body = re.search(r'<table class="prices" id="gap-list">(.*?)</table>', html, re.S).group(1)
    return re.findall(r'<tr data-code="(\d{12})">', body)


def test_url_is_geo_quality(url):
    assert url == "/geo/quality/"


def test_anonymous_visitor_is_sent_to_the_login_page(client, gazetteer, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_logged_in_account_without_a_regulator_role_is_refused(client, outsider, url):
    login(client, outsider)
    assert client.get(url).status_code == 403


def test_county_regulator_sees_their_own_county_by_default(client, county_regulator, url):
    login(client, county_regulator.user)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "凉州区 (620602000000)" in html
    # 凉州区: 46 townships, 9 without a point, 46 without a population (shipped data).
    assert cells(html, "county-gaps", "620602000000") == ["凉州区", "46", "9", "46"]
    assert cells(html, "level-counts", "township")[1:] == ["46", "9", "46"]
    codes = listed_codes(html)
    assert "620602003000" in codes  # 东关街街道: no point
    assert all(c.startswith("620602") for c in codes)


def test_filter_by_region_and_gap_kind(client, county_regulator, url):
    login(client, county_regulator.user)
    html = client.get(url, {"region": "620600", "gap": "coords"}).content.decode()
    assert cells(html, "county-gaps", "620623000000") == ["天祝藏族自治县", "19", "2", "18"]
    assert cells(html, "level-counts", "township")[1:] == ["101", "17", "100"]
    codes = listed_codes(html)
    assert len(codes) == 17
    assert Division.objects.filter(code__in=codes, lat__isnull=False).count() == 0
    population_gaps = listed_codes(client.get(url, {"region": "620623", "gap": "population"})
                                   .content.decode())
    assert "620623100000" not in population_gaps  # 华藏寺镇 has a population (2017)
    assert "620623000000" not in population_gaps  # the county has its 2020 census figure
    assert len(population_gaps) == 18


def test_unknown_region_is_reported_and_the_own_region_shown(client, other_regulator, url):
    login(client, other_regulator.user)
    html = client.get(url, {"region": "999999"}).content.decode()
    assert "999999" in re.search(r'<div class="errors".*?</div>', html, re.S).group(0)
    assert "民勤县 (620621000000)" in html


def test_city_regulator_sees_every_county_of_the_city(client, city_regulator, url):
    login(client, city_regulator.user)
    html = client.get(url).content.decode()
    body = re.search(r'<table class="prices" id="county-gaps">(.*?)</table>', html, re.S).group(1)
    assert sorted(re.findall(r'<tr data-code="(\d{12})">', body)) == [
        "620602000000", "620621000000", "620622000000", "620623000000"]
