"""Header matching: aliases, case and punctuation, first column wins, and the header row search."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mdt_tui.cohort import ALIASES, FIELDS, field_for_header, read_cohort_file
from mdt_tui.cohort.columns import match_columns


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("NHS Number", "nhs_number"),
        ("NHS number", "nhs_number"),
        ("NHSNumber", "nhs_number"),
        ("nhs_no", "nhs_number"),
        ("  nhs-NUMBER ", "nhs_number"),
        ("Surname", "family_name"),
        ("FAMILY NAME", "family_name"),
        ("last_name", "family_name"),
        ("Forename", "given_name"),
        ("Forenames", "given_name"),
        ("first name", "given_name"),
        ("Given-Name", "given_name"),
        ("Date of Birth", "date_of_birth"),
        ("D.O.B.", "date_of_birth"),
        ("birth_date", "date_of_birth"),
        ("Gender", "sex"),
        ("ODS code", "practice_code"),
        ("Organisation Code", "practice_code"),
        ("Organisation", "practice_name"),
        ("Registered Practice", "practice_name"),
        ("Usual GP", "usual_gp"),
        ("POSTCODE", "postcode"),
        ("risk grade", "risk_grade"),
        ("Risk Score", "risk_score"),
        ("EFI", "efi"),
        ("cfs", "cfs"),
        ("A&E attendances (12m)", "ae_attendances_12m"),
        ("A and E Attendances 12m", None),
        ("emergency_admissions_12m", "emergency_admissions_12m"),
        ("Housebound", "housebound"),
        ("care home resident", "care_home_resident"),
        ("End-of-Life Register", "end_of_life_register"),
        ("Ethnicity", None),
        ("", None),
    ],
)
def test_header_aliases_ignore_case_spaces_and_punctuation(header, field):
    assert field_for_header(header) == field


def test_every_field_has_aliases_and_its_own_name_matches():
    assert set(ALIASES) == set(FIELDS)
    for field in FIELDS:
        assert field_for_header(field) == field
        for alias in ALIASES[field]:
            assert field_for_header(alias) == field, alias


def test_first_column_for_a_field_wins_and_the_rest_are_ignored():
    columns = match_columns(["NHS Number", "Surname", "nhs no", "Notes", "", "Last Name"])
    assert columns.positions == {"nhs_number": 0, "family_name": 1}
    assert columns.recognised == {"NHS Number": "nhs_number", "Surname": "family_name"}
    assert columns.ignored == ["nhs no", "Notes", "Last Name"]


def test_header_row_found_after_a_preamble_that_contains_commas(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        "Report: INT Proactive Care Cohort, all practices\n"
        "Run by: Dr A Example, 21/11/2025\n"
        "NHS_NUMBER;surname;FIRST-NAME;d.o.b.;org code;Notes\n"
        "999 000 0018;Ok;A;01/01/1950;E82001;x\n",
        encoding="utf-8",
    )
    result = read_cohort_file(path, today=date(2025, 11, 23))
    assert (result.delimiter, result.header_row) == (";", 3)
    assert result.recognised == {
        "NHS_NUMBER": "nhs_number",
        "surname": "family_name",
        "FIRST-NAME": "given_name",
        "d.o.b.": "date_of_birth",
        "org code": "practice_code",
    }
    assert result.ignored == ["Notes"]
    assert result.rows[0].practice_code == "E82001"


def test_header_cells_are_reported_trimmed_as_written(tmp_path):
    path: Path = tmp_path / "c.csv"
    path.write_text(" NHS Number , Surname ,Forename,DOB,Practice\n9990000026,,A,01/01/1950,E82001\n")
    result = read_cohort_file(path, today=date(2025, 11, 23))
    assert "NHS Number" in result.recognised
    assert str(result.problems[0]) == "row 2, column Surname: value '' — required, but blank"


def test_a_preamble_line_naming_one_field_is_not_the_header(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("Practice\nNHS Number,Surname,Forename,DOB,Practice\n9990000018,Ok,A,01/01/1950,E82001\n")
    result = read_cohort_file(path, today=date(2025, 11, 23))
    assert result.header_row == 2
    assert [r.row_number for r in result.rows] == [3]


def test_the_delimiter_whose_header_names_most_fields_wins(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        "Columns: NHS Number; Surname; Forename\n"
        "NHS Number,Surname,Forename,DOB,Practice\n"
        "9990000018,Ok,A,01/01/1950,E82001\n"
    )
    result = read_cohort_file(path, today=date(2025, 11, 23))
    assert (result.delimiter, result.header_row) == (",", 2)
