"""12-digit division codes (区划代码): province 2 digits, city 4, county 6, township 9."""

LEVEL_DIGITS = (("province", 2), ("city", 4), ("county", 6), ("township", 9))


def code_level(code: str) -> str:
    for level, digits in LEVEL_DIGITS:
        if code[digits:].strip("0") == "":
            return level
    return "village"


def code_prefix(code: str) -> str:
    """The prefix every division inside `code` shares: '620602' for 凉州区."""
    for _, digits in LEVEL_DIGITS:
        if code[digits:].strip("0") == "":
            return code[:digits]
    return code


def full_code(code: str) -> str:
    """'620602' or '620602101' -> the 12-digit form."""
    return code.ljust(12, "0")
