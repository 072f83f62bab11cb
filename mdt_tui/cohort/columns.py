"""Cohort column names: canonical fields, their header aliases, and header matching."""

from __future__ import annotations

import re
from dataclasses import dataclass

# What each search run records about a person (a cohort entry), in stored order: segment and risk_grade first.
ENTRY_FIELDS: tuple[str, ...] = (
    "segment",
    "risk_grade",
    "risk_score",
    "efi",
    "cfs",
    "ae_attendances_12m",
    "emergency_admissions_12m",
    "housebound",
    "care_home_resident",
    "end_of_life_register",
)

# Canonical fields in CohortRow order (after row_number).
FIELDS: tuple[str, ...] = (
    "nhs_number",
    "family_name",
    "given_name",
    "date_of_birth",
    "sex",
    "practice_code",
    "practice_name",
    "usual_gp",
    "postcode",
    *ENTRY_FIELDS,
)

# Each must have a column. A practice needs one of PRACTICE_FIELDS.
REQUIRED_FIELDS: tuple[str, ...] = ("nhs_number", "family_name", "given_name", "date_of_birth")
PRACTICE_FIELDS: tuple[str, ...] = ("practice_code", "practice_name")

# Header texts as GP systems and people write them. Matching ignores case, spaces and
# punctuation, so "NHS number", "NHS_Number" and "nhs-number" all match "NHS Number".
# Each field's own name (e.g. "date_of_birth") is an alias too.
ALIASES: dict[str, tuple[str, ...]] = {
    "nhs_number": ("NHS Number", "NHS No", "NHS Num", "nhs_no", "Patient NHS Number"),
    "family_name": ("Surname", "Family Name", "Last Name", "Patient Surname"),
    "given_name": (
        "Forename",
        "Forenames",
        "Given Name",
        "Given Names",
        "First Name",
        "First Names",
        "Patient Forename",
    ),
    "date_of_birth": ("Date of Birth", "DOB", "Birth Date", "Patient DOB"),
    "sex": ("Sex", "Gender"),
    "practice_code": (
        "ODS Code",
        "Practice Code",
        "Organisation Code",
        "Organization Code",
        "Org Code",
        "Practice ODS Code",
        "Registered Practice Code",
    ),
    "practice_name": (
        "Organisation",
        "Organization",
        "Practice",
        "Registered Practice",
        "Practice Name",
        "Organisation Name",
        "Organization Name",
        "Surgery",
    ),
    "usual_gp": ("Usual GP", "Usual GP Name", "Usual GP's Full Name", "Named GP", "Registered GP"),
    "postcode": ("Postcode", "Post Code", "Postal Code"),
    "segment": ("Segment", "Population Segment", "Cohort Segment", "Bridges to Health Segment"),
    "risk_grade": ("Risk Grade", "Risk Level", "Risk Band", "Risk Category"),
    "risk_score": ("Risk Score", "Risk Stratification Score", "Predictive Risk Score"),
    "efi": ("eFI", "eFI Score", "Electronic Frailty Index", "eFI Value"),
    "cfs": ("CFS", "CFS Score", "Clinical Frailty Scale", "Rockwood Score"),
    "ae_attendances_12m": (
        "A&E Attendances (12m)",
        "A&E Attendances 12m",
        "A&E Attendances",
        "A&E Attendances in last 12 months",
        "A&E Attendances last 12 months",
        "ED Attendances (12m)",
        "ED Attendances",
    ),
    "emergency_admissions_12m": (
        "Emergency Admissions (12m)",
        "Emergency Admissions 12m",
        "Emergency Admissions",
        "Emergency Admissions in last 12 months",
        "Emergency Admissions last 12 months",
        "Non-elective Admissions (12m)",
        "Unplanned Admissions (12m)",
    ),
    "housebound": ("Housebound", "Is Housebound", "Housebound Status"),
    "care_home_resident": ("Care Home Resident", "Care Home", "Lives in Care Home", "Care Home Patient"),
    "end_of_life_register": (
        "End of Life Register",
        "EoL Register",
        "End of Life",
        "On End of Life Register",
        "Palliative Care Register",
    ),
}

# How a field is named in messages to users.
LABELS: dict[str, str] = {
    "nhs_number": "NHS number",
    "family_name": "surname",
    "given_name": "forename",
    "date_of_birth": "date of birth",
    "practice_code": "practice ODS code",
    "practice_name": "practice",
}

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def header_key(text: str) -> str:
    """Fold a header to lowercase letters and digits: 'A&E Attendances (12m)' -> 'aeattendances12m'."""
    return _NOT_ALNUM.sub("", text.lower())


ALIAS_INDEX: dict[str, str] = {header_key(alias): field for field in FIELDS for alias in (field, *ALIASES[field])}


def field_for_header(text: str) -> str | None:
    """The canonical field a header names, or None."""
    return ALIAS_INDEX.get(header_key(text))


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Where each recognised field sits in a header row."""

    headers: tuple[str, ...]  # header cells, trimmed, as written in the file
    positions: dict[str, int]  # canonical field -> 0-based column
    recognised: dict[str, str]  # header text -> canonical field
    ignored: list[str]  # header texts not used (unknown, or a second column for a field)

    def missing_required(self) -> list[str]:
        """Say, for each required field without a column, what it is and which headers would do."""
        missing = [_wanted(LABELS[f], ALIASES[f]) for f in REQUIRED_FIELDS if f not in self.positions]
        if not any(f in self.positions for f in PRACTICE_FIELDS):
            missing.append(_wanted("practice", ("ODS Code", "Practice Code", "Practice")))
        return missing


def _wanted(label: str, aliases: tuple[str, ...]) -> str:
    return f"{label} ({', '.join(aliases[:3])})"


def _clean_header(cell: str) -> str:
    return cell.replace("\ufeff", "").strip()


def match_columns(cells: list[str]) -> ColumnMap:
    """Map a header row to canonical fields; the first column for a field wins."""
    headers = tuple(_clean_header(c) for c in cells)
    positions: dict[str, int] = {}
    recognised: dict[str, str] = {}
    ignored: list[str] = []
    for index, text in enumerate(headers):
        field = field_for_header(text)
        if field is not None and field not in positions:
            positions[field] = index
            recognised[text] = field
        elif text:
            ignored.append(text)
    return ColumnMap(headers, positions, recognised, ignored)


def count_recognised(cells: list[str]) -> int:
    """How many distinct canonical fields a row's cells name (used to find the header row)."""
    return len({f for f in map(field_for_header, cells) if f is not None})
