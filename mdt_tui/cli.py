"""The `mdt` command line: opens the app, creates the demo, exports, checks and backs up.

Non-UI commands never import Textual; the app is imported only when it is launched.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

from mdt_tui import __version__
from mdt_tui.errors import MdtError
from mdt_tui.locations import data_dir, default_db_path
from mdt_tui.pathway import Stage


class CliError(MdtError):
    """Bad command-line input."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one sentence, no usage dump
        raise CliError(f"{message} (see '{self.prog} --help').")


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def _db_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--db", type=Path, default=argparse.SUPPRESS, metavar="PATH", help=help_text)


def _force_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists (never the database itself)")


def build_parser() -> Parser:
    db_help = "the database file (default: $MDT_DB or your local data folder)"
    parser = Parser(prog="mdt", description="Run proactive-care MDT meetings for an Integrated Neighbourhood Team.")
    parser.add_argument("--version", action="version", version=f"mdt-tui {__version__}")
    _db_option(parser, db_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    demo = sub.add_parser("demo", help="create the synthetic demo neighbourhood (if new) and open it")
    _db_option(demo, "the demo database (default: demo.db in your local data folder)")
    demo.add_argument("--no-ui", action="store_true", help="only create it and print a one-line summary")

    export = sub.add_parser("export", help="export coded events and documents")
    targets = export.add_subparsers(dest="target", metavar="WHAT", parser_class=Parser, required=True)
    codes = targets.add_parser("codes", help="CSV of coded events for the GP record")
    _db_option(codes, db_help)
    codes.add_argument(
        "--since", type=iso_date, metavar="YYYY-MM-DD", help="only events effective on or after this date"
    )
    codes.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="write to FILE (and mark the events exported) instead of standard output",
    )
    _force_option(codes)
    codes.add_argument("--practice", metavar="ODS", help="only this practice's patients")
    codes.add_argument("--meeting", type=record_id, metavar="ID", help="only the coded outcomes of this meeting")
    codes.add_argument("--all", action="store_true", help="include events already exported to a file")
    codes.add_argument(
        "--format",
        choices=("csv", "md", "html"),
        default="csv",
        help="csv (default) or the per-practice 'codes to enter' checklist as md or html",
    )
    codes.add_argument(
        "--include-unsigned",
        action="store_true",
        help="with --out: also send codes no clinician has signed off (every page says so)",
    )
    codes.add_argument(
        "--delivery", type=record_id, metavar="ID", help="print an earlier delivery again (see mdt deliveries)"
    )
    pack = targets.add_parser("pack", help="one practice's pack: worklist, batch lists, removals, A4 cover sheet")
    pack.add_argument("--practice", required=True, metavar="ODS", help="the practice's ODS code")
    _db_option(pack, db_help)
    pack.add_argument("--out", type=Path, required=True, metavar="DIR", help="a new (or empty) folder for the pack")
    pack.add_argument(
        "--include-unsigned",
        action="store_true",
        help="also send codes no clinician has signed off (every page says so)",
    )
    for what, help_text in (("minutes", "the minutes of a meeting"), ("agenda", "a meeting's agenda and pre-read")):
        doc = targets.add_parser(what, help=help_text + " (Markdown or HTML)")
        doc.add_argument("meeting", type=record_id, metavar="MEETING_ID")
        _db_option(doc, db_help)
        doc.add_argument("--format", choices=("md", "html"), default="md", help="md (default) or html")
        doc.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of standard output")
        _force_option(doc)
        doc.add_argument("--private", action="store_true", help="initials and year of birth only, no other identifiers")

    plan = targets.add_parser("plan", help="a person's printable Care and Support Plan (Markdown or HTML)")
    plan.add_argument("nhs_number", metavar="NHS_NUMBER")
    _db_option(plan, db_help)
    plan.add_argument("--format", choices=("md", "html"), default="md", help="md (default) or html (prints on A4)")
    plan.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of standard output")
    _force_option(plan)
    plan.add_argument(
        "--private",
        action="store_true",
        help="initials and year of birth only (the household and carers too), no other identifiers",
    )

    correct = sub.add_parser("correct", help="mark a coded event entered in error (a pathway step is reversed too)")
    correct.add_argument(
        "event_id", type=record_id, metavar="EVENT_ID", help="the event_id column of 'mdt export codes'"
    )
    correct.add_argument(
        "--reason", required=True, metavar="TEXT", help="why it was entered in error (goes to the practice)"
    )
    _db_option(correct, db_help)

    fhir = targets.add_parser("fhir", help="agreed plans as a FHIR R4 Bundle (UK Core) for the Shared Care Record")
    fhir.add_argument("nhs_number", nargs="?", metavar="NHS_NUMBER", help="the person (or --all)")
    fhir.add_argument("--all", action="store_true", help="everyone with a plan agreed at an MDT review")
    _db_option(fhir, db_help)
    fhir.add_argument("--out", type=Path, required=True, metavar="FILE", help="the bundle's JSON file")
    _force_option(fhir)
    deliveries = sub.add_parser("deliveries", help="CSV of every delivery of codes to a practice")
    _db_option(deliveries, db_help)

    meetings = sub.add_parser("meetings", help="CSV of all meetings: meeting_id,date,status,cases,discussed")
    _db_option(meetings, db_help)

    imp = sub.add_parser("import-cohort", help="import a GP-system cohort search export (CSV or tab-separated)")
    imp.add_argument("file", type=Path, metavar="FILE", help="the exported search")
    _db_option(imp, db_help + "; created if it does not exist")
    imp.add_argument(
        "--search-name",
        metavar="NAME",  # the default is named where it is applied: commands.py
        help="the search this file comes from (default: INT Proactive Care Cohort)",
    )
    imp.add_argument(
        "--run-date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="when the search was run (default: the file's own run date, else today)",
    )
    imp.add_argument(
        "--skip-invalid",
        action="store_true",
        help=(
            "import the valid rows and write the rest to FILE.rejects.csv"
            " (default: import nothing if any row is invalid)"
        ),
    )

    cohort = sub.add_parser("cohort", help="CSV worklist of everyone identified, with their pathway status")
    _db_option(cohort, db_help)
    cohort.add_argument(
        "--status",
        choices=[s.value for s in Stage],
        metavar="STATUS",
        help="only people at this stage: " + ", ".join(s.value for s in Stage),
    )
    cohort.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of standard output")
    _force_option(cohort)

    check = sub.add_parser("check", help="check the database's integrity and schema version")
    _db_option(check, db_help)

    backup = sub.add_parser("backup", help="write a consistent copy of the database while it is in use")
    _db_option(backup, db_help)
    backup.add_argument("--out", type=Path, metavar="FILE", required=True, help="the new backup file")

    restore = sub.add_parser("restore", help="replace the database with a checked backup, keeping the current file")
    restore.add_argument("backup_file", type=Path, metavar="BACKUP", help="a backup made with 'mdt backup'")
    _db_option(restore, db_help)

    from mdt_tui.impact import report_commands  # report dashboard|evaluation, import-activity

    report_commands.add_parsers(sub, db_help)
    from mdt_tui import policy_commands  # policy, policy set

    policy_commands.add_parsers(sub, db_help)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Every failure ends in one sentence on stderr and a non-zero exit, never a traceback:
    1 for refused input or a database problem, 2 for bad usage or an unexpected error (whose
    traceback, without local variables, goes to a private crash report)."""
    if sys.stdout is None:  # started with stdout closed (`mdt meetings >&-`): output has nowhere to go
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        _refuse_undecodable(argv)
        args = build_parser().parse_args(argv)
        return run(args)
    except MdtError as exc:
        _say(f"mdt: {exc}")
        return 2 if isinstance(exc, CliError) else 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `mdt export codes | head`: the reader left, nothing is wrong
        _silence_stdout()
        return 0
    except OSError as exc:
        if os.environ.get("MDT_DEBUG"):
            raise
        _say(f"mdt: {exc.strerror or exc} ({exc.filename or ''}).")
        return 1
    except Exception as exc:  # a defect: say so in one sentence, keep the details private
        if os.environ.get("MDT_DEBUG"):
            raise
        from mdt_tui.crash_report import crash_message, write_crash_report

        _say(f"mdt: {crash_message(write_crash_report(exc, where='cli'))}")
        return 2


def _refuse_undecodable(argv: Sequence[str]) -> None:
    """Python keeps bytes that are not UTF-8 as lone surrogates, which no file API or message can carry."""
    for arg in argv:
        if _undecodable(arg):
            raise CliError("an argument is not valid UTF-8 text; rename the file or retype the value")
    for name in ("MDT_DB", "MDT_CONFIG", "MDT_DATA_DIR"):
        if _undecodable(os.environ.get(name, "")):
            raise CliError(f"the {name} environment variable is not valid UTF-8 text; set it to another path")


def _undecodable(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _say(line: str) -> None:
    """One line on stderr, whatever the terminal's encoding (stored text may not fit it)."""
    from mdt_tui.safe_text import terminal_text

    line = terminal_text(line)  # a message may quote stored or typed text: no escape sequence reaches the terminal
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(line + "\n")
        stream.flush()
    except UnicodeEncodeError:
        stream.write(line.encode("ascii", "backslashreplace").decode("ascii") + "\n")
    except OSError:
        pass  # stderr itself is closed: nothing more can be said


def _silence_stdout() -> None:
    """The reader of stdout has gone: send what is left to /dev/null so the exit flush stays quiet."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def record_id(text: str) -> int:
    """A row id typed by the user: a positive whole number SQLite can hold."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a whole number") from None
    if not 1 <= value <= 2**63 - 1:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a valid id (ids are positive whole numbers)")
    return value


def run(args: argparse.Namespace) -> int:
    from mdt_tui import commands

    db = getattr(args, "db", None)
    if args.command is None:
        return commands.open_app(db or default_db_path())
    if args.command == "demo":
        return commands.demo(db or data_dir() / "demo.db", ui=not args.no_ui)
    db = db or default_db_path()
    if args.command == "export" and args.target == "codes":
        return commands.export_codes(
            db,
            since=args.since,
            out=args.out,
            practice=args.practice,
            meeting=args.meeting,
            include_exported=args.all,
            fmt=args.format,
            force=args.force,
            include_unsigned=args.include_unsigned,
            delivery=args.delivery,
        )
    if args.command == "export" and args.target == "pack":
        from mdt_tui.exports import delivery_commands

        return delivery_commands.export_pack(db, args.practice, args.out, include_unsigned=args.include_unsigned)
    if args.command == "export" and args.target == "fhir":
        from mdt_tui.exports import delivery_commands

        if (args.nhs_number is None) == (not args.all):
            raise CliError("give an NHS number or --all, not both (see 'mdt export fhir --help')")
        return delivery_commands.export_fhir(db, args.nhs_number, args.out, force=args.force)
    if args.command == "deliveries":
        from mdt_tui.exports import delivery_commands

        return delivery_commands.deliveries(db)
    if args.command == "export" and args.target == "plan":
        return commands.export_plan(
            db, args.nhs_number, fmt=args.format, out=args.out, force=args.force, private=args.private
        )
    if args.command == "export":
        return commands.export_document(
            db, args.target, args.meeting, fmt=args.format, out=args.out, private=args.private, force=args.force
        )
    if args.command == "correct":
        return commands.correct(db, args.event_id, reason=args.reason)
    if args.command == "meetings":
        return commands.meetings(db)
    if args.command == "import-cohort":
        return commands.import_cohort(
            db, args.file, search_name=args.search_name, run_date=args.run_date, skip_invalid=args.skip_invalid
        )
    if args.command == "cohort":
        return commands.cohort(db, status=args.status, out=args.out, force=args.force)
    if args.command == "check":
        return commands.check(db)
    if args.command == "backup":
        return commands.backup(db, args.out)
    if args.command == "restore":
        return commands.restore(db, args.backup_file)
    if args.command in ("report", "import-activity"):
        from mdt_tui.impact import report_commands

        return report_commands.run(args, db)
    if args.command == "policy":
        from mdt_tui import policy_commands

        return policy_commands.run(args, db)
    raise CliError(f"unknown command '{args.command}'")
