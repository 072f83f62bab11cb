"""The cohort row model and the records that explain rows which were not imported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from mdt_tui.cohort.columns import FIELDS


class CohortRow(NamedTuple):
    """One valid patient from a cohort file; fields after row_number follow columns.FIELDS.

    A NamedTuple rather than a frozen dataclass: it is immutable and typed, and building 100,000
    of them costs a sixth as much.
    """

    row_number: int
    nhs_number: str  # 10 digits
    family_name: str
    given_name: str
    date_of_birth: date
    sex: str | None = None  # Male, Female, Indeterminate or Unknown
    practice_code: str | None = None  # ODS code, upper case
    practice_name: str | None = None
    usual_gp: str | None = None
    postcode: str | None = None  # upper case, one space before the last three characters
    segment: str | None = None
    risk_grade: str | None = None  # High, Medium or Low
    risk_score: float | None = None  # 0 to 100
    efi: float | None = None  # 0 to 1
    cfs: int | None = None  # 1 to 9
    ae_attendances_12m: int | None = None
    emergency_admissions_12m: int | None = None
    housebound: bool | None = None
    care_home_resident: bool | None = None
    end_of_life_register: bool | None = None

    def details(self) -> tuple[Any, ...]:
        """Every field but row_number: two rows for the same person have equal details."""
        return self[1:]


assert CohortRow._fields == ("row_number", *FIELDS)


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one cell (or row) cannot be imported; str() gives the message users see."""

    row_number: int
    column: str  # header text as written in the file
    value: str  # the cell, trimmed
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
    """A row that repeats an earlier row exactly: left out, not an error."""

    row_number: int
    first_row_number: int


@dataclass(frozen=True, slots=True)
class LeftSearch:
    """The latest run of a person's search no longer finds them: which search, and when it was run."""

    search_name: str
    run_date: date
