"""After login each kind of staff lands where their work is."""

import pytest

from tests.conftest import REGULATOR_PASSWORD, STAFF_PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password},
                       follow=True)


def test_a_regulator_lands_on_the_console(client, county_regulator):
    response = _login(client, county_regulator.user.username, REGULATOR_PASSWORD)
    assert response.redirect_chain[-1][0] == "/console/"


def test_business_staff_land_on_their_complaints(client, manufacturer_staff):
    response = _login(client, manufacturer_staff.user.username, STAFF_PASSWORD)
    assert response.redirect_chain[-1][0] == "/business/"


def test_a_next_parameter_still_wins(client, county_regulator):
    response = client.post("/accounts/login/?next=/coverage/map/",
                           {"username": county_regulator.user.username,
                            "password": REGULATOR_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/coverage/map/"
