"""Importing a read cohort file: what it holds, what importing it will do, and the one way it is done.

Shared by ``mdt import-cohort`` and the app's import screen, so both refuse, report and write
rejects the same way. The store is passed in (the core never imports it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from mdt_tui.cohort.reader import CohortFile
from mdt_tui.cohort.rejects import write_rejects
from mdt_tui.errors import MdtError
from mdt_tui.pathway import Stage

if TYPE_CHECKING:
    from mdt_tui.cohort.rows import CohortRow
    from mdt_tui.models import ImportSummary, User

Progress = Callable[[int, int], None]

DEFAULT_SEARCH_NAME = "INT Proactive Care Cohort"

KEEP_STATUS = (Stage.DECLINED, Stage.NOT_APPROPRIATE)
"""People already at these stages keep them when a search finds them again."""


class CohortStore(Protocol):
    def import_cohort(self, user: User, rows: list[CohortRow], *, search_name: str, run_date: date, rejected: int,
                      source: str, progress: Progress | None) -> ImportSummary: ...


def file_report(file: CohortFile) -> list[str]:
    """How the file was read: the header row, the rows, and which columns were used."""
    lines = [f"Read {file.path.name}: header on row {file.header_row}, {file.data_row_count} data rows.",
             "Recognised columns: " + ", ".join(f"{header} → {field}" for header, field in file.recognised.items())]
    if file.ignored:
        lines.append("Ignored columns: " + ", ".join(file.ignored))
    return lines


def refusal(file: CohortFile, *, skip_invalid: bool, how_to_skip: str) -> str | None:
    """Why nothing will be imported, or None: any invalid row stops the import unless asked to skip them."""
    if not file.rows and not file.problems:
        return "Nothing imported: the file has no data rows."
    if file.problems and not skip_invalid:
        return (f"Nothing imported: {len(file.problems)} problem(s) in {len(file.rejected_rows)} row(s). "
                f"Fix them, or {how_to_skip} to import the valid rows.")
    if not file.rows:
        return "Nothing imported: no row is valid."
    return None


@dataclass(frozen=True)
class ImportPreview:
    """What importing the valid rows will do to the people already held."""

    new: int
    known: int
    keep_status: dict[Stage, int]  # of the known, how many stay declined / not appropriate

    def line(self) -> str:
        kept = "; ".join(f"{count} {stage.label.lower()} keep{'s' * (count == 1)} that status"
                         for stage, count in self.keep_status.items() if count)
        return f"{self.new} new, {self.known} already held" + (f" ({kept})" if kept else "")


def preview(file: CohortFile, stages: Mapping[str, Stage]) -> ImportPreview:
    """``stages``: the stage of everyone already held, by NHS number."""
    held = [stages[row.nhs_number] for row in file.rows if row.nhs_number in stages]
    return ImportPreview(new=len(file.rows) - len(held), known=len(held),
                         keep_status={stage: held.count(stage) for stage in KEEP_STATUS})


def no_longer_found(file: CohortFile, members: set[str], latest_run: date | None, run_date: date) -> int:
    """How many people an earlier run of the search found that this file leaves out: importing marks them
    "no longer in search". An older run than the latest held changes no one's status."""
    if latest_run is not None and run_date < latest_run:
        return 0
    return len(members - {row.nhs_number for row in file.rows})


def import_file(store: CohortStore, user: User, file: CohortFile, *, search_name: str, run_date: date,
                skip_invalid: bool, how_to_skip: str, progress: Progress | None = None
                ) -> tuple[ImportSummary, Path | None]:
    """Import the valid rows in one transaction, then write the rejected ones beside the input.

    Raises MdtError, with nothing changed, if the file is refused.
    """
    if reason := refusal(file, skip_invalid=skip_invalid, how_to_skip=how_to_skip):
        raise MdtError(reason)
    summary = store.import_cohort(user, file.rows, search_name=search_name, run_date=run_date,
                                  rejected=len(file.rejected_rows), source=file.path.name, progress=progress)
    return summary, write_rejects(file, file.path) if file.rejected_rows else None
