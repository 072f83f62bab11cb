"""Reading a per-person service-use file (nhs_number,date,setting,bed_days) with the cohort import's care:
header aliases, any GP-system date format, row-level problems with the file's own cells, nothing guessed."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from mdt_tui.cohort.columns import header_key
from mdt_tui.cohort.dates import parse_date
from mdt_tui.cohort.reader import CohortFileError, _decode
from mdt_tui.cohort.rows import RejectedRow, RowProblem
from mdt_tui.cohort.values import visible
from mdt_tui.nhs_number import InvalidNHSNumber, normalise_nhs_number

SETTINGS = ("ae", "emergency_admission", "elective_admission", "outpatient", "gp", "community", "social_care")
ADMISSIONS = ("emergency_admission", "elective_admission")
MAX_BED_DAYS = 3650

_COLUMN_ALIASES = {
    "nhs_number": ("nhs number", "nhs no", "patient nhs number", "nhs"),
    "date": (
        "on date",
        "activity date",
        "event date",
        "contact date",
        "attendance date",
        "admission date",
        "start date",
    ),
    "setting": ("activity type", "type", "point of delivery", "pod", "setting type", "service"),
    "bed_days": ("bed days", "length of stay", "los", "spell los", "beddays"),
}
COLUMNS = {header_key(alias): name for name, aliases in _COLUMN_ALIASES.items() for alias in (name, *aliases)}

_SETTING_ALIASES = {
    "ae": ("a&e", "a and e", "ed", "emergency department", "type 1 ae", "accident and emergency"),
    "emergency_admission": ("emergency admission", "non elective", "non-elective admission", "nel", "emergency"),
    "elective_admission": ("elective", "elective admission", "day case", "el"),
    "outpatient": ("outpatients", "op", "outpatient appointment"),
    "gp": ("gp contact", "general practice", "primary care"),
    "community": ("community services", "community contact", "community nursing"),
    "social_care": ("adult social care", "social services", "asc"),
}
SETTING_KEYS = {header_key(alias): name for name, aliases in _SETTING_ALIASES.items() for alias in (name, *aliases)}


class Contact(NamedTuple):
    """One imported contact of a person, as the theograph draws it (a NamedTuple: unpacked in the month loops)."""

    on_date: date
    setting: str
    bed_days: int | None


@dataclass(frozen=True)
class ActivityRow:
    nhs_number: str
    on_date: date
    setting: str
    bed_days: int | None


@dataclass
class ActivityFile:
    header: list[str]
    rows: list[ActivityRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rejected_rows: list[RejectedRow] = field(default_factory=list)


def read_activity_file(path: Path, *, today: date, held: set[str] | None = None) -> ActivityFile:
    """Every row checked; a row with any problem is rejected whole. ``held``: the NHS numbers the database
    holds (activity for anyone else cannot be counted, so it is a row problem)."""
    text, _ = _decode(path)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    header = records[0] if records else []
    where = {COLUMNS[header_key(cell)]: i for i, cell in enumerate(header) if header_key(cell) in COLUMNS}
    missing = [name for name in ("nhs_number", "date", "setting") if name not in where]
    if missing:
        raise CohortFileError(
            f"{path.name} has no {', '.join(missing)} column: its first row must name "
            "nhs_number, date, setting and (for admissions) bed_days."
        )
    result = ActivityFile(header)
    for number, cells in enumerate(records[1:], 2):
        if not any(c.strip() for c in cells):
            continue
        row, problems = _check(number, cells, header, where, today, held)
        if problems:
            result.problems += problems
            result.rejected_rows.append(RejectedRow(number, tuple(cells), tuple(p.reason for p in problems)))
        elif row is not None:
            result.rows.append(row)
    return result


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max((",", "\t", ";"), key=first.count)


def _check(
    number: int, cells: list[str], header: list[str], where: dict[str, int], today: date, held: set[str] | None
) -> tuple[ActivityRow | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def cell(name: str) -> str:
        i = where.get(name)
        return cells[i].strip(" ") if i is not None and i < len(cells) else ""

    def problem(name: str, reason: str) -> None:
        problems.append(RowProblem(number, visible(header[where[name]]), visible(cell(name)), reason))

    nhs = on = setting = bed_days = None
    try:
        nhs = normalise_nhs_number(cell("nhs_number"))
        if held is not None and nhs not in held:
            problem("nhs_number", "nobody with this NHS number is held here: import the cohort first")
    except InvalidNHSNumber as exc:
        problem("nhs_number", str(exc))
    try:
        on = parse_date(cell("date"))
        if on > today:
            problem("date", "in the future")
    except ValueError as exc:
        problem("date", str(exc) if cell("date") else "required, but blank")
    setting = SETTING_KEYS.get(header_key(cell("setting")))
    if setting is None:
        problem("setting", "not one of " + ", ".join(SETTINGS))
    if "bed_days" in where and cell("bed_days"):
        text = cell("bed_days")
        if not text.isdigit() or int(text) > MAX_BED_DAYS:
            problem("bed_days", f"not a whole number of days from 0 to {MAX_BED_DAYS}")
        elif setting not in ADMISSIONS and int(text):
            problem("bed_days", "bed days belong to admissions only")
        elif setting in ADMISSIONS:
            bed_days = int(text)  # 0 for a contact that is not an admission is read as none
    if problems or nhs is None or on is None or setting is None:  # each None has its problem
        return None, problems
    return ActivityRow(nhs, on, setting, bed_days), []
