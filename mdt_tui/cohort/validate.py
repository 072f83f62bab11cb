"""Validating cohort rows a column at a time, so each distinct cell text is parsed only once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import compress, repeat
from operator import itemgetter, ne, not_
from typing import Any, NamedTuple

from mdt_tui.cohort import values
from mdt_tui.cohort.columns import FIELDS, PRACTICE_FIELDS, REQUIRED_FIELDS, ColumnMap
from mdt_tui.cohort.dates import format_date, parse_date
from mdt_tui.cohort.nhs_column import fast_normalise
from mdt_tui.cohort.rows import CohortRow, RowProblem
from mdt_tui.nhs_number import InvalidNHSNumber, normalise_nhs_number

MAX_AGE_YEARS = 130
BLANK_REASON = "required, but blank"
_PADDING = " \u00a0"  # spaces and no-break spaces (spreadsheets add them)


class _Invalid(NamedTuple):
    """Stands in a column for a cell that failed to parse."""

    text: str
    reason: str


@dataclass(slots=True)
class _Column:
    values: list[Any]  # parsed value, None when blank, _Invalid when it failed
    blank: list[int]  # indices of blank cells
    invalid: list[int]  # indices of invalid cells


@dataclass(frozen=True, slots=True)
class CheckedRows:
    """The valid rows, and the problems of the others keyed by their index in the input."""

    rows: list[CohortRow]
    problems: dict[int, list[RowProblem]]  # each row's problems in column order


def check_rows(columns: ColumnMap, numbers: Sequence[int], records: Sequence[list[str]], today: date) -> CheckedRows:
    """Validate data rows (cells as read) against the header; numbers are their row numbers."""
    count = len(records)
    if not count:
        return CheckedRows([], {})
    problems = _Problems(numbers, columns.headers)
    cells_by_column = list(zip(*_fit_width(records, len(columns.headers), problems), strict=True))
    parsers = _parsers(today)
    parsed: dict[str, _Column] = {}
    for field, position in columns.positions.items():
        cells = cells_by_column[position]
        column = _nhs_column(cells) if field == "nhs_number" else _parse_column(cells, parsers[field])
        for index in column.invalid:
            problems.add(index, position, *column.values[index])
        parsed[field] = column
    for field in REQUIRED_FIELDS:
        for index in parsed[field].blank:
            problems.add(index, columns.positions[field], "", BLANK_REASON)
    by_field = {field: column.values for field, column in parsed.items()}
    _settle_practice(by_field, parsed, columns, problems)

    fields = [by_field[field] if field in by_field else repeat(None) for field in FIELDS]
    good: Iterable[tuple[Any, ...]] = zip(numbers, *fields, strict=False)  # repeat(None) columns never end
    if problems.by_index:
        good = compress(good, map(not_, map(problems.by_index.__contains__, range(count))))
    # tuple.__new__ is CohortRow._make without its length check (zip gives every field).
    return CheckedRows(list(map(partial(tuple.__new__, CohortRow), good)), problems.in_order())


class _Problems:
    """Problems gathered column by column, kept per row with their column position."""

    def __init__(self, numbers: Sequence[int], headers: Sequence[str]) -> None:
        self._numbers = numbers
        self._headers = headers
        self.by_index: dict[int, list[tuple[int, RowProblem]]] = {}

    def add(self, index: int, position: int, value: str, reason: str) -> None:
        header = self._headers[position] if position < len(self._headers) else f"{position + 1} (no header)"
        # The value is quoted to users: control characters escaped and a huge cell cut short.
        problem = RowProblem(self._numbers[index], values.visible(header), values.visible(value), reason)
        self.by_index.setdefault(index, []).append((position, problem))

    def in_order(self) -> dict[int, list[RowProblem]]:
        return {
            index: [problem for _, problem in sorted(found, key=itemgetter(0))]
            for index, found in sorted(self.by_index.items())
        }


def _fit_width(records: Sequence[list[str]], width: int, problems: _Problems) -> Sequence[list[str]]:
    """Pad short rows with blanks; cut long ones, reporting the first non-blank cell cut off."""
    odd = list(compress(range(len(records)), map(ne, map(len, records), repeat(width))))
    if not odd:
        return records
    fitted = list(records)
    for index in odd:
        cells = fitted[index]
        if len(cells) < width:
            fitted[index] = cells + [""] * (width - len(cells))
            continue
        fitted[index] = cells[:width]
        extra = next((p for p in range(width, len(cells)) if cells[p].strip()), None)
        if extra is not None:
            problems.add(
                index,
                extra,
                cells[extra].strip(),
                f"the row has more cells than the {width} in the header; check for an unquoted comma",
            )
    return fitted


class _Parsed(dict[str, Any]):
    """Cell text -> value, parsing each distinct text on first sight; looking up hits stays in C."""

    __slots__ = ("parser",)

    def __init__(self, parser: values.Parser) -> None:
        super().__init__()
        self.parser = parser

    def __missing__(self, raw: str) -> Any:
        # Only spaces are padding: a tab, line break or other control character is refused by the parser,
        # not quietly trimmed off.
        text = raw.strip(_PADDING)
        if not text:
            value = None
        else:
            try:
                value = self.parser(text)
            except ValueError as error:
                value = _Invalid(text, str(error))
        self[raw] = value
        return value


def _parse_column(cells: Sequence[str], parser: values.Parser) -> _Column:
    parsed = _Parsed(parser)
    column = list(map(parsed.__getitem__, cells))
    blank = {raw for raw, value in parsed.items() if value is None}
    invalid = {raw for raw, value in parsed.items() if type(value) is _Invalid}
    return _Column(column, _where(cells, blank), _where(cells, invalid))


def _nhs_column(cells: Sequence[str]) -> _Column:
    """Plainly valid numbers are checked in bulk; the rest go through normalise_nhs_number."""
    normalised, doubtful = fast_normalise(cells)
    digits: list[Any] = normalised
    blank: list[int] = []
    invalid: list[int] = []
    for index in doubtful:
        text = cells[index].strip(_PADDING)
        if not text:
            digits[index] = None
            blank.append(index)
            continue
        try:
            digits[index] = normalise_nhs_number(text)
        except InvalidNHSNumber as error:
            digits[index] = _Invalid(text, str(error))
            invalid.append(index)
    return _Column(digits, blank, invalid)


def _where(items: Sequence[Any], wanted: set[Any]) -> list[int]:
    """Indices of the items in ``wanted``."""
    return list(compress(range(len(items)), map(wanted.__contains__, items))) if wanted else []


def _settle_practice(
    by_field: dict[str, list[Any]], parsed: dict[str, _Column], columns: ColumnMap, problems: _Problems
) -> None:
    """An ODS code in a practice (name) column becomes the code; each row needs a code or a name."""
    code_position = columns.positions.get("practice_code")
    name_position = columns.positions.get("practice_name")
    if name_position is not None:
        names = by_field["practice_name"]
        ods = {v for v in set(names) if type(v) is str and values.looks_like_ods_code(v)}
        if ods:
            codes = by_field.setdefault("practice_code", [None] * len(names))
            for index in _where(names, ods):
                code, name = codes[index], names[index].upper()
                if code is None or code == name:
                    codes[index], names[index] = name, None
                elif type(code) is str and code_position is not None:
                    problems.add(
                        index,
                        name_position,
                        names[index],
                        f"is an ODS code but the {columns.headers[code_position]} column says {code}",
                    )
    first = min(columns.positions[field] for field in PRACTICE_FIELDS if field in columns.positions)
    present = [set(parsed[field].blank) for field in PRACTICE_FIELDS if field in parsed]
    for index in sorted(set.intersection(*present)):
        problems.add(index, first, "", f"{BLANK_REASON}: give the practice ODS code or name")


def _parsers(today: date) -> dict[str, values.Parser]:
    return {
        "family_name": values.parse_name,
        "given_name": values.parse_name,
        "date_of_birth": _date_of_birth_parser(today),
        "sex": values.parse_sex,
        "practice_code": values.parse_ods_code,
        "practice_name": values.parse_text,
        "usual_gp": values.parse_text,
        "postcode": values.parse_postcode,
        "segment": values.parse_text,
        "risk_grade": values.parse_risk_grade,
        "risk_score": values.number_parser(0, 100),
        "efi": values.number_parser(0, 1),
        "cfs": values.whole_number_parser(1, 9),
        "ae_attendances_12m": values.whole_number_parser(0),
        "emergency_admissions_12m": values.whole_number_parser(0),
        "housebound": values.parse_bool,
        "care_home_resident": values.parse_bool,
        "end_of_life_register": values.parse_bool,
    }


def _date_of_birth_parser(today: date) -> values.Parser:
    earliest = date(today.year - MAX_AGE_YEARS, 1, 1)

    def parse_date_of_birth(text: str) -> date:
        born = parse_date(text)
        if born > today:
            raise ValueError(f"date of birth is in the future (today is {format_date(today)})")
        if born < earliest:
            raise ValueError(f"date of birth is more than {MAX_AGE_YEARS} years ago")
        return born

    return parse_date_of_birth
