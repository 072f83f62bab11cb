"""What each `mdt` command does, once its arguments are parsed. The CLI's composition root:
the one place in the core that reaches into the store (and, lazily, the UI)."""

from __future__ import annotations

import contextlib
import sys
from datetime import date
from pathlib import Path

from mdt_tui.errors import MdtError, StoreError
from mdt_tui.exports.csv_files import write_csv
from mdt_tui.safe_files import check_output, write_file
from mdt_tui.safe_text import terminal_text


def _store(db: Path, *, create: bool = False):
    from mdt_tui.store.store import Store

    return Store.open(db, create=create)


def open_app(db: Path) -> int:
    from mdt_tui.locations import is_sqlite_file, not_sqlite_message
    from mdt_tui.screens.app import make_app

    if db.is_file() and not is_sqlite_file(db):  # fail before any screen is drawn
        raise StoreError(not_sqlite_message(db))

    # The home screen paints first; the store opens in a worker behind it.
    app = make_app(db, open_in_background=True)
    return _run_app(app)


def _run_app(app) -> int:  # noqa: ANN001 - MdtApp, imported lazily
    """Run the app, then close every connection its store opened (worker threads' too), so the
    -wal is checkpointed and removed. After a crash Textual has already printed the one sentence."""
    try:
        app.run()
    finally:
        if app.opened_store is not None:
            app.opened_store.close()
    if app.open_error:
        raise MdtError(app.open_error)
    return app.return_code or 0


def demo(db: Path, *, ui: bool) -> int:
    from mdt_tui.store.demo.loader import load_demo

    with _store(db, create=True) as store:
        if sum(store.stage_counts().values()) == 0:
            added = load_demo(store, date.today())
            print(
                terminal_text(
                    f"Demo neighbourhood '{store.neighbourhood()}' created: {added} people, "
                    f"{len(store.team())} team members, in {db}"
                )
            )
        else:
            print(f"{db} already holds {sum(store.stage_counts().values())} people; opening it unchanged.")
    if ui:
        from mdt_tui.screens.app import make_app

        return _run_app(make_app(db))
    return 0


def export_codes(
    db: Path,
    *,
    since: date | None,
    out: Path | None,
    practice: str | None = None,
    meeting: int | None = None,
    include_exported: bool = False,
    fmt: str = "csv",
    force: bool = False,
    include_unsigned: bool = False,
    delivery: int | None = None,
) -> int:
    """Coded events as CSV or checklist: see mdt_tui.exports.delivery_commands (deliveries and sign-off)."""
    from mdt_tui.exports import delivery_commands

    return delivery_commands.export_codes(
        db,
        since=since,
        out=out,
        practice=practice,
        meeting=meeting,
        include_exported=include_exported,
        fmt=fmt,
        force=force,
        include_unsigned=include_unsigned,
        delivery=delivery,
    )


def export_document(
    db: Path, what: str, meeting_id: int, *, fmt: str, out: Path | None, private: bool, force: bool = False
) -> int:
    from mdt_tui.meeting.minutes import agenda_document, minutes_document

    _check_out(out, db, force)
    build = minutes_document if what == "minutes" else agenda_document
    with _store(db) as store:
        text = build(store, meeting_id, private=private).render(fmt)
    return _write_document(text, out, f"{what.capitalize()} of meeting {meeting_id}", db=db, force=force)


def export_plan(
    db: Path, nhs_number: str, *, fmt: str, out: Path | None, force: bool = False, private: bool = False
) -> int:
    from mdt_tui.nhs_number import normalise_nhs_number
    from mdt_tui.plan.document import build_plan_document, render_plan

    try:
        nhs = normalise_nhs_number(nhs_number)
    except ValueError as exc:
        raise MdtError(str(exc)) from None
    _check_out(out, db, force)
    with _store(db) as store:
        text = render_plan(build_plan_document(store, store.person_by_nhs_number(nhs).id, private=private), fmt)
    return _write_document(text, out, f"Care and Support Plan for {nhs_number}", db=db, force=force)


def _check_out(out: Path | None, db: Path, force: bool) -> None:
    """Refuse a bad --out before any work is done (write_file checks again as it writes)."""
    if out is not None:
        check_output(out, force=force, protect=[db])


def _write_document(text: str, out: Path | None, what: str, *, db: Path, force: bool) -> int:
    if out is None:
        sys.stdout.write(text)
        return 0
    write_file(out, text, force=force, protect=[db])
    print(f"{what} written to {out}", file=sys.stderr)
    return 0


def correct(db: Path, event_id: int, *, reason: str) -> int:
    """Mark a coded event entered in error; a pathway step's event reverses the step too."""
    with _store(db) as store:
        event = store.coded_event(event_id)
        store.mark_entered_in_error(_cli_user(), event_id, reason=reason)
        stage = store.person(event.person_id).stage
    print(
        terminal_text(
            f"Event {event_id} ({event.snomed_code} {event.term}, {event.effective_date:%d %b %Y}) marked"
            f" entered in error; the person is now '{stage.label}'. If it was already sent to the"
            " practice, the next 'mdt export codes --out' asks them to remove it."
        )
    )
    return 0


MEETINGS_HEADER = ("meeting_id", "date", "status", "cases", "discussed")


def meetings(db: Path) -> int:
    with _store(db) as store:
        write_csv(store.meetings(), MEETINGS_HEADER, sys.stdout)
    return 0


def _cli_user():
    """Who the audit names for command-line writes: the app's signed-in user, else the OS login."""
    import getpass

    from mdt_tui.models import User
    from mdt_tui.roles import Role
    from mdt_tui.settings import load_settings

    return load_settings().user or User(name=getpass.getuser() or "unknown", role=Role.ADMIN)


def import_cohort(db: Path, file: Path, *, search_name: str | None, run_date: date | None, skip_invalid: bool) -> int:
    from mdt_tui.cohort import CohortFileError, read_cohort_file
    from mdt_tui.cohort.importing import DEFAULT_SEARCH_NAME, file_report, import_file, refusal, run_date_for
    from mdt_tui.cohort.summary import names_line

    search_name = search_name or DEFAULT_SEARCH_NAME
    if not file.is_file():
        raise MdtError(f"There is no file at {file}.")
    today = date.today()
    practices, held = {}, set()
    if db.exists():  # practice names are turned into codes with the database's practice table
        with _store(db) as store:
            practices, held = store.practices(), set(store.stages_by_nhs_number())
    try:
        result = read_cohort_file(file, today=today, practices=practices, held=held)
    except CohortFileError as exc:
        raise MdtError(f"{exc} Nothing was imported.") from None
    err = sys.stderr
    for line in [*file_report(result), *map(str, result.problems)]:
        print(terminal_text(line), file=err)  # the file's own text: never an escape sequence on the terminal
    how_to_skip = "use --skip-invalid"
    if reason := refusal(result, skip_invalid=skip_invalid, how_to_skip=how_to_skip):
        raise MdtError(reason)  # before the database is opened, so a refused file never creates one
    with _store(db, create=True) as store:
        summary, rejects = import_file(
            store,
            _cli_user(),
            result,
            search_name=search_name,
            run_date=run_date_for(result, run_date, today),
            skip_invalid=skip_invalid,
            how_to_skip=how_to_skip,
        )
    if rejects:
        print(f"Rejected rows written to {rejects}", file=err)
    print(terminal_text(f"Imported '{search_name}' run on {summary.run_date.isoformat()}: {summary.line()}"))
    print(
        terminal_text(names_line("Joined the search", summary.joined)),
        terminal_text(names_line("Left the search", summary.left)),
        sep="\n",
    )
    return 0


# The first seven columns as before; the latest search entry's follow (mdt_tui.cohort.listing.ENTRY_HEADER).
COHORT_IDENTITY_HEADER = (
    "nhs_number",
    "family_name",
    "given_name",
    "date_of_birth",
    "practice_code",
    "status",
    "in_latest_search",
)


def cohort(db: Path, *, status: str | None, out: Path | None, force: bool = False) -> int:
    # Imported here, not at the top: every CLI command imports this module and most need no cohort code.
    from mdt_tui.cohort.listing import ENTRY_HEADER, entry_cells
    from mdt_tui.pathway import Stage
    from mdt_tui.safe_files import streamed_file
    from mdt_tui.safe_text import csv_writer

    _check_out(out, db, force)
    with _store(db) as store:
        rows = store.cohort_listing([Stage(status)] if status else None)
        # Rows go from the cursor to the file as they are read (flat memory); the file appears only once complete.
        with streamed_file(out, force=force, protect=[db]) if out else contextlib.nullcontext(sys.stdout) as handle:
            writer = csv_writer(handle, lineterminator="\n")  # names can't be live spreadsheet formulas
            writer.writerow((*COHORT_IDENTITY_HEADER, *ENTRY_HEADER))
            for row in rows:
                writer.writerow(
                    [
                        *(row[k] for k in COHORT_IDENTITY_HEADER[:6]),
                        "true" if row["in_latest_search"] else "false",
                        *entry_cells(row),
                    ]
                )
    return 0


def check(db: Path) -> int:
    with _store(db) as store:
        problem = store.first_problem()
        version = store.schema_version()
    if problem:
        raise StoreError(f"{db} failed its check: {problem}. Restore it from a backup (mdt restore).")
    print(
        f"ok: {db} passed the integrity, foreign-key, append-only, schema and audit-chain checks; "
        f"schema version {version}"
    )
    return 0


def backup(db: Path, out: Path) -> int:
    check_output(out, protect=[db])
    with _store(db) as store:
        store.backup_to(out)
    print(f"Backup written to {out}")
    return 0


def restore(db: Path, backup_file: Path) -> int:
    """Install a checked backup as the database; the current file is kept beside it, never deleted."""
    from datetime import datetime

    from mdt_tui.store.restore import restore as restore_backup

    report = restore_backup(backup_file, db, now=datetime.now())
    print("\n".join(report.lines()))
    return 0
