"""Exports written as files for other systems: CSV of coded events and worklists."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple, TextIO

from pydantic import BaseModel, TypeAdapter

from mdt_tui.safe_text import csv_cell, csv_writer

CODES_HEADER = (
    "event_id",
    "nhs_number",
    "practice_code",
    "effective_date",
    "snomed_code",
    "term",
    "value",
    "recorded_by",
    "recorded_at",
    "action",
    "signed_off",
)
"""``action``: ``add`` a code to the GP record, or ``remove`` one sent before and since corrected. ``signed_off``
(``true``/``false``, last, added after ``action``): a clinician checked the code before it left."""


class CodeExportRow(NamedTuple):
    """One row of the codes export as the store reads it (dates and times as stored), so a large export goes
    from the cursor to the file without building a model per row. The first eleven fields are CODES_HEADER."""

    event_id: int
    nhs_number: str
    practice_code: str
    effective_date: str
    snomed_code: str
    term: str
    value: str | None
    recorded_by: str
    recorded_at: str
    action: str
    signed_off: int
    """1 when a clinician signed the code off (store/exports/signoff.py), else 0."""
    delivery_id: int
    """The coded event whose delivery records this row: the code itself, or for a removal its correction."""


@functools.lru_cache(maxsize=4096)
def _date_text(stored: str) -> str:
    """``CodedEventRow.effective_date`` as the CSV writes it: the stored text when it is already that."""
    try:
        if date.fromisoformat(stored).isoformat() == stored:
            return stored
    except ValueError:
        pass
    return TypeAdapter(date).validate_python(stored).isoformat()


@functools.lru_cache(maxsize=4096)
def _datetime_text(stored: str) -> str:
    """``CodedEventRow.recorded_at`` as the CSV writes it: the stored text when it is already that."""
    try:
        if datetime.fromisoformat(stored).isoformat() == stored:
            return stored
    except ValueError:
        pass
    return TypeAdapter(datetime).validate_python(stored).isoformat()


# csv_cell is pure: the columns whose values repeat row after row (NHS numbers, practices, codes, terms, who
# recorded them) are checked once per distinct value.
_repeated_cell = functools.lru_cache(maxsize=1 << 16)(csv_cell)


def code_cells(row: CodeExportRow) -> list[object]:
    """The CODES_HEADER cells of one row, exactly as ``write_csv`` writes the same row built as a ``CodeLine``,
    and already safe for a spreadsheet: every stored text goes through ``csv_cell``; the rest are numbers, ISO
    dates and times made here, and fixed words. So a plain ``csv.writer`` writes them (half the cell checks)."""
    return [
        row.event_id,
        _repeated_cell(row.nhs_number),
        _repeated_cell(row.practice_code),
        _date_text(row.effective_date),
        _repeated_cell(row.snomed_code),
        _repeated_cell(row.term),
        "" if row.value is None else csv_cell(row.value),
        _repeated_cell(row.recorded_by),
        _datetime_text(row.recorded_at),
        "remove" if row.action == "remove" else "add",
        "true" if row.signed_off else "false",
    ]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def write_csv(rows: Iterable[BaseModel], header: Sequence[str], handle: TextIO) -> int:
    """Write models as CSV with exactly ``header`` as columns; returns the number of rows."""
    writer = csv_writer(handle, lineterminator="\n")  # no cell can be a live spreadsheet formula
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([_cell(getattr(row, name)) for name in header])
        count += 1
    return count


def open_private(path: Path) -> TextIO:
    """Open a new or existing file for writing that only its owner can read."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    return open(fd, "w", encoding="utf-8", newline="")
