"""Dates as GP systems export them (dd/mm/yyyy, dd-Mon-yyyy, dd Mon yyyy and yyyy-mm-dd), and as users type them."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

DATE_FORMATS = "dd/mm/yyyy, dd-Mon-yyyy, dd Mon yyyy or yyyy-mm-dd"

MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTHS: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
    "sept": 9,
}

_DMY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_D_MON_Y = re.compile(r"([0-9]{1,2})([- ])([A-Za-z]{3,9})\2([0-9]{4})")
_YMD = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def parse_date(text: str) -> date:
    """Parse one of DATE_FORMATS (month names any case, short or full); ValueError says why not."""
    iso = _as_iso(text)
    if iso is not None:
        try:
            return date.fromisoformat(iso)  # fast path for the two commonest forms
        except ValueError:
            pass  # an impossible date: the slow path below says why
    if match := _DMY.fullmatch(text):
        day, month, year = match.groups()
        return _make(int(year), int(month), int(day))
    if match := _D_MON_Y.fullmatch(text):
        day, _, name, year = match.groups()
        month = _MONTHS.get(name.lower())
        if month is None:
            raise ValueError(f"'{name}' is not a month name")
        return _make(int(year), month, int(day))
    if match := _YMD.fullmatch(text):
        year, month, day = match.groups()
        return _make(int(year), int(month), int(day))
    raise ValueError(f"not a date; use {DATE_FORMATS}")


def _as_iso(text: str) -> str | None:
    """'dd/mm/yyyy' or 'yyyy-mm-dd' as 'yyyy-mm-dd' (for date.fromisoformat to check), else None."""
    if len(text) != 10:
        return None
    if text[2] == "/" and text[5] == "/":
        return f"{text[6:]}-{text[3:5]}-{text[:2]}"
    return text if text[4] == "-" and text[7] == "-" else None


def _make(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        pass
    if year < 1:
        raise ValueError("not a real date: there is no year 0")
    if not 1 <= month <= 12:
        raise ValueError(f"not a real date: there is no month {month}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"not a real date: {MONTH_NAMES[month - 1]} {year} has {days} days")
    raise ValueError("not a real date")


def format_date(value: date) -> str:
    """Show a date the way UK users write it: dd/mm/yyyy."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def entered_date(text: str, today: date) -> date:
    """A date typed by the user, in any format the GP systems export, or 'today' / 'yesterday'; not in the future.

    Raises ValueError with one sentence for the form's error line."""
    raw = text.strip().lower()
    try:
        day = {"today": today, "yesterday": today - timedelta(days=1)}.get(raw) or parse_date(raw)
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not a date: use {DATE_FORMATS}, or 'today'") from None
    if day > today:
        raise ValueError(f"{format_date(day)} is in the future: record what has happened")
    return day
