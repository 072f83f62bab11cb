"""entered_date (issue 18: moved from the form kit into the core): a typed date, 'today' or 'yesterday',
in any format the GP systems export, never in the future; a bad one is one sentence."""

from __future__ import annotations

from datetime import date

import pytest

from mdt_tui.cohort.dates import entered_date

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("today", TODAY),
        ("  Today ", TODAY),
        ("YESTERDAY", date(2026, 11, 22)),
        ("01/11/2026", date(2026, 11, 1)),
        ("1-Nov-2026", date(2026, 11, 1)),
        ("01 November 2026", date(2026, 11, 1)),
        ("2026-11-01", date(2026, 11, 1)),
        ("23/11/2026", TODAY),  # today itself is not the future
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_typed_dates(typed: str, day: date) -> None:
    assert entered_date(typed, TODAY) == day


@pytest.mark.parametrize("typed", ["", "tomorrow", "31/02/2026", "32/01/2026", "11/2026", "2026/11/01", "=1+1"])
def test_not_a_date_is_one_sentence_naming_the_formats(typed: str) -> None:
    with pytest.raises(ValueError) as caught:
        entered_date(typed, TODAY)
    said = str(caught.value)
    assert said.startswith(f"'{typed.strip()}' is not a date") and "dd/mm/yyyy" in said and "'today'" in said
    assert "\n" not in said


def test_a_future_date_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^24/11/2026 is in the future: record what has happened$"):
        entered_date("24/11/2026", TODAY)
