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

_BOOLEANS = {
    "yes": True, "y": True, "true": True, "1": True,
    "no": False, "n": False, "false": False, "0": False,
}
_RISK_GRADES = {
    "high": "High", "h": "High",
    "medium": "Medium", "med": "Medium", "moderate": "Medium", "m": "Medium",
    "low": "Low", "l": "Low",
}
_SEXES = {
    "male": "Male", "m": "Male",
    "female": "Female", "f": "Female",
    "indeterminate": "Indeterminate", "i": "Indeterminate",
    "unknown": "Unknown", "u": "Unknown", "not known": "Unknown", "not specified": "Unknown",
}


def parse_text(text: str) -> str:
    """Free text as given; non-ASCII is put in NFC form so 'Siân' typed two ways compares equal."""
    if "\n" in text or "\r" in text:
        raise ValueError("contains a line break; check for an unmatched quote")
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def looks_like_ods_code(text: str) -> bool:
    return _ODS_PRACTICE_CODE.fullmatch(text.upper()) is not None


def parse_ods_code(text: str) -> str:
    code = text.upper()
    if _ODS_PRACTICE_CODE.fullmatch(code) is None:
        raise ValueError("not a practice ODS code (a letter then five digits, e.g. E82001)")
    return code


def parse_postcode(text: str) -> str:
    """Upper case with one space before the inward code ('ab12cd' -> 'AB1 2CD'); not otherwise checked."""
    code = _SPACES.sub("", text).upper()
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
    reason = f"must be a whole number from {low} to {high}" if high is not None else (
        f"must be a whole number, {low} or more"
    )

    def parse(text: str) -> int:
        if not (text.isascii() and text.isdigit()):
            raise ValueError(reason)
        value = int(text)
        if value < low or (high is not None and value > high):
            raise ValueError(reason)
        return value

    return parse
