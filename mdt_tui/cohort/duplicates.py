"""Rows sharing an NHS number: exact repeats are left out, rows that disagree are all rejected."""

from __future__ import annotations

from operator import itemgetter
from typing import NamedTuple

from mdt_tui.cohort.columns import FIELDS
from mdt_tui.cohort.rows import CohortRow, Duplicate


class Conflict(NamedTuple):
    """A row whose NHS number is also on other rows with different details."""

    row: CohortRow
    other_rows: tuple[int, ...]  # row numbers it disagrees with
    fields: frozenset[str]  # canonical fields that differ


def split_duplicates(rows: list[CohortRow]) -> tuple[list[CohortRow], list[Duplicate], list[Conflict]]:
    """Return (rows to keep, exact repeats, conflicts).

    A repeat of the first row for an NHS number with the same details is left out and counted. A
    row with different details rejects itself and that first row: neither can be trusted.
    """
    numbers = list(map(itemgetter(1), rows))
    if len(set(numbers)) == len(numbers):
        return rows, [], []
    first_index: dict[str, int] = {}
    repeats = [i for i, number in enumerate(numbers) if first_index.setdefault(number, i) != i]
    duplicates: list[Duplicate] = []
    disagreeing: dict[int, list[CohortRow]] = {}  # first row's index -> later rows that differ
    for index in repeats:
        row = rows[index]
        first = first_index[row.nhs_number]
        if row.details() == rows[first].details():
            duplicates.append(Duplicate(row.row_number, rows[first].row_number))
        else:
            disagreeing.setdefault(first, []).append(row)
    conflicts: list[Conflict] = []
    for first, later in disagreeing.items():
        row = rows[first]
        conflicts.append(Conflict(row, tuple(r.row_number for r in later), _differences(row, *later)))
        conflicts.extend(Conflict(r, (row.row_number,), _differences(r, row)) for r in later)
    left_out = set(repeats).union(disagreeing)
    kept = [row for index, row in enumerate(rows) if index not in left_out]
    return kept, duplicates, conflicts


def _differences(row: CohortRow, *others: CohortRow) -> frozenset[str]:
    return frozenset(
        name
        for other in others
        for name, mine, theirs in zip(FIELDS, row.details(), other.details(), strict=True)
        if mine != theirs
    )
