"""Reading a GP-system cohort export: encoding, delimiter, header row, data rows and duplicates."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path

from mdt_tui.cohort.columns import FIELDS, ColumnMap, count_recognised, match_columns
from mdt_tui.cohort.rows import CohortRow, Duplicate, RejectedRow, RowProblem, RowValidator

MAX_PREAMBLE_LINES = 50  # the header row must be within this many lines of the top
DELIMITERS = (",", "\t", ";")
_HEAD_CHARS = 1 << 20  # enough text to hold the preamble and header row
_NHS_LIKE = re.compile(r"[0-9][0-9 \-]*")
_EXCEL_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx (zip) and .xls


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
    trailer_lines: list[tuple[int, str]]  # summary lines after the data, e.g. (9, "Total patients: 3")

    @property
    def data_row_count(self) -> int:
        """Data rows read: valid, rejected and duplicate."""
        return len(self.rows) + len(self.rejected_rows) + len(self.duplicates)


def read_cohort_file(path: Path, *, today: date) -> CohortFile:
    """Read and validate a cohort export; raises CohortFileError when the whole file is unusable."""
    path = Path(path)
    text, encoding = _decode(path)
    delimiter, header_row, header_cells = _find_header(text, path.name)
    columns = match_columns(header_cells)
    missing = columns.missing_required()
    if missing:
        raise CohortFileError(
            f"The header row (row {header_row}) of {path.name} has no column for "
            + ", nor for ".join(missing) + "."
        )
    collector = _Collector(columns, today)
    trailer: list[tuple[int, str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = islice(enumerate(reader, 1), header_row, None)
        for number, cells in _data_records(records, columns.positions["nhs_number"], trailer):
            collector.add(number, cells)
    except csv.Error as error:
        raise CohortFileError(f"{path.name} stops being valid CSV at line {reader.line_num}: {error}.") from error
    return collector.finish(path, encoding, delimiter, header_row, trailer)


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


def _data_records(
    records: Iterable[tuple[int, list[str]]], nhs_index: int, trailer: list[tuple[int, str]]
) -> Iterator[tuple[int, list[str]]]:
    """Yield data rows; skip blank lines; put summary lines after the data into ``trailer``.

    A summary line ("Total patients: 3", "End of report") has at most two non-blank cells and no
    NHS number in the NHS number column. It is only skipped when nothing but blank or summary lines
    follow it, so a damaged row in the middle of the data is still validated and reported.
    """
    pending: list[tuple[int, list[str]]] = []
    for number, cells in records:
        if nhs_index < len(cells) and _NHS_LIKE.fullmatch(cells[nhs_index].strip()):
            filled = len(cells)  # fast path: a row with an NHS number is data
        else:
            filled = sum(1 for cell in cells if cell.strip())
        if filled == 0:
            continue
        if filled <= 2:
            pending.append((number, cells))
            continue
        yield from pending
        pending.clear()
        yield number, cells
    trailer.extend((number, " ".join(c.strip() for c in cells if c.strip())) for number, cells in pending)


class _Collector:
    """Validates rows as they come, and sets aside exact repeats and conflicting duplicates."""

    def __init__(self, columns: ColumnMap, today: date) -> None:
        self._columns = columns
        self._validate = RowValidator(columns, today).validate
        self._nhs_index = columns.positions["nhs_number"]
        # The column each field comes from; a code may come from the practice (name) column.
        self._field_columns = {"practice_code": columns.positions.get("practice_name"), **columns.positions}
        self._rows: list[CohortRow] = []
        self._cells: list[list[str]] = []  # parallel to _rows, for rejecting a conflicting first row
        self._index_by_nhs: dict[str, int] = {}
        self._conflicts: dict[int, list[CohortRow]] = {}  # index in _rows -> later conflicting rows
        self._problems: list[RowProblem] = []
        self._rejected: list[RejectedRow] = []
        self._duplicates: list[Duplicate] = []

    def add(self, number: int, cells: list[str]) -> None:
        row, problems = self._validate(number, cells)
        if row is None:
            self._reject(number, cells, problems)
            return
        index = self._index_by_nhs.setdefault(row.nhs_number, len(self._rows))
        if index == len(self._rows):
            self._rows.append(row)
            self._cells.append(cells)
            return
        first = self._rows[index]
        if row.details() == first.details():
            self._duplicates.append(Duplicate(number, first.row_number))
            return
        self._conflicts.setdefault(index, []).append(row)
        self._reject(number, cells, [self._conflict(row, cells, [first])])

    def finish(
        self, path: Path, encoding: str, delimiter: str, header_row: int, trailer: list[tuple[int, str]]
    ) -> CohortFile:
        for index, later in self._conflicts.items():
            first = self._rows[index]
            self._reject(first.row_number, self._cells[index], [self._conflict(first, self._cells[index], later)])
        rows = [row for index, row in enumerate(self._rows) if index not in self._conflicts]
        self._problems.sort(key=lambda problem: problem.row_number)
        self._rejected.sort(key=lambda rejected: rejected.row_number)
        return CohortFile(
            path=path,
            encoding=encoding,
            delimiter=delimiter,
            header_row=header_row,
            header=self._columns.headers,
            recognised=self._columns.recognised,
            ignored=self._columns.ignored,
            rows=rows,
            problems=self._problems,
            rejected_rows=self._rejected,
            duplicates=self._duplicates,
            trailer_lines=trailer,
        )

    def _reject(self, number: int, cells: list[str], problems: list[RowProblem]) -> None:
        self._problems.extend(problems)
        self._rejected.append(RejectedRow(number, tuple(cells), tuple(map(str, problems))))

    def _conflict(self, row: CohortRow, cells: list[str], others: list[CohortRow]) -> RowProblem:
        """The problem for a row whose NHS number is on other rows with different details."""
        differing = {name for other in others for name in _differing_fields(row, other)}
        headers = [self._columns.headers[i] for i in sorted({self._field_columns[name] for name in differing})]
        numbers = [other.row_number for other in others]
        return RowProblem(
            row.row_number,
            self._columns.headers[self._nhs_index],
            cells[self._nhs_index].strip(),
            f"same NHS number as {_rows_text(numbers)} but a different {_and(headers)}; "
            "no row with this NHS number was imported",
        )


def _differing_fields(a: CohortRow, b: CohortRow) -> list[str]:
    return [name for name, x, y in zip(FIELDS, a.details(), b.details()) if x != y]


def _rows_text(numbers: list[int]) -> str:
    return f"row {numbers[0]}" if len(numbers) == 1 else f"rows {_and([str(n) for n in numbers])}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
