"""Masking a consumer's personal data where the viewer has no need for it in full.

《个人信息保护法》art. 6 (use only the minimum needed) and 暂行办法 art. 12 / art. 29 (the
regulator keeps complainants' and reporters' data confidential): outside the consumer's own view,
the competent regulator and administrators, names, phone numbers and addresses are shown masked —
and never written to logs.
"""

from __future__ import annotations

MASK = "*"
# What erasure on request (complaints.services.privacy) leaves in place of a name, an address,
# a file name or a text the consumer wrote; masking shows it as it is. Phones become "".
ERASED = "（已删除）"


def mask_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明; Latin names keep only their first letter."""
    name = " ".join((name or "").split())
    if not name or name == ERASED:
        return name
    if not _is_cjk(name):
        return name[0] + MASK * 3
    name = name.replace(" ", "")
    if len(name) <= 2:
        return name[0] + MASK if len(name) == 2 else MASK
    return name[0] + MASK * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; 09352212345 → 0935****345; short numbers keep only 2 digits."""
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    if len(digits) >= 11:
        head = 4 if digits.startswith("0") else 3  # a landline keeps its area code
        return digits[:head] + MASK * 4 + digits[head + 4:]
    if len(digits) >= 7:
        return digits[:3] + MASK * (len(digits) - 5) + digits[-2:]
    return MASK * len(digits)


def mask_address(address: str, county_names: tuple[str, ...] = ()) -> str:
    """The address up to its county (district), the rest masked: 甘肃省武威市凉州区***.

    `county_names`: the names the county may appear under (e.g. ("凉州区",)); when none of them
    is in the address, only the first name given is shown, or nothing at all.
    """
    address = (address or "").strip()
    if not address or address == ERASED:
        return address
    for name in county_names:
        at = address.find(name) if name else -1
        if at >= 0:
            return address[:at + len(name)] + MASK * 3
    return (county_names[0] + MASK * 3) if county_names and county_names[0] else MASK * 3


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)
