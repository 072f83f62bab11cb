"""NHS number parsing and the Modulus 11 check-digit rule."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-]")


class InvalidNHSNumber(ValueError):
    """An NHS number that is malformed or fails its check digit; the message is for users."""


def check_digit(first_nine: str) -> int | None:
    """Return the Modulus 11 check digit for nine digits, or None when no valid one exists."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1)))
    digit = 11 - (total % 11)
    if digit == 11:
        return 0
    if digit == 10:
        return None
    return digit


def normalise_nhs_number(raw: str) -> str:
    """Return the 10-digit form of ``raw`` (spaces and dashes allowed) or raise InvalidNHSNumber."""
    text = str(raw).strip()
    digits = _SEPARATORS.sub("", text)
    if not digits:
        raise InvalidNHSNumber("NHS number is empty")
    if not digits.isdigit():
        raise InvalidNHSNumber(f"NHS number '{text}' must contain only digits, spaces or dashes")
    if len(digits) != 10:
        raise InvalidNHSNumber(f"NHS number '{text}' has {len(digits)} digits; it needs 10")
    expected = check_digit(digits[:9])
    if expected is None or expected != int(digits[9]):
        raise InvalidNHSNumber(
            f"NHS number {format_nhs_number(digits)} fails its check digit — check the last digit"
        )
    return digits


def is_valid_nhs_number(raw: str) -> bool:
    try:
        normalise_nhs_number(raw)
    except InvalidNHSNumber:
        return False
    return True


def format_nhs_number(digits: str) -> str:
    """Show a 10-digit NHS number the way the NHS prints it: 3-3-4."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits
