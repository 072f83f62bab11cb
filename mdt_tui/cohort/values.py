"""Parsers for single cohort cells: each takes trimmed, non-blank text and raises ValueError(reason)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

Parser = Callable[[str], Any]

# A GP practice's ODS code: one letter then five digits, e.g. E82001.
_ODS_PRACTICE_CODE = re.compile(r"[A-Z][0-9]{5}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_SPACES = re.compile(r"\s+")
# C0 and C1 control characters (tab, line breaks and ESC included) and DEL: stored, they would reach
# the terminal and the GP-record exports raw.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
NAME_LIMIT = 100
TEXT_LIMIT = 200
SHOWN_LIMIT = 60

_BOOLEANS = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
}
_RISK_GRADES = {
    "high": "High",
    "h": "High",
    "medium": "Medium",
    "med": "Medium",
    "moderate": "Medium",
    "m": "Medium",
    "low": "Low",
    "l": "Low",
}
_SEXES = {
    "male": "Male",
    "m": "Male",
    "female": "Female",
    "f": "Female",
    "indeterminate": "Indeterminate",
    "i": "Indeterminate",
    "unknown": "Unknown",
    "u": "Unknown",
    "not known": "Unknown",
    "not specified": "Unknown",
}


def text_parser(limit: int) -> Parser:
    """Free text of at most ``limit`` characters, with no control characters; non-ASCII is put in NFC
    form so 'Siân' typed two ways compares equal."""

    def parse_text(text: str) -> str:
        if "\n" in text or "\r" in text:
            raise ValueError("contains a line break; check for an unmatched quote")
        if _CONTROL.search(text):
            raise ValueError("contains a control character (such as a tab or an escape); remove it")
        if not text.isascii():
            text = unicodedata.normalize("NFC", text)
        if len(text) > limit:
            raise ValueError(f"is {len(text)} characters long; at most {limit} are allowed")
        return text

    return parse_text


parse_name = text_parser(NAME_LIMIT)
parse_text = text_parser(TEXT_LIMIT)


def visible(text: str, limit: int = SHOWN_LIMIT) -> str:
    """Text as a message may quote it: control characters written as \\x1b, cut at ``limit`` characters."""
    cut = text[:limit]
    if _CONTROL.search(cut):
        cut = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", cut)
    return cut + ("…" if len(text) > limit else "")


def looks_like_ods_code(text: str) -> bool:
    return _ODS_PRACTICE_CODE.fullmatch(text.upper()) is not None


def parse_ods_code(text: str) -> str:
    code = text.upper()
    if _ODS_PRACTICE_CODE.fullmatch(code) is None:
        raise ValueError("not a practice ODS code (a letter then five digits, e.g. E82001)")
    return code


def parse_postcode(text: str) -> str:
    """Upper case with one space before the inward code ('ab12cd' -> 'AB1 2CD'); not otherwise checked."""
    code = _SPACES.sub("", parse_text(text)).upper()
    return f"{code[:-3]} {code[-3:]}" if len(code) > 4 else code


def _lookup(table: dict[str, Any], reason: str) -> Parser:
    def parse(text: str) -> Any:
        try:
            return table[text.lower()]
        except KeyError:
            raise ValueError(reason) from None

    return parse


parse_bool = _lookup(_BOOLEANS, "must be yes or no (Y/N, true/false and 1/0 also accepted)")
parse_risk_grade = _lookup(_RISK_GRADES, "must be High, Medium or Low")
parse_sex = _lookup(_SEXES, "must be Male, Female, Indeterminate or Unknown")


def number_parser(low: float, high: float) -> Parser:
    """A decimal from low to high inclusive (no exponents, NaN or infinities)."""
    reason = f"must be a number from {low:g} to {high:g}"

    def parse(text: str) -> float:
        if _DECIMAL.fullmatch(text) is None:
            raise ValueError(reason)
        value = float(text)
        if not low <= value <= high:
            raise ValueError(reason)
        return value

    return parse


def whole_number_parser(low: int, high: int | None = None) -> Parser:
    """A whole number from low to high inclusive (no upper limit when high is None)."""
    reason = (
        f"must be a whole number from {low} to {high}"
        if high is not None
        else (f"must be a whole number, {low} or more")
    )

    def parse(text: str) -> int:
        if not (text.isascii() and text.isdigit()):
            raise ValueError(reason)
        value = int(text)
        if value < low or (high is not None and value > high):
            raise ValueError(reason)
        return value

    return parse
