"""NHS number parsing and the Modulus 11 check-digit rule."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[ \u00a0\-]")  # spaces (no-break too) and dashes; a tab or line break is refused
_ASCII_DIGITS = re.compile(r"[0-9]+")
# Full-width digits (０-９) are what a Japanese or Chinese input method types for 0-9: the same
# number, so they are read as ASCII. Any other non-ASCII digit (Arabic-Indic, superscript ¹…) is
# refused rather than guessed at: it must not become a different person, nor crash int().
_FULL_WIDTH = {0xFF10 + d: str(d) for d in range(10)}
_SHOWN_CHARS = 30


class InvalidNHSNumber(ValueError):
    """An NHS number that is malformed or fails its check digit; the message is for users."""


def check_digit(first_nine: str) -> int | None:
    """Return the Modulus 11 check digit for nine digits, or None when no valid one exists."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    digit = 11 - (total % 11)
    if digit == 11:
        return 0
    if digit == 10:
        return None
    return digit


def normalise_nhs_number(raw: object) -> str:
    """Return the 10-digit form of ``raw`` (spaces and dashes allowed) or raise InvalidNHSNumber.

    Never raises anything else, whatever ``raw`` is.
    """
    try:
        text = str(raw).strip()
    except Exception:  # an object whose __str__ fails is not an NHS number either
        raise InvalidNHSNumber("NHS number is not text") from None
    digits = _SEPARATORS.sub("", text).translate(_FULL_WIDTH)
    if not digits:
        raise InvalidNHSNumber("NHS number is empty")
    if not _ASCII_DIGITS.fullmatch(digits):
        raise InvalidNHSNumber(f"NHS number '{_visible(text)}' must contain only the digits 0-9, spaces or dashes")
    if len(digits) != 10:
        raise InvalidNHSNumber(f"NHS number '{_visible(text)}' has {len(digits)} digits; it needs 10")
    expected = check_digit(digits[:9])
    if expected is None or expected != int(digits[9]):
        raise InvalidNHSNumber(f"NHS number {format_nhs_number(digits)} fails its check digit — check the last digit")
    return digits


def _visible(text: str) -> str:
    """The text as a message may quote it: control characters escaped, cut short."""
    shown = "".join(
        c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
        for c in text[:_SHOWN_CHARS]
    )
    return shown + ("…" if len(text) > _SHOWN_CHARS else "")


def is_valid_nhs_number(raw: str) -> bool:
    try:
        normalise_nhs_number(raw)
    except InvalidNHSNumber:
        return False
    return True


def format_nhs_number(digits: str) -> str:
    """Show a 10-digit NHS number the way the NHS prints it: 3-3-4."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits
