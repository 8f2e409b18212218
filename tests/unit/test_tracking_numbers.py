"""Tracking numbers: random, unguessable, readable over the phone, typos caught (Crockford base32)."""

from __future__ import annotations

import random
import re
import secrets

import pytest

from complaints.rules.tracking import (
    ALPHABET,
    LENGTH,
    TrackingNumberError,
    check_char,
    tracking_number_display,
    tracking_number_new,
    tracking_number_parse,
)

FORM = re.compile(r"^WW[0-9A-HJKMNP-TV-Z]{10}$")


def seeded(seed: int):
    return random.Random(seed).getrandbits


def test_a_new_number_is_ww_and_ten_crockford_characters():
    number = tracking_number_new(secrets.randbits)
    assert FORM.match(number), number
    assert len(number) == LENGTH == 12


def test_the_same_random_source_gives_the_same_number_and_another_a_different_one():
    assert tracking_number_new(seeded(1)) == tracking_number_new(seeded(1))
    assert tracking_number_new(seeded(1)) != tracking_number_new(seeded(2))


def test_numbers_use_all_45_random_bits_without_collisions_in_ten_thousand():
    source = seeded(7)
    numbers = {tracking_number_new(source) for _ in range(10_000)}
    assert len(numbers) == 10_000
    assert {ch for n in numbers for ch in n[2:-1]} == set(ALPHABET)


def test_all_zero_and_all_one_bits_still_give_valid_numbers():
    lowest = tracking_number_new(lambda bits: 0)
    highest = tracking_number_new(lambda bits: (1 << bits) - 1)
    assert lowest == "WW000000000" + check_char("000000000")
    assert highest[2:11] == "Z" * 9
    assert tracking_number_parse(lowest) == lowest
    assert tracking_number_parse(highest) == highest


@pytest.mark.parametrize("typed", [
    pytest.param("{n}", id="as-issued"),
    pytest.param("{lower}", id="lower-case"),
    pytest.param("{spaced}", id="grouped-with-spaces"),
    pytest.param("{dashed}", id="grouped-with-dashes"),
    pytest.param("  {n}  ", id="surrounding-blanks"),
])
def test_a_number_typed_the_usual_ways_is_read_back(typed):
    number = tracking_number_new(seeded(3))
    text = typed.format(n=number, lower=number.lower(), spaced=tracking_number_display(number),
                        dashed=tracking_number_display(number).replace(" ", "-"))
    assert tracking_number_parse(text) == number


def test_o_i_and_l_typed_for_zero_and_one_are_read_as_digits():
    body = "01010101" + "1"
    number = "WW" + body[:9] + check_char(body[:9])
    typed = number.replace("0", "O").replace("1", "I", 2).replace("1", "l")
    assert tracking_number_parse(typed) == number


@pytest.mark.parametrize("position", range(2, 11))
def test_every_single_mistyped_character_is_caught(position):
    number = tracking_number_new(seeded(11))
    for replacement in ALPHABET:
        if replacement == number[position]:
            continue
        typo = number[:position] + replacement + number[position + 1:]
        with pytest.raises(TrackingNumberError):
            tracking_number_parse(typo)


def test_a_swap_of_neighbours_is_caught():
    number = "WW" + "123456789" + check_char("123456789")
    for i in range(2, 10):
        swapped = number[:i] + number[i + 1] + number[i] + number[i + 2:]
        with pytest.raises(TrackingNumberError):
            tracking_number_parse(swapped)


def test_the_documented_blind_spot_is_a_swap_of_values_16_apart():
    body = "0G1H2J3K4"  # 0 and G (16) side by side
    assert check_char("G01H2J3K4") == check_char(body)


@pytest.mark.parametrize("text,reason", [
    pytest.param("", "starts with WW", id="empty"),
    pytest.param("XX123456789A", "starts with WW", id="wrong-prefix"),
    pytest.param("WW12345", "12 characters", id="too-short"),
    pytest.param("WW123456789AB", "12 characters", id="too-long"),
    pytest.param("WW12345678U9", "letters other than", id="U-is-not-crockford"),
    pytest.param("WW1234#6789A", "letters other than", id="punctuation"),
])
def test_malformed_numbers_are_refused_with_a_reason(text, reason):
    with pytest.raises(TrackingNumberError, match=reason):
        tracking_number_parse(text)


def test_display_groups_the_number_for_reading_aloud():
    assert tracking_number_display("WW7K3M9Q2XJD") == "WW 7K3M9 Q2XJD"
