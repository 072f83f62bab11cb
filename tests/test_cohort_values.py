"""Single-value parsing: dates in every format, and the bulk NHS number check against nhs_number.py."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mdt_tui.cohort import parse_date
from mdt_tui.cohort.nhs_column import fast_normalise
from mdt_tui.cohort.values import parse_postcode, parse_text
from mdt_tui.nhs_number import is_valid_nhs_number, normalise_nhs_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/03/1941", date(1941, 3, 5)),
        ("5/3/1941", date(1941, 3, 5)),
        ("31/12/1999", date(1999, 12, 31)),
        ("05-Mar-1941", date(1941, 3, 5)),
        ("05-mar-1941", date(1941, 3, 5)),
        ("5-MARCH-1941", date(1941, 3, 5)),
        ("05 Mar 1941", date(1941, 3, 5)),
        ("05 march 1941", date(1941, 3, 5)),
        ("1 Sept 1950", date(1950, 9, 1)),
        ("1 Sep 1950", date(1950, 9, 1)),
        ("1941-03-05", date(1941, 3, 5)),
        ("1941-3-5", date(1941, 3, 5)),
        ("29/02/2000", date(2000, 2, 29)),
    ],
)
def test_parse_date_formats(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("30/02/1960", "not a real date: February 1960 has 29 days"),
        ("29/02/1900", "not a real date: February 1900 has 28 days"),
        ("31-Apr-1950", "not a real date: April 1950 has 30 days"),
        ("00/01/1950", "not a real date: January 1950 has 31 days"),
        ("1950-13-01", "not a real date: there is no month 13"),
        ("01/01/0000", "not a real date: there is no year 0"),
        ("05-Mar 1941", "not a date; use dd/mm/yyyy, dd-Mon-yyyy, dd Mon yyyy or yyyy-mm-dd"),
        ("05/03/41", "not a date; use dd/mm/yyyy, dd-Mon-yyyy, dd Mon yyyy or yyyy-mm-dd"),
        ("05.03.1941", "not a date; use dd/mm/yyyy, dd-Mon-yyyy, dd Mon yyyy or yyyy-mm-dd"),
        ("05 Mrz 1941", "'Mrz' is not a month name"),
        ("2025-W01-1", "not a date; use dd/mm/yyyy, dd-Mon-yyyy, dd Mon yyyy or yyyy-mm-dd"),
        ("+5/03/1941", "not a date; use dd/mm/yyyy, dd-Mon-yyyy, dd Mon yyyy or yyyy-mm-dd"),
        ("05/03/ 941", "not a date; use dd/mm/yyyy, dd-Mon-yyyy, dd Mon yyyy or yyyy-mm-dd"),
        ("１９４１-03-05", "not a date; use dd/mm/yyyy, dd-Mon-yyyy, dd Mon yyyy or yyyy-mm-dd"),
        ("05/03/１９４１", "not a date; use dd/mm/yyyy, dd-Mon-yyyy, dd Mon yyyy or yyyy-mm-dd"),
        ("٠٥/٠٣/١٩٤١", "not a date; use dd/mm/yyyy, dd-Mon-yyyy, dd Mon yyyy or yyyy-mm-dd"),
    ],
)
def test_parse_date_rejects(text, reason):
    with pytest.raises(ValueError) as raised:
        parse_date(text)
    assert str(raised.value) == reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [("cm201aa", "CM20 1AA"), ("CM20  1AA", "CM20 1AA"), ("w1a 0ax", "W1A 0AX"), ("M1 1AE", "M1 1AE"), ("ZZ9", "ZZ9")],
)
def test_postcode_spacing(text, expected):
    assert parse_postcode(text) == expected


def test_text_is_put_in_nfc_form():
    assert parse_text("Sia\u0302n") == "Siân"


@given(st.lists(st.integers(min_value=0, max_value=10**10 - 1), min_size=1, max_size=50))
def test_bulk_nhs_check_agrees_with_nhs_number_module(numbers):
    cells = [f"{n:010d}" for n in numbers]
    digits, doubtful = fast_normalise(cells)
    for index, cell in enumerate(cells):
        assert (index not in doubtful) == is_valid_nhs_number(cell)
        if index not in doubtful:
            assert digits[index] == normalise_nhs_number(cell)


@given(st.text(alphabet="0123456789 -x\t", max_size=14))
def test_bulk_nhs_check_never_passes_what_normalise_rejects(cell):
    digits, doubtful = fast_normalise([cell])
    if not doubtful:
        assert normalise_nhs_number(cell) == digits[0]


def test_bulk_nhs_check_sends_odd_cells_to_the_slow_path():
    cells = ["999 000 0018", "999-000-0018", "9990000019", "", "99900000181", "999\t000\t0018", "abc"]
    digits, doubtful = fast_normalise(cells)
    assert digits[:2] == ["9990000018", "9990000018"]
    assert doubtful == [2, 3, 4, 5, 6]
