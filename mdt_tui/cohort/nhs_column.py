"""Checking a whole column of NHS numbers at once, with check_digit's rule read into lookup tables."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import compress, repeat
from operator import add, itemgetter, methodcaller, mod, ne

from mdt_tui.nhs_number import check_digit

_NOT_FOUND = float("nan")  # any sum with NaN is NaN, and NaN % 11 == 0 is False


def _remainder(first_nine: str) -> int:
    """The weighted sum of nine digits mod 11, recovered from check_digit (11 - r, 0 for 0, None for 1)."""
    digit = check_digit(first_nine)
    return 1 if digit is None else (11 - digit) % 11


@cache
def _tables() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Each digit group's share of the weighted sum mod 11: digits 1-3, 4-6, and 7-9 plus the check digit.

    The sum is linear in the digits, so a number's total is the sum of its groups' shares. A number
    is valid exactly when (sum + check digit) % 11 == 0: check digit 11 - r makes it so, r == 0 needs
    0, and r == 1 would need a check digit of 10, which check_digit refuses.
    """
    groups = [f"{n:03d}" for n in range(1000)]
    first = {g: _remainder(g + "000000") for g in groups}
    middle = {g: _remainder("000" + g + "000") for g in groups}
    last = {g + str(d): (_remainder("000000" + g) + d) % 11 for g in groups for d in range(10)}
    return first, middle, last


def fast_normalise(cells: Sequence[str]) -> tuple[list[str], list[int]]:
    """Strip spaces and dashes from every cell, and list the cells that are not plainly valid.

    Returns (digits, doubtful): digits[i] is cells[i] without spaces or dashes, and is a valid NHS
    number unless i is in doubtful (blank, invalid or unusual, e.g. a tab inside): callers put
    those through normalise_nhs_number, which decides and explains. No Python-level loop runs.
    """
    first, middle, last = _tables()
    digits = list(map(methodcaller("replace", "-", ""), map(methodcaller("replace", " ", ""), cells)))
    totals = map(
        add,
        map(
            add,
            map(first.get, map(itemgetter(slice(0, 3)), digits), repeat(_NOT_FOUND)),
            map(middle.get, map(itemgetter(slice(3, 6)), digits), repeat(_NOT_FOUND)),
        ),
        map(last.get, map(itemgetter(slice(6, None)), digits), repeat(_NOT_FOUND)),
    )
    invalid = map(ne, map(mod, totals, repeat(11)), repeat(0))
    return digits, list(compress(range(len(digits)), invalid))
