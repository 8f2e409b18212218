"""TOTP (RFC 6238) against the RFC's published test vectors, and the acceptance window."""

from __future__ import annotations

import base64

import pytest

from config.rules import totp

# RFC 6238 Appendix B: the seeds are ASCII "1234567890" repeated to the hash's key length.
SEEDS = {"sha1": b"12345678901234567890",
         "sha256": b"12345678901234567890123456789012",
         "sha512": b"1234567890123456789012345678901234567890123456789012345678901234"}
VECTORS = [  # (time, sha1, sha256, sha512), 8 digits
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]


@pytest.mark.parametrize("unix, sha1, sha256, sha512", VECTORS,
                         ids=[f"rfc6238-T{v[0]}" for v in VECTORS])
def test_rfc_6238_appendix_b_vectors(unix, sha1, sha256, sha512):
    for digest, expected in (("sha1", sha1), ("sha256", sha256), ("sha512", sha512)):
        step = totp.time_step(unix)
        assert totp.hotp(SEEDS[digest], step, digits=8, digest=digest) == expected, digest


def test_rfc_4226_appendix_d_hotp_values():
    expected = ["755224", "287082", "359152", "969429", "338314",
                "254676", "287922", "162583", "399871", "520489"]
    assert [totp.hotp(SEEDS["sha1"], counter) for counter in range(10)] == expected


SECRET = base64.b32encode(SEEDS["sha1"]).decode()  # GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
NOW = 1_111_111_111  # step 37037037, 21 s into it


def code_at(step: int) -> str:
    return totp.hotp(SEEDS["sha1"], step)


def test_the_current_code_matches_its_step():
    step = totp.time_step(NOW)
    assert totp.code_matching_step(SECRET, code_at(step), unix_seconds=NOW,
                                   last_used_step=0) == step


@pytest.mark.parametrize("offset, accepted", [(-2, False), (-1, True), (1, True), (2, False)])
def test_one_step_either_side_is_accepted_not_two(offset, accepted):
    step = totp.time_step(NOW) + offset
    found = totp.code_matching_step(SECRET, code_at(step), unix_seconds=NOW, last_used_step=0)
    assert (found == step) is accepted


def test_a_step_already_used_is_refused_so_a_code_cannot_be_replayed():
    step = totp.time_step(NOW)
    assert totp.code_matching_step(SECRET, code_at(step), unix_seconds=NOW,
                                   last_used_step=step) is None
    assert totp.code_matching_step(SECRET, code_at(step - 1), unix_seconds=NOW,
                                   last_used_step=step) is None


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_malformed_codes_match_nothing(typed):
    assert totp.code_matching_step(SECRET, typed, unix_seconds=NOW, last_used_step=0) is None


def test_spaces_in_a_typed_code_and_a_lower_case_secret_are_fine():
    step = totp.time_step(NOW)
    code = code_at(step)
    assert totp.code_matching_step(SECRET.lower(), f"{code[:3]} {code[3:]}", unix_seconds=NOW,
                                   last_used_step=0) == step


def test_provisioning_uri_names_issuer_account_and_parameters():
    uri = totp.provisioning_uri(SECRET, account="liangzhou", issuer="三包 Sanbao")
    assert uri.startswith("otpauth://totp/%E4%B8%89%E5%8C%85%20Sanbao%3Aliangzhou?")
    assert f"secret={SECRET}" in uri and "period=30" in uri and "digits=6" in uri
    assert "issuer=%E4%B8%89%E5%8C%85%20Sanbao" in uri
