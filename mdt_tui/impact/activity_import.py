"""`mdt import-activity FILE`: per-person service use into the database, all or nothing unless asked."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from mdt_tui.errors import MdtError
from mdt_tui.safe_text import terminal_text

PROBLEMS_SHOWN = 20


def import_activity(db: Path, file: Path, *, skip_invalid: bool, today: date | None = None) -> int:
    from mdt_tui.cohort import CohortFileError
    from mdt_tui.cohort.rejects import write_rejects
    from mdt_tui.commands import _cli_user, _store
    from mdt_tui.impact.activity import read_activity_file

    if not file.is_file():
        raise MdtError(f"There is no file at {file}.")
    if not db.exists():
        raise MdtError(f"There is no database at {db}: import the cohort first.")
    with _store(db) as store:
        try:
            result = read_activity_file(file, today=today or date.today(), held=store.held_nhs_numbers())
        except CohortFileError as exc:
            raise MdtError(f"{exc} Nothing was imported.") from None
        for problem in result.problems[:PROBLEMS_SHOWN]:
            print(terminal_text(str(problem)), file=sys.stderr)  # the file's own text: no escape sequences
        if len(result.problems) > PROBLEMS_SHOWN:
            print(f"… and {len(result.problems) - PROBLEMS_SHOWN} more problem(s).", file=sys.stderr)
        if not result.rows and not result.problems:
            raise MdtError("Nothing imported: the file has no data rows.")
        if result.problems and not skip_invalid:
            raise MdtError(
                f"Nothing imported: {len(result.problems)} problem(s) in {len(result.rejected_rows)} "
                "row(s). Fix them, or use --skip-invalid to import the valid rows."
            )
        if not result.rows:
            raise MdtError("Nothing imported: no row is valid.")
        rejects = None
        if result.rejected_rows:  # written first: if it cannot be, nothing is imported (H-N6)
            try:
                rejects = write_rejects(result, file)
            except OSError as exc:
                raise MdtError(f"Nothing imported: the rejects file could not be written ({exc.strerror}).") from None
        try:
            added, held = store.import_activity(_cli_user(), result.rows, source=file.name)
        except BaseException:
            if rejects is not None:
                rejects.unlink(missing_ok=True)
            raise
    if rejects is not None:
        print(terminal_text(f"Rejected rows written to {rejects}"), file=sys.stderr)
    print(
        terminal_text(
            f"Imported activity from {file.name}: {added} new contact(s), {held} already held"
            f"{f', {len(result.rejected_rows)} row(s) rejected' if result.rejected_rows else ''}."
        )
    )
    return 0
