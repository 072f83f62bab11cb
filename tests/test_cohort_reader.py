"""Reading the synthetic GP-system exports in tests/fixtures/cohort: rows, columns and file layout."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mdt_tui.cohort import CohortFileError, CohortRow, read_cohort_file

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"
TODAY = date(2025, 11, 23)


def read(name: str):
    return read_cohort_file(FIXTURES / name, today=TODAY)


def test_emis_export_with_preamble_crlf_quoted_commas_and_summary_lines():
    result = read("emis_export.csv")
    assert (result.encoding, result.delimiter, result.header_row) == ("utf-8", ",", 5)
    assert result.rows == [
        CohortRow(
            row_number=6,
            nhs_number="9990000018",
            family_name="Testwood",
            given_name="Margaret",
            date_of_birth=date(1941, 3, 5),
            sex="Female",
            practice_code="E82003",
            practice_name="Harlow North, Surgery",
            usual_gp="Dr P Example",
            postcode="CM20 1AA",
            segment="End of life, frailty & dementia",
            risk_grade="High",
            efi=0.36,
            cfs=6,
            ae_attendances_12m=3,
            emergency_admissions_12m=2,
            housebound=True,
            care_home_resident=False,
            end_of_life_register=True,
        ),
        CohortRow(
            row_number=7,
            nhs_number="9990000026",
            family_name="Samplesby",
            given_name="Arthur",
            date_of_birth=date(1938, 11, 12),
            sex="Male",
            practice_code="E82003",
            practice_name="Harlow North, Surgery",
            usual_gp="Dr P Example",
            postcode="CM20 1AB",
            segment="Advanced disease & complexity",
            risk_grade="Medium",
            efi=0.19,
            cfs=5,
            ae_attendances_12m=0,
            emergency_admissions_12m=1,
            housebound=False,
            care_home_resident=False,
            end_of_life_register=False,
        ),
        CohortRow(  # the Organisation column holds an ODS code here, so it is the practice code
            row_number=8,
            nhs_number="9990000034",
            family_name="Fakeham",
            given_name="Doreen",
            date_of_birth=date(1950, 7, 21),
            sex="Female",
            practice_code="E82001",
            practice_name=None,
            usual_gp=None,
            postcode="CM18 6XY",
            segment="Living with illness",
            risk_grade="Low",
        ),
    ]
    assert result.problems == []
    assert result.rejected_rows == []
    assert result.trailer_lines == [(10, "Total patients: 3"), (11, "End of report")]
    assert result.data_row_count == 3


def test_emis_export_recognises_every_column():
    result = read("emis_export.csv")
    assert result.recognised == {
        "NHS Number": "nhs_number",
        "Surname": "family_name",
        "Forename": "given_name",
        "Date of Birth": "date_of_birth",
        "Gender": "sex",
        "Organisation": "practice_name",
        "ODS Code": "practice_code",
        "Usual GP": "usual_gp",
        "Postcode": "postcode",
        "Segment": "segment",
        "Risk Grade": "risk_grade",
        "eFI": "efi",
        "CFS": "cfs",
        "A&E Attendances (12m)": "ae_attendances_12m",
        "Emergency Admissions (12m)": "emergency_admissions_12m",
        "Housebound": "housebound",
        "Care Home Resident": "care_home_resident",
        "End of Life Register": "end_of_life_register",
    }
    assert result.ignored == []


def test_systmone_tab_separated_export():
    result = read("systmone_export.txt")
    assert (result.encoding, result.delimiter, result.header_row) == ("utf-8", "\t", 1)
    assert result.rows == [
        CohortRow(
            row_number=2,
            nhs_number="9990000042",
            family_name="Placeholder",
            given_name="Edith",
            date_of_birth=date(1936, 9, 9),
            sex="Female",
            practice_code="E82002",
            practice_name="Old Harlow Health Centre",
            usual_gp="Dr Q Sample",
            postcode="CM17 0AB",
            segment="End of life, frailty & dementia",
            risk_grade="High",
            risk_score=87.5,
            efi=0.41,
            cfs=7,
            ae_attendances_12m=4,
            emergency_admissions_12m=3,
            housebound=True,
            care_home_resident=True,
            end_of_life_register=False,
        ),
        CohortRow(
            row_number=3,
            nhs_number="9990000050",
            family_name="Mockridge",
            given_name="Walter",
            date_of_birth=date(1945, 1, 1),
            sex="Male",
            practice_code="E82002",
            practice_name="Old Harlow Health Centre",
            usual_gp="Dr Q Sample",
            postcode="CM17 0AC",
            segment="Lower complexity",
            risk_grade="Low",
            risk_score=12.0,
            efi=0.08,
            cfs=3,
            ae_attendances_12m=0,
            emergency_admissions_12m=0,
            housebound=False,
            care_home_resident=False,
            end_of_life_register=False,
        ),
        CohortRow(
            row_number=4,
            nhs_number="9990000069",
            family_name="Dummett",
            given_name="Iris",
            date_of_birth=date(1960, 2, 28),
            sex="Unknown",
            practice_code="E82002",
            segment="Generally healthy",
        ),
    ]
    assert result.problems == []
    assert result.trailer_lines == []


def test_systmone_recognised_and_ignored_columns():
    result = read("systmone_export.txt")
    assert result.recognised == {
        "NHS number": "nhs_number",
        "Surname": "family_name",
        "Given Name": "given_name",
        "DOB": "date_of_birth",
        "Sex": "sex",
        "Practice Code": "practice_code",
        "Registered Practice": "practice_name",
        "Usual GP": "usual_gp",
        "Post Code": "postcode",
        "Population Segment": "segment",
        "Risk Score": "risk_score",
        "Risk Level": "risk_grade",
        "Electronic Frailty Index": "efi",
        "Clinical Frailty Scale": "cfs",
        "ED Attendances": "ae_attendances_12m",
        "Emergency Admissions": "emergency_admissions_12m",
        "Housebound": "housebound",
        "Care Home": "care_home_resident",
        "EoL Register": "end_of_life_register",
    }
    assert result.ignored == ["Ethnicity", "Telephone"]


def test_utf8_with_bom_and_non_ascii_names():
    result = read("utf8_bom.csv")
    assert result.encoding == "utf-8-sig"
    assert result.recognised["NHSNumber"] == "nhs_number"  # no BOM left on the first header
    assert [(r.row_number, r.given_name, r.family_name) for r in result.rows] == [
        (2, "Siân", "Llewelyn-Test"),
        (3, "Zoë", "Exampleton"),
    ]
    assert result.rows[0] == CohortRow(
        row_number=2,
        nhs_number="9990000077",
        family_name="Llewelyn-Test",
        given_name="Siân",
        date_of_birth=date(1952, 2, 14),
        practice_code="W91016",
        practice_name="Canolfan Iechyd Bryn",
    )
    assert result.rows[1].date_of_birth == date(1948, 6, 30)


def test_windows_1252_file():
    # Practice names only: a known name gets its code from the practice table.
    result = read_cohort_file(FIXTURES / "windows1252.csv", today=TODAY, practices={"Y00001": "Café Lane Surgery"})
    assert result.encoding == "cp1252"
    assert [(r.given_name, r.practice_name) for r in result.rows] == [
        ("Hélène", "Café Lane Surgery"),
        ("Renée", "Café Lane Surgery"),
    ]
    assert result.ignored == ["Prescription cost (£)"]
    assert result.rows[0].nhs_number == "9990000093"


def test_every_date_format_in_one_file():
    result = read("date_formats.csv")
    assert result.problems == []
    assert [(r.row_number, r.date_of_birth) for r in result.rows] == [
        (2, date(1941, 3, 5)),  # 05/03/1941
        (3, date(1941, 3, 5)),  # 5/3/1941
        (4, date(1941, 3, 5)),  # 05-Mar-1941
        (5, date(1941, 3, 5)),  # 05-MAR-1941
        (6, date(1950, 9, 21)),  # 21-September-1950
        (7, date(1941, 3, 5)),  # 05 Mar 1941
        (8, date(1941, 3, 5)),  # 5 march 1941
        (9, date(1950, 9, 21)),  # 21 Sept 1950
        (10, date(1941, 3, 5)),  # 1941-03-05
        (11, date(1948, 2, 29)),  # 29/02/1948, a leap day
    ]


def test_missing_required_column_is_one_file_level_error():
    with pytest.raises(CohortFileError) as raised:
        read("missing_column.csv")
    assert str(raised.value) == (
        "The header row (row 1) of missing_column.csv has no column for date of birth (Date of Birth, DOB, Birth Date)."
    )


def test_rows_are_immutable():
    row = read("emis_export.csv").rows[0]
    with pytest.raises(AttributeError):
        row.family_name = "Changed"  # type: ignore[misc]
