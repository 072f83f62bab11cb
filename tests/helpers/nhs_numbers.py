"""Synthetic NHS numbers for tests: 999… with a valid check digit."""

from __future__ import annotations

from mdt_tui.nhs_number import check_digit


def nhs(n: int) -> str:
    """Synthetic NHS numbers (999…) with a good check digit."""
    while True:
        nine = f"999{n:06d}"
        if (digit := check_digit(nine)) is not None:
            return f"{nine}{digit}"
        n += 1
