"""Reading a GP-system cohort export: encoding, delimiter, header row, data rows and trailer."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import date
from itertools import compress, islice
from operator import not_
from pathlib import Path

from mdt_tui.cohort.columns import ColumnMap, count_recognised, match_columns
from mdt_tui.cohort.duplicates import Conflict, split_duplicates
from mdt_tui.cohort.practices import codes_by_name, pairs_in, practice_key, unknown_practice_reason
from mdt_tui.cohort.recorded import recorded_dates
from mdt_tui.cohort.rows import CohortRow, Duplicate, RejectedRow, RowProblem
from mdt_tui.cohort.run_date import preamble_run_date
from mdt_tui.cohort.validate import CheckedRows, check_rows
from mdt_tui.cohort.values import visible
from mdt_tui.gc_pause import gc_paused

MAX_PREAMBLE_LINES = 50  # the header row must be within this many rows of the top
DELIMITERS = (",", "\t", ";")
_HEAD_CHARS = 1 << 20  # plenty of text for the preamble and the header row
_NHS_LIKE = re.compile(r"[0-9][0-9 \-]*")
_EXCEL_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx (a zip) and .xls


class CohortFileError(ValueError):
    """The file as a whole cannot be imported; the message is one sentence for users."""


@dataclass(frozen=True, slots=True)
class CohortFile:
    """What a cohort file held: valid rows, every problem, and how the file was read."""

    path: Path
    encoding: str  # "utf-8", "utf-8-sig" (had a BOM), "utf-16" or "cp1252"
    delimiter: str
    header_row: int  # row number of the header, as a spreadsheet shows it
    header: tuple[str, ...]  # header cells, trimmed, as written
    recognised: dict[str, str]  # header text -> canonical field
    ignored: list[str]  # header texts not used
    rows: list[CohortRow]  # valid rows, in file order
    problems: list[RowProblem]  # every problem, in row order
    rejected_rows: list[RejectedRow]  # in row order
    duplicates: list[Duplicate]  # exact repeats of an earlier row, left out
    trailer_lines: list[tuple[int, str]]  # summary lines after the data: (9, "Total patients: 3")
    run_date: date | None = None  # when the search ran, from the preamble ("Run date: 01-Nov-2026")
    run_date_line: str = ""  # the preamble line it came from, or why a dated line was not used
    # Optional "recorded on" columns (mdt_tui.cohort.recorded): (NHS number, pathway code) -> date in the GP record.
    recorded_on: dict[tuple[str, str], date] = field(default_factory=dict)
    recorded_unreadable: int = 0  # such cells left out: not a date, in the future, or no valid NHS number

    @property
    def data_row_count(self) -> int:
        """Data rows read: valid, rejected and duplicate."""
        return len(self.rows) + len(self.rejected_rows) + len(self.duplicates)


def read_cohort_file(
    path: Path, *, today: date, practices: Mapping[str, str] | None = None, held: Set[str] = frozenset()
) -> CohortFile:
    """Read and validate a cohort export; raises CohortFileError when the whole file is unusable.

    ``practices`` (ODS code -> name, the store's practice table) and the file's own rows that carry
    both turn a practice name into its code; ``held`` (NHS numbers already in the store) lets a
    person whose practice name is unknown keep the code they have.

    Row numbers are those a spreadsheet shows: the file's records counted from 1, blank lines and
    preamble included (the same as line numbers unless a quoted cell holds a line break).
    """
    with gc_paused():
        # The reading happens in _read so that its intermediate objects (millions of cells) are
        # freed before the collector comes back on, and its first collection only sees the result.
        return _read(Path(path), today, practices or {}, held)


def _read(path: Path, today: date, practices: Mapping[str, str], held: Set[str]) -> CohortFile:
    """The work of read_cohort_file."""
    text, encoding = _decode(path)
    delimiter, header_row, header_cells = _find_header(text, path.name)
    columns = match_columns(header_cells)
    missing = columns.missing_required()
    if missing:
        raise CohortFileError(
            f"The header row (row {header_row}) of {path.name} has no column for " + ", nor for ".join(missing) + "."
        )
    records = _read_records(text, delimiter, path.name)
    run_date, run_date_line = preamble_run_date([delimiter.join(r) for r in records[: header_row - 1]], today)
    records = records[header_row:]
    numbers, data, trailer = _split_trailer(records, header_row + 1, columns.positions["nhs_number"])
    checked = _settle_practice_names(check_rows(columns, numbers, data, today), columns, numbers, practices, held)
    rows, duplicates, conflicts = split_duplicates(checked.rows)
    problems, rejected = _rejections(columns, numbers, data, checked.problems, conflicts)
    recorded_on, unreadable = recorded_dates(header_cells, data, columns.positions["nhs_number"], today=today)
    return CohortFile(
        path=path,
        encoding=encoding,
        delimiter=delimiter,
        header_row=header_row,
        header=columns.headers,
        recognised=columns.recognised,
        ignored=columns.ignored,
        rows=rows,
        problems=problems,
        rejected_rows=rejected,
        duplicates=duplicates,
        trailer_lines=trailer,
        run_date=run_date,
        run_date_line=run_date_line,
        recorded_on=recorded_on,
        recorded_unreadable=unreadable,
    )


def _rejections(
    columns: ColumnMap,
    numbers: Sequence[int],
    data: list[list[str]],
    row_problems: dict[int, list[RowProblem]],
    conflicts: list[Conflict],
) -> tuple[list[RowProblem], list[RejectedRow]]:
    """Every problem, and every rejected row with its cells and reasons, in row order."""
    problems = {numbers[index]: found for index, found in row_problems.items()}
    cells = {numbers[index]: data[index] for index in row_problems}
    if conflicts:
        index_of = {number: index for index, number in enumerate(numbers)}
        for conflict in conflicts:
            number = conflict.row.row_number
            cells[number] = data[index_of[number]]
            problems[number] = [_conflict_problem(conflict, columns, cells[number])]
    ordered = sorted(problems)
    return (
        [problem for number in ordered for problem in problems[number]],
        [RejectedRow(number, tuple(cells[number]), tuple(map(str, problems[number]))) for number in ordered],
    )


def _settle_practice_names(
    checked: CheckedRows, columns: ColumnMap, numbers: Sequence[int], practices: Mapping[str, str], held: Set[str]
) -> CheckedRows:
    """Give a row that names its practice without a code the code that name is known by."""
    if "practice_name" not in columns.positions:
        return checked
    unresolved = [i for i, row in enumerate(checked.rows) if row.practice_code is None]
    if not unresolved:
        return checked
    known = codes_by_name(practices, pairs_in(checked.rows))
    rows, problems = list(checked.rows), dict(checked.problems)
    header = visible(columns.headers[columns.positions["practice_name"]])
    index_of = {number: index for index, number in enumerate(numbers)}
    rejected: set[int] = set()
    for position in unresolved:
        row = rows[position]
        code = known.get(practice_key(row.practice_name or ""))
        if code is not None:
            rows[position] = row._replace(practice_code=code)
        elif row.nhs_number not in held:  # held: the store keeps the code they have
            name = visible(row.practice_name or "")
            problems[index_of[row.row_number]] = [
                RowProblem(row.row_number, header, name, unknown_practice_reason(name))
            ]
            rejected.add(position)
    if rejected:
        rows = [row for position, row in enumerate(rows) if position not in rejected]
        problems = dict(sorted(problems.items()))
    return CheckedRows(rows, problems)


def _decode(path: Path) -> tuple[str, str]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CohortFileError(f"Could not read {path.name}: {error.strerror or error}.") from error
    if not data.strip():
        raise CohortFileError(f"{path.name} is empty.")
    if data.startswith(_EXCEL_SIGNATURES):
        raise CohortFileError(f"{path.name} is an Excel workbook, not CSV: save it as CSV and import that.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    elif data.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig", "cp1252")
    else:
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise CohortFileError(f"{path.name} is not text in UTF-8 or Windows-1252; export it again as CSV.")


def _find_header(text: str, name: str) -> tuple[str, int, list[str]]:
    """The delimiter, row number and cells of the header: the first row naming two or more fields.

    Each delimiter is tried; the one whose header row names the most fields wins.
    """
    head = text[:_HEAD_CHARS]
    best: tuple[int, str, int, list[str]] | None = None
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
        try:
            for number, cells in enumerate(islice(reader, MAX_PREAMBLE_LINES), 1):
                score = count_recognised(cells)
                if score >= 2:
                    if best is None or score > best[0]:
                        best = (score, delimiter, number, cells)
                    break
        except csv.Error:
            continue
    if best is None:
        raise CohortFileError(
            f"{name} has no header row: none of its first {MAX_PREAMBLE_LINES} lines names columns "
            "such as NHS Number, Surname and Date of Birth."
        )
    _, delimiter, number, cells = best
    return delimiter, number, cells


def _read_records(text: str, delimiter: str, name: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as error:
        raise CohortFileError(f"{name} stops being valid CSV at line {reader.line_num}: {error}.") from error


def _split_trailer(
    records: list[list[str]], first_number: int, nhs_index: int
) -> tuple[Sequence[int], list[list[str]], list[tuple[int, str]]]:
    """Split the records after the header into (row numbers, data rows, trailer lines).

    Blank lines are skipped anywhere. After the data, summary lines ("Total patients: 3", "End of
    report") are set aside: a line with at most two non-blank cells and no NHS number where the NHS
    number goes. A line like that with data after it is still treated as a (damaged) data row.
    """
    blank = set(compress(range(len(records)), map(not_, map(str.strip, map("".join, records)))))
    end = len(records)
    trailer: list[tuple[int, str]] = []
    while end and (end - 1 in blank or _is_summary(records[end - 1], nhs_index)):
        end -= 1
        if end not in blank:
            trailer.append((first_number + end, " ".join(c.strip() for c in records[end] if c.strip())))
    trailer.reverse()
    if not any(index < end for index in blank):  # no blank lines among the data: no copying
        return range(first_number, first_number + end), records[:end], trailer
    kept = [i for i in range(end) if i not in blank]
    return [first_number + i for i in kept], [records[i] for i in kept], trailer


def _is_summary(cells: list[str], nhs_index: int) -> bool:
    if nhs_index < len(cells) and _NHS_LIKE.fullmatch(cells[nhs_index].strip()):
        return False
    return sum(1 for cell in cells if cell.strip()) <= 2


def _conflict_problem(conflict: Conflict, columns: ColumnMap, cells: list[str]) -> RowProblem:
    position = dict(columns.positions)
    if "practice_name" in position:  # a code taken from the practice (name) column is reported there
        position.setdefault("practice_code", position["practice_name"])
    headers = [visible(columns.headers[p]) for p in sorted({position[field] for field in conflict.fields})]
    others = conflict.other_rows
    rows = f"row {others[0]}" if len(others) == 1 else f"rows {_and([str(n) for n in others])}"
    nhs = columns.positions["nhs_number"]
    return RowProblem(
        conflict.row.row_number,
        visible(columns.headers[nhs]),
        visible(cells[nhs].strip()),
        f"same NHS number as {rows} but a different {_and(headers)}; no row with this NHS number was imported",
    )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
