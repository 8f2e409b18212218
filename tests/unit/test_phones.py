"""Phone numbers: one key per number however it was typed (E.164 / MIIT 电信网编号计划)."""

from __future__ import annotations

import pytest

from service_net.rules.phones import LANDLINE, MOBILE, SERVICE, PhoneError, format_phone, normalize_phone

WUWEI_LANDLINE = "09352212345"


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("+86 935-221 2345", id="E164-country-code-with-separators"),
        pytest.param("+869352212345", id="E164-compact"),
        pytest.param("0935 2212345", id="national-trunk-0"),
        pytest.param("0935-2212345", id="national-with-dash"),
        pytest.param("(0935) 221-2345", id="national-area-code-in-brackets"),
        pytest.param("9352212345", id="missing-trunk-0"),
        pytest.param("0086 935 2212345", id="ITU-international-prefix-00"),
        pytest.param("00869352212345", id="ITU-international-prefix-00-compact"),
        pytest.param("86 935 2212345", id="country-code-without-plus"),
        pytest.param("860935 2212345", id="country-code-then-trunk-0"),
        pytest.param("０９３５－２２１２３４５", id="full-width-digits-NFKC"),
        pytest.param("＋８６　９３５　２２１２３４５", id="full-width-plus-and-spaces"),
        pytest.param("0935-2212345转8001", id="extension-zhuan"),
        pytest.param("0935-2212345 分机 8001", id="extension-fenji"),
        pytest.param("0935-2212345 ext. 8001", id="extension-ext"),
        pytest.param("0935-2212345x8001", id="extension-x"),
        pytest.param("  0935 2212345  ", id="surrounding-whitespace"),
        pytest.param("0935–2212345", id="en-dash"),
        pytest.param("0935‐2212345", id="unicode-hyphen"),
        pytest.param("0935−2212345", id="minus-sign"),
        pytest.param("０９３５ー２２１２３４５", id="katakana-long-mark-from-input-method"),
        pytest.param("0935一2212345", id="cjk-one-typed-as-dash"),
        pytest.param("0935~2212345", id="tilde"),
        pytest.param("0935-2212345，", id="trailing-full-width-comma"),
        pytest.param("0935 2212345。", id="trailing-full-stop"),
    ],
)
def test_phone_typed_in_any_form_has_the_national_landline_key(typed):
    assert normalize_phone(typed).key == WUWEI_LANDLINE
    assert normalize_phone(typed).kind == LANDLINE


def test_phone_typed_with_country_code_matches_local_form():
    assert normalize_phone("+86 935-221 2345") == normalize_phone("0935 2212345")


@pytest.mark.parametrize(
    ("typed", "key", "kind", "shown"),
    [
        pytest.param("13912345678", "13912345678", MOBILE, "139 1234 5678", id="mobile-11-digits"),
        pytest.param("+86 139 1234 5678", "13912345678", MOBILE, "139 1234 5678", id="mobile-E164"),
        pytest.param("8613912345678", "13912345678", MOBILE, "139 1234 5678", id="mobile-86-prefix"),
        pytest.param("0086-139-1234-5678", "13912345678", MOBILE, "139 1234 5678", id="mobile-0086-prefix"),
        pytest.param(
            "１３９１２３４５６７８", "13912345678", MOBILE, "139 1234 5678", id="mobile-full-width"
        ),
        pytest.param("400-800-9999", "4008009999", SERVICE, "400-800-9999", id="service-400"),
        pytest.param("4008009999", "4008009999", SERVICE, "400-800-9999", id="service-400-compact"),
        pytest.param("800-810-1234", "8008101234", SERVICE, "800-810-1234", id="service-800-toll-free"),
        pytest.param("010-12345678", "01012345678", LANDLINE, "010-12345678", id="landline-3-digit-area-010"),
        pytest.param("+86 10 1234 5678", "01012345678", LANDLINE, "010-12345678", id="landline-010-E164"),
        pytest.param("02012345678", "02012345678", LANDLINE, "020-12345678", id="landline-3-digit-area-02x"),
        pytest.param("0755-12345678", "075512345678", LANDLINE, "0755-12345678", id="landline-4-digit-area"),
        pytest.param("400 800 9999", "4008009999", SERVICE, "400-800-9999", id="service-400-spaces"),
        pytest.param("4008-009-999", "4008009999", SERVICE, "400-800-9999", id="service-400-other-grouping"),
        pytest.param("+86 400 800 9999", "4008009999", SERVICE, "400-800-9999", id="service-400-E164"),
        pytest.param("400–800–9999", "4008009999", SERVICE, "400-800-9999", id="service-400-en-dashes"),
        pytest.param("800 810 1234", "8008101234", SERVICE, "800-810-1234", id="service-800-spaces"),
        pytest.param("139—1234—5678", "13912345678", MOBILE, "139 1234 5678", id="mobile-em-dashes"),
        pytest.param("0935-2212345", WUWEI_LANDLINE, LANDLINE, "0935-2212345", id="landline-wuwei"),
    ],
)
def test_phone_key_kind_and_readable_form(typed, key, kind, shown):
    phone = normalize_phone(typed)
    assert (phone.key, phone.kind) == (key, kind)
    assert format_phone(phone.key) == shown


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        pytest.param("01012345678", "010-12345678", id="area-010-has-3-digits"),
        pytest.param("02112345678", "021-12345678", id="area-02x-has-3-digits"),
        pytest.param("09352212345", "0935-2212345", id="area-0xxx-has-4-digits"),
        pytest.param("13912345678", "139 1234 5678", id="mobile-3-4-4"),
        pytest.param("4008009999", "400-800-9999", id="service-3-3-4"),
        pytest.param("12345", "12345", id="unknown-shape-unchanged"),
    ],
)
def test_format_phone_groups_digits_by_kind(key, shown):
    assert format_phone(key) == shown


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        pytest.param("", "empty", id="empty"),
        pytest.param(None, "empty", id="none"),
        pytest.param("   ", "empty", id="blank"),
        pytest.param("-- ()", "empty", id="only-separators"),
        pytest.param("abc", "not digits", id="letters"),
        pytest.param("0935-22A2345", "not digits", id="letter-inside-number"),
        pytest.param("tel 0935-2212345", "not digits", id="label-before-number"),
        pytest.param("0935-2212345#8001", "not digits", id="hash-extension"),
        pytest.param("+1 650-253-0000", "+86", id="E164-non-China-+1"),
        pytest.param("001 650 253 0000", "+86", id="ITU-00-prefix-non-China"),
        pytest.param("+852 2123 4567", "+86", id="hong-kong-not-mainland"),
        pytest.param("0935-221", "not a valid number", id="too-short-landline-with-area-code"),
        pytest.param("6600001", "not a valid number", id="too-short-landline-no-area-code"),
        pytest.param("09352212", "not a valid number", id="landline-missing-digits"),
        pytest.param("1391234567", "not a valid number", id="mobile-10-digits"),
        pytest.param("95588", "not a valid number", id="short-service-code"),
        pytest.param("一0935", "not digits", id="cjk-one-not-between-digits"),
    ],
)
def test_fault_unusable_phone_raises_phone_error(typed, says):
    with pytest.raises(PhoneError) as caught:
        normalize_phone(typed)
    assert says in str(caught.value)


def test_phone_error_is_a_value_error():
    assert issubclass(PhoneError, ValueError)


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("2212345", id="local-7-digits-read-as-Tianjin-022"),
        pytest.param("5551234", id="local-7-digits-read-as-0555"),
    ],
)
def test_fault_local_number_without_area_code_is_refused(typed):
    with pytest.raises(PhoneError):
        normalize_phone(typed)
