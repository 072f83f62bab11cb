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
from mdt_tui.cohort.rejects import rejects_path, write_rejects
from mdt_tui.cohort.values import parse_text, visible
from mdt_tui.errors import MdtError
from mdt_tui.pathway import Stage

if TYPE_CHECKING:
    from mdt_tui.cohort.rows import CohortRow
    from mdt_tui.cohort.summary import CohortImportSummary
    from mdt_tui.models import User

Progress = Callable[[int, int], None]

DEFAULT_SEARCH_NAME = "INT Proactive Care Cohort"

KEEP_STATUS = (Stage.DECLINED, Stage.NOT_APPROPRIATE)
"""People already at these stages keep them when a search finds them again."""


class CohortStore(Protocol):
    def import_cohort(
        self,
        user: User,
        rows: list[CohortRow],
        *,
        search_name: str,
        run_date: date,
        rejected: int,
        source: str,
        progress: Progress | None,
    ) -> CohortImportSummary: ...

    def confirm_recorded(self, user: User, matches: dict[tuple[str, str], date], *, source: str) -> int: ...


def file_report(file: CohortFile) -> list[str]:
    """How the file was read: the header row, the rows, the run date, and which columns were used."""
    lines = [
        f"Read {visible(file.path.name)}: header on row {file.header_row}, {file.data_row_count} data rows.",
        run_date_line(file),
        "Recognised columns: " + ", ".join(f"{visible(header)} → {field}" for header, field in file.recognised.items()),
    ]
    if file.ignored:
        lines.append("Ignored columns: " + ", ".join(map(visible, file.ignored)))
    if file.recorded_on or file.recorded_unreadable:  # mdt_tui.cohort.recorded: confirms delivered codes
        lines.append(
            f"Dates codes were recorded in the GP record: {len(file.recorded_on)}"
            + (
                f" ({file.recorded_unreadable} left out: not a date, in the future, or no valid NHS number)"
                if file.recorded_unreadable
                else ""
            )
        )
    return lines


def run_date_line(file: CohortFile) -> str:
    if file.run_date is not None:
        return f"Run date in the file: {file.run_date:%d %b %Y} (from '{file.run_date_line}')."
    if file.run_date_line:
        return f"No run date in the file: {file.run_date_line}."
    return "No run date in the file."


def run_date_for(file: CohortFile, given: date | None, today: date) -> date:
    """The date the search ran: as given (--run-date, the screen's field), else the file's, else today."""
    return given or file.run_date or today


def refusal(file: CohortFile, *, skip_invalid: bool, how_to_skip: str) -> str | None:
    """Why nothing will be imported, or None: any invalid row stops the import unless asked to skip them."""
    if not file.rows and not file.problems:
        return "Nothing imported: the file has no data rows."
    if file.problems and not skip_invalid:
        return (
            f"Nothing imported: {len(file.problems)} problem(s) in {len(file.rejected_rows)} row(s). "
            f"Fix them, or {how_to_skip} to import the valid rows."
        )
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
        kept = "; ".join(
            f"{count} {stage.label.lower()} keep{'s' * (count == 1)} that status"
            for stage, count in self.keep_status.items()
            if count
        )
        return f"{self.new} new, {self.known} already held" + (f" ({kept})" if kept else "")


def preview(file: CohortFile, stages: Mapping[str, Stage]) -> ImportPreview:
    """``stages``: the stage of everyone already held, by NHS number."""
    held = [stages[row.nhs_number] for row in file.rows if row.nhs_number in stages]
    return ImportPreview(
        new=len(file.rows) - len(held), known=len(held), keep_status={stage: held.count(stage) for stage in KEEP_STATUS}
    )


@dataclass(frozen=True)
class SearchMembers:
    """Who a search's latest run found (and still lists as found), NHS number -> 'Family, Given' for showing,
    and when it last ran (None before its first run): what an import of a new run is compared with."""

    names: Mapping[str, str]
    latest_run: date | None


NO_MEMBERS = SearchMembers({}, None)


def movers(
    file: CohortFile, members: Mapping[str, str], latest_run: date | None, run_date: date
) -> tuple[list[str], list[str]]:
    """(who joins, who leaves) the search if the file is imported, as 'Family, Given' in name order.

    ``members``: NHS number -> name of everyone the search's latest run found. An older run than the
    latest held moves nobody.
    """
    if latest_run is not None and run_date < latest_run:
        return [], []
    found = {row.nhs_number for row in file.rows}
    joined = sorted(f"{row.family_name}, {row.given_name}" for row in file.rows if row.nhs_number not in members)
    return joined, sorted(name for nhs, name in members.items() if nhs not in found)


def import_file(
    store: CohortStore,
    user: User,
    file: CohortFile,
    *,
    search_name: str,
    run_date: date,
    skip_invalid: bool,
    how_to_skip: str,
    progress: Progress | None = None,
) -> tuple[CohortImportSummary, Path | None]:
    """Write the rejected rows beside the input, then import the valid rows in one transaction.

    The rejects file comes first so that a rejects file that cannot be written stops the import:
    "nothing changed" is then true. If the import then fails, the rejects file goes again.
    Raises MdtError, with nothing changed, if the file is refused.
    """
    if reason := refusal(file, skip_invalid=skip_invalid, how_to_skip=how_to_skip):
        raise MdtError(reason)
    try:  # typed by a user, stored with every entry and shown on screens: the same rules as a text cell
        search_name = parse_text(search_name.strip(" "))
    except ValueError as error:
        raise MdtError(f"Nothing imported: the search name {error}.") from None
    rejects = None
    if file.rejected_rows:
        try:
            rejects = write_rejects(file, file.path)
        except OSError as error:
            raise MdtError(
                f"Nothing imported: the rejects file {rejects_path(file.path)} could not be written "
                f"({error.strerror or error})."
            ) from None
    try:
        summary = store.import_cohort(
            user,
            file.rows,
            search_name=search_name,
            run_date=run_date,
            rejected=len(file.rejected_rows),
            source=file.path.name,
            progress=progress,
        )
    except BaseException:
        if rejects is not None:
            rejects.unlink(missing_ok=True)  # it describes an import that did not happen
        raise
    if file.recorded_on:  # delivered codes the GP record now shows: the deliveries are confirmed
        store.confirm_recorded(user, file.recorded_on, source=file.path.name)
    return summary, rejects
