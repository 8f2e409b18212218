"""The phone key of a number as a consumer or an ad wrote it, remarks and labels included.

`normalize_phone` refuses '电话：139 1234 5678（微信同号）' as a whole (the verify API must say why
a number is unusable); an observation keeps whatever number it can find in such text.
"""

from __future__ import annotations

import re
import unicodedata

from service_net.rules.phones import PhoneError, normalize_phone

# A run of digits with the separators numbers are typed with (a leading + allowed).
_NUMBER_RUN = re.compile(r"\+?\d[\d\s\-().·—_/\u2010-\u2015\u2212\u30fc~一]{5,}\d")


def observed_phone_key(raw: str) -> str:
    """The key of the first usable number in the text, "" if there is none."""
    try:
        return normalize_phone(raw).key
    except PhoneError:
        pass
    text = unicodedata.normalize("NFKC", raw or "")
    for run in _NUMBER_RUN.findall(text):
        try:
            return normalize_phone(run).key
        except PhoneError:
            continue
    return ""
