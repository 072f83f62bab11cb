"""Writing the rejects file: each invalid row's original cells plus the reasons it was rejected."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from mdt_tui.cohort.rows import RejectedRow
from mdt_tui.safe_text import csv_writer

REASON_HEADER = "reason"


class WithRejects(Protocol):
    """A file read with some rows rejected: a cohort file or an activity file."""

    @property
    def header(self) -> Sequence[str]: ...

    @property
    def rejected_rows(self) -> Sequence[RejectedRow]: ...


def rejects_path(input_path: Path) -> Path:
    """'<stem>.rejects.csv' beside the input file."""
    input_path = Path(input_path)
    return input_path.with_name(f"{input_path.stem}.rejects.csv")


def write_rejects(result: WithRejects, input_path: Path) -> Path:
    """Write the rejected rows under the original header plus a 'reason' column; owner-only (0o600).

    The file is UTF-8 with a BOM and CRLF line ends so Excel opens it with names intact. Rows
    longer than the header are kept whole: the header gets blank names up to the widest row.
    """
    path = rejects_path(input_path)
    width = max([len(result.header), *(len(r.cells) for r in result.rejected_rows)])
    header = [*result.header, *[""] * (width - len(result.header)), REASON_HEADER]
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags, 0o600)
    if hasattr(os, "fchmod"):
        os.fchmod(descriptor, 0o600)  # an older rejects file may have had wider permissions
    with open(descriptor, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv_writer(handle)  # rejected cells are the file's own text: never live formulas
        writer.writerow(header)
        for rejected in result.rejected_rows:
            cells = [*rejected.cells, *[""] * (width - len(rejected.cells))]
            writer.writerow([*cells, "; ".join(rejected.reasons)])
    return path
