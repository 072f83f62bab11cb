"""The cohort row model, the problems a row can have, and validation of one row's cells."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any, NamedTuple

from mdt_tui.cohort import values
from mdt_tui.cohort.columns import FIELDS, REQUIRED_FIELDS, ColumnMap
from mdt_tui.cohort.dates import format_date, parse_date

MAX_AGE_YEARS = 130


@dataclass(frozen=True, slots=True)
class CohortRow:
    """One valid patient from a cohort file; fields follow columns.FIELDS."""

    row_number: int
    nhs_number: str  # 10 digits
    family_name: str
    given_name: str
    date_of_birth: date
    sex: str | None = None  # Male, Female, Indeterminate or Unknown
    practice_code: str | None = None  # ODS code, upper case
    practice_name: str | None = None
    usual_gp: str | None = None
    postcode: str | None = None
    segment: str | None = None
    risk_grade: str | None = None  # High, Medium or Low
    risk_score: float | None = None
    efi: float | None = None
    cfs: int | None = None
    ae_attendances_12m: int | None = None
    emergency_admissions_12m: int | None = None
    housebound: bool | None = None
    care_home_resident: bool | None = None
    end_of_life_register: bool | None = None

    def details(self) -> tuple[Any, ...]:
        """Every field but row_number: two rows for the same person have equal details."""
        return tuple(getattr(self, name) for name in FIELDS)


assert tuple(f.name for f in fields(CohortRow)) == ("row_number", *FIELDS)


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one cell (or row) cannot be imported; str() gives the message users see."""

    row_number: int
    column: str  # header text as written in the file
    value: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row_number}, column {self.column}: value '{self.value}' — {self.reason}"


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """An invalid row's original cells and the messages that explain it."""

    row_number: int
    cells: tuple[str, ...]
    reasons: tuple[str, ...]


class Duplicate(NamedTuple):
    """A row that repeats an earlier row exactly: not imported, not an error."""

    row_number: int
    first_row_number: int


_SLOT = {name: slot for slot, name in enumerate(FIELDS)}
_REQUIRED_SLOTS = tuple(_SLOT[name] for name in REQUIRED_FIELDS)
_INVALID = object()


def _parsers(today: date) -> dict[str, values.Parser]:
    return {
        "nhs_number": values.parse_nhs_number,
        "family_name": values.parse_text,
        "given_name": values.parse_text,
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
    """parse_date plus range checks, remembering each text seen (birth dates repeat a lot)."""
    seen: dict[str, date | str] = {}
    earliest = date(today.year - MAX_AGE_YEARS, 1, 1)

    def parse(text: str) -> date:
        result = seen.get(text)
        if result is None:
            try:
                result = parse_date(text)
                if result > today:
                    result = f"date of birth is in the future (today is {format_date(today)})"
                elif result < earliest:
                    result = f"date of birth is more than {MAX_AGE_YEARS} years ago"
            except ValueError as error:
                result = str(error)
            seen[text] = result
        if isinstance(result, str):
            raise ValueError(result)
        return result

    return parse


class RowValidator:
    """Turns one row's cells into a CohortRow, or into the problems that stop it."""

    def __init__(self, columns: ColumnMap, today: date) -> None:
        parsers = _parsers(today)
        self._headers = columns.headers
        self._columns = tuple(
            (index, _SLOT[field], parsers[field], columns.headers[index])
            for field, index in sorted(columns.positions.items(), key=lambda item: item[1])
        )
        self._required = tuple(
            (slot, columns.header(FIELDS[slot]))
            for slot in _REQUIRED_SLOTS
        )
        self._code = columns.positions.get("practice_code")
        self._name = columns.positions.get("practice_name")

    def validate(self, row_number: int, cells: list[str]) -> tuple[CohortRow | None, list[RowProblem]]:
        slots: list[Any] = [None] * len(FIELDS)
        problems: list[RowProblem] = []
        count = len(cells)
        for index, slot, parse, header in self._columns:
            if index < count and (text := cells[index].strip()):
                try:
                    slots[slot] = parse(text)
                except ValueError as error:
                    slots[slot] = _INVALID
                    problems.append(RowProblem(row_number, header, text, str(error)))
        for slot, header in self._required:
            if slots[slot] is None:
                problems.append(RowProblem(row_number, header, "", "required, but blank"))
        self._check_practice(row_number, cells, slots, problems)
        if count > len(self._headers):
            self._check_extra_cells(row_number, cells, problems)
        if problems:
            return None, problems
        return CohortRow(row_number, *slots), problems

    def _check_practice(
        self, row_number: int, cells: list[str], slots: list[Any], problems: list[RowProblem]
    ) -> None:
        """A practice column holding an ODS code gives the code; some practice must be given."""
        code_slot, name_slot = _SLOT["practice_code"], _SLOT["practice_name"]
        name = slots[name_slot]
        if isinstance(name, str) and values.looks_like_ods_code(name):
            code = slots[code_slot]
            if code is None or code == name.upper():
                slots[code_slot], slots[name_slot] = name.upper(), None
            elif code is not _INVALID:
                problems.append(RowProblem(
                    row_number, self._headers[self._name], name,
                    f"is an ODS code but the {self._headers[self._code]} column says {code}",
                ))
        if slots[code_slot] is None and slots[name_slot] is None:
            index = self._code if self._code is not None else self._name
            problems.append(RowProblem(
                row_number, self._headers[index], "", "required, but blank: give the practice code or name"
            ))

    def _check_extra_cells(self, row_number: int, cells: list[str], problems: list[RowProblem]) -> None:
        """Cells past the header's width usually mean an unquoted comma shifted the row."""
        width = len(self._headers)
        for index in range(width, len(cells)):
            if text := cells[index].strip():
                problems.append(RowProblem(
                    row_number, f"{index + 1} (no header)", text,
                    f"the row has more cells than the {width} in the header; check for an unquoted comma",
                ))
                return
