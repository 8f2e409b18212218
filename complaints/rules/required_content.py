"""What a complaint must hold before a regulator can accept it (domain.md §4).

《市场监督管理投诉举报处理暂行办法》(2022) art. 9: a complaint gives the complainant's name, phone
number and address; the respondent's name and address; the specific request and the facts of the
dispute. Art. 15: without them it is not accepted — so Sanbao tells the consumer what is missing
before it is sent, every item at once, each with the field to fix.
"""

from __future__ import annotations

from dataclasses import dataclass

from service_net.rules.phones import PhoneError, normalize_phone

BASIS = "《市场监督管理投诉举报处理暂行办法》art. 9"

MISSING = "missing"
TOO_SHORT = "too_short"
INVALID_PHONE = "invalid_phone"

# Shortest text that can still say what is needed (characters, after trimming).
MIN_ADDRESS_CHARS = 5
MIN_FACTS_CHARS = 10
MIN_REQUEST_CHARS = 2


@dataclass(frozen=True)
class ComplaintContent:
    """The required items as the consumer gave them (the respondent's from the registry if chosen)."""

    consumer_name: str = ""
    consumer_phone: str = ""
    consumer_address: str = ""
    respondent_name: str = ""
    respondent_address: str = ""
    request: str = ""
    facts: str = ""


@dataclass(frozen=True)
class MissingItem:
    field: str
    code: str  # missing | too_short | invalid_phone
    reason: str  # English; the service shows a translated message for (field, code)
    basis: str = BASIS


# The checklist, in the order the form asks for it: (field, what the regulator needs).
REQUIRED_ITEMS = (
    ("consumer_name", "your name"),
    ("consumer_phone", "your phone number"),
    ("consumer_address", "your address"),
    ("respondent_name", "the business's name"),
    ("respondent_address", "the business's address"),
    ("request", "what you ask for"),
    ("facts", "what happened"),
)

_MIN_CHARS = {"consumer_address": MIN_ADDRESS_CHARS, "respondent_address": MIN_ADDRESS_CHARS,
              "facts": MIN_FACTS_CHARS, "request": MIN_REQUEST_CHARS}


def missing_content(content: ComplaintContent) -> list[MissingItem]:
    """Every required item that is missing or unusable; an empty list means acceptable."""
    found = []
    for field, label in REQUIRED_ITEMS:
        value = " ".join(getattr(content, field).split())
        if not value:
            found.append(MissingItem(field, MISSING, f"{label} is required"))
        elif len(value) < _MIN_CHARS.get(field, 1):
            found.append(MissingItem(field, TOO_SHORT,
                                     f"{label} needs at least {_MIN_CHARS[field]} characters"))
        elif field == "consumer_phone" and not _usable_phone(value):
            found.append(MissingItem(field, INVALID_PHONE,
                                     f"{label} is not a valid mainland China number"))
    return found


def _usable_phone(text: str) -> bool:
    try:
        normalize_phone(text)
    except PhoneError:
        return False
    return True
