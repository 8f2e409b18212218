"""Unified social credit code (统一社会信用代码), GB 32100-2015."""

from __future__ import annotations

import pytest

from service_net.rules.uscc import ALPHABET, uscc_check_char, uscc_problem

REAL = "91350100M000100Y43"  # the worked example of GB 32100-2015


def test_real_credit_code_is_valid():
    assert uscc_problem(REAL) is None


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        pytest.param(REAL[:17], "3", id="GB32100-check-char-real-example"),
        pytest.param("91620602MA0000001", uscc_check_char("91620602MA0000001"), id="GB32100-self-consistent"),
        pytest.param("0" * 17, "0", id="GB32100-sum-0-gives-31-mod-31-is-0"),
    ],
)
def test_check_char_follows_gb32100_weights(first17, check):
    assert uscc_check_char(first17) == check
    assert uscc_problem(first17 + check) is None


def test_check_char_is_31_minus_weighted_sum_mod_31():
    weights = [pow(3, i, 31) for i in range(17)]  # GB 32100 weights are 3^(i) mod 31
    body = "91620602MA0000001"
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, weights, strict=True))
    assert uscc_check_char(body) == ALPHABET[(31 - total % 31) % 31]


@pytest.mark.parametrize("wrong", [c for c in ALPHABET if c != "3"])
def test_fault_every_wrong_check_char_is_reported(wrong):
    assert uscc_problem(REAL[:17] + wrong) == f"check character should be 3, not {wrong}"


@pytest.mark.parametrize(
    ("code", "says"),
    [
        pytest.param(REAL[:17], "must be 18 characters, got 17", id="GB32100-length-17"),
        pytest.param(REAL + "3", "must be 18 characters, got 19", id="GB32100-length-19"),
        pytest.param("", "must be 18 characters, got 0", id="empty"),
        pytest.param("91350100M00010", "must be 18 characters, got 14", id="old-style-short"),
    ],
)
def test_fault_wrong_length(code, says):
    assert uscc_problem(code) == says


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_fault_forbidden_letters_GB32100_alphabet(letter):
    code = REAL[:9] + letter + REAL[10:]
    assert uscc_problem(code) == f"characters not allowed: {letter}"


@pytest.mark.parametrize(
    ("code", "says"),
    [
        pytest.param("91350100m000100Y43", "characters not allowed: m", id="lower-case-letter"),
        pytest.param("91350100M0001-0Y43", "characters not allowed: -", id="punctuation"),
        pytest.param("9135010OM000I00Y43", "characters not allowed: IO", id="several-listed-sorted"),
    ],
)
def test_fault_characters_outside_alphabet_are_listed(code, says):
    assert uscc_problem(code) == says


def test_alphabet_has_31_symbols_without_i_o_z_s_v():
    assert len(ALPHABET) == 31
    assert not set("IOZSV") & set(ALPHABET)
