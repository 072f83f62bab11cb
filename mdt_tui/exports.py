"""Exports written as files for other systems: CSV of coded events and worklists."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from pydantic import BaseModel

from mdt_tui.safe_text import csv_writer

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
