"""Privacy mode: what may be shown of a person when the screen is shared with partners."""

from __future__ import annotations

from datetime import date

from mdt_tui.models import age_on
from mdt_tui.nhs_number import format_nhs_number
from mdt_tui.safe_text import terminal_text


def initials(family_name: str, given_name: str) -> str:
    return terminal_text(".".join(part[0].upper() for part in (given_name, family_name) if part) + ".")


def show_name(family_name: str, given_name: str, *, private: bool) -> str:
    """A name as the screens show it: never a control character from the stored text (see safe_text)."""
    return initials(family_name, given_name) if private else terminal_text(f"{family_name}, {given_name}")


def show_nhs_number(nhs_number: str, *, private: bool) -> str:
    return "••• ••• ••••" if private else format_nhs_number(nhs_number)


def show_date_of_birth(dob: date, today: date, *, private: bool) -> str:
    return f"aged {age_on(dob, today)}" if private else f"{dob:%d %b %Y}"


def show_address(postcode: str, *, private: bool) -> str:
    return "(hidden)" if private else postcode
