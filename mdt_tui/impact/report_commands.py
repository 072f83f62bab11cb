"""`mdt report dashboard|evaluation` and `mdt import-activity`: their arguments and what they do.

Kept out of cli.py so the CLI stays small; nothing here imports Textual.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import date
from pathlib import Path

from mdt_tui.errors import MdtError
from mdt_tui.safe_text import csv_writer, terminal_text

COMMANDS = ("report", "import-activity")


def _month(text: str) -> str:
    from mdt_tui.impact.dashboard import parse_period

    try:
        return parse_period(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive_months(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 120:
        raise argparse.ArgumentTypeError(f"'{text[:20]}' is not a number of months from 1 to 120")
    return int(text)


def add_parsers(sub: argparse._SubParsersAction, db_help: str) -> None:
    from mdt_tui.cli import Parser, _db_option, _force_option

    report = sub.add_parser("report", help="measure impact: the INT dashboard and the evaluation of service use")
    kinds = report.add_subparsers(dest="report", metavar="WHAT", parser_class=Parser, required=True)
    board = kinds.add_parser("dashboard", help="monthly measures per practice and for ALL (long CSV)")
    _db_option(board, db_help)
    board.add_argument(
        "--from", dest="first", type=_month, metavar="YYYY-MM", help="first month (default: 11 months before --to)"
    )
    board.add_argument("--to", dest="last", type=_month, metavar="YYYY-MM", help="last month (default: this month)")
    board.add_argument("--format", choices=("csv", "md", "html"), default="csv", help="csv (default), md or html")
    board.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of standard output")
    _force_option(board)
    board.add_argument(
        "--for-icb",
        action="store_true",
        help="small-number suppression for the ICB: 1-7 shown as *, other counts rounded to 5",
    )
    evaluation = kinds.add_parser("evaluation", help="service use before and after joining, against a comparison")
    _db_option(evaluation, db_help)
    evaluation.add_argument(
        "--outcome",
        choices=("emergency_admission", "ae", "bed_days"),
        default="emergency_admission",
        help="what is counted (default: emergency_admission)",
    )
    evaluation.add_argument(
        "--months", type=_positive_months, default=12, help="months before and after the index date (default: 12)"
    )
    evaluation.add_argument("--format", choices=("md", "json"), default="md", help="md (default) or json")
    evaluation.add_argument(
        "--extract",
        type=Path,
        metavar="FILE",
        help="also write the pseudonymised per-person extract for the ICB's analysts",
    )
    _force_option(evaluation)

    activity = sub.add_parser("import-activity", help="import per-person service use (A&E, admissions, contacts)")
    activity.add_argument("file", type=Path, metavar="FILE", help="CSV: nhs_number,date,setting,bed_days")
    _db_option(activity, db_help)
    activity.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid rows and write the rest to FILE.rejects.csv "
        "(default: import nothing if any row is invalid)",
    )


def run(args: argparse.Namespace, db: Path) -> int:
    if args.command == "import-activity":
        from mdt_tui.impact.activity_import import import_activity

        return import_activity(db, args.file, skip_invalid=args.skip_invalid)
    if args.report == "dashboard":
        return report_dashboard(
            db, first=args.first, last=args.last, fmt=args.format, out=args.out, force=args.force, for_icb=args.for_icb
        )
    return report_evaluation(
        db, outcome=args.outcome, months=args.months, fmt=args.format, extract=args.extract, force=args.force
    )


def _store(db: Path):
    from mdt_tui.commands import _store as open_store  # the composition root opens the store

    if not db.exists():
        raise MdtError(f"There is no database at {db}.")
    return open_store(db)


def report_dashboard(
    db: Path,
    *,
    first: str | None,
    last: str | None,
    fmt: str,
    out: Path | None,
    force: bool = False,
    for_icb: bool = False,
    today: date | None = None,
) -> int:
    from mdt_tui.impact.dashboard import period_of
    from mdt_tui.impact.dashboard_report import dashboard_csv, dashboard_document
    from mdt_tui.impact.evaluation import add_months
    from mdt_tui.safe_files import check_output, write_file

    today = today or date.today()
    last = last or period_of(today)
    first = first or period_of(add_months(date(int(last[:4]), int(last[5:]), 1), -11))
    if first > last:
        raise MdtError(f"--from {first} is after --to {last}: give the earlier month first.")
    if out is not None:
        check_output(out, force=force, protect=[db])
    with _store(db) as store:
        board = store.dashboard(first, last, today)
        title = f"INT dashboard — {store.neighbourhood() or 'mdt-tui'}"
    text = dashboard_csv(board, for_icb) if fmt == "csv" else dashboard_document(board, title, for_icb, fmt)
    if out is None:
        sys.stdout.write(text)
        return 0
    write_file(out, text, force=force, protect=[db])
    print(terminal_text(f"Dashboard {first} to {last} written to {out}"), file=sys.stderr)
    return 0


def report_evaluation(
    db: Path,
    *,
    outcome: str,
    months: int,
    fmt: str,
    extract: Path | None = None,
    force: bool = False,
    today: date | None = None,
) -> int:
    import json

    from mdt_tui.impact.evaluation import evaluate
    from mdt_tui.impact.evaluation_report import as_json_ready, evaluation_markdown, extract_csv
    from mdt_tui.safe_files import check_output, write_file

    today = today or date.today()
    if extract is not None:
        check_output(extract, force=force, protect=[db])
    with _store(db) as store:
        people, events = store.evaluation_input()
        details = store.evaluation_people_details() if extract is not None else {}
    result = evaluate(people, events, today=today, months=months, outcome=outcome, seed=0)
    if fmt == "json":
        sys.stdout.write(json.dumps(as_json_ready(result), indent=2) + "\n")
    else:
        sys.stdout.write(evaluation_markdown(result, outcome=outcome, months=months, today=today))
    if extract is not None:
        body = io.StringIO()
        csv_writer(body).writerows(extract_csv(people, events, details, today=today, months=months))
        write_file(extract, body.getvalue(), force=force, protect=[db])
        print(terminal_text(f"Pseudonymised evaluation extract written to {extract}"), file=sys.stderr)
    return 0
