"""Row problems: every kind, its exact message and row number, all reported, and whole-file failures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mdt_tui.cohort import CohortFileError, Duplicate, RejectedRow, RowProblem, read_cohort_file

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"
TODAY = date(2025, 11, 23)

HEADER = "NHS Number,Surname,Forename,Date of Birth,ODS Code"

ROW_ERROR_MESSAGES = [
    "row 5, column NHS Number: value '999 000 0019' — "
    "NHS number 999 000 0019 fails its check digit — check the last digit",
    "row 6, column Date of Birth: value '30/02/1960' — not a real date: February 1960 has 29 days",
    "row 7, column Date of Birth: value '01/01/2030' — date of birth is in the future (today is 23/11/2025)",
    "row 8, column Surname: value '' — required, but blank",
    "row 9, column eFI: value '1.4' — must be a number from 0 to 1",
    "row 10, column CFS: value '12' — must be a whole number from 1 to 9",
    "row 11, column A&E Attendances (12m): value '-1' — must be a whole number, 0 or more",
    "row 13, column NHS Number: value '999 000 0085' — same NHS number as row 14 but a different "
    "Date of Birth; no row with this NHS number was imported",
    "row 14, column NHS Number: value '9990000085' — same NHS number as row 13 but a different "
    "Date of Birth; no row with this NHS number was imported",
    "row 15, column NHS Number: value '12345' — NHS number '12345' has 5 digits; it needs 10",
    "row 15, column Date of Birth: value 'not a date' — not a date; use dd/mm/yyyy, dd-Mon-yyyy, "
    "dd Mon yyyy or yyyy-mm-dd",
    "row 15, column Housebound: value 'maybe' — must be yes or no (Y/N, true/false and 1/0 also accepted)",
    "row 15, column Risk Grade: value 'Severe' — must be High, Medium or Low",
    "row 16, column Forename: value '' — required, but blank",
    "row 16, column Practice: value '' — required, but blank: give the practice ODS code or name",
    "row 17, column Date of Birth: value '1941/03/05' — not a date; use dd/mm/yyyy, dd-Mon-yyyy, "
    "dd Mon yyyy or yyyy-mm-dd",
    "row 18, column eFI: value 'Surgery' — must be a number from 0 to 1",
    "row 18, column 11 (no header): value 'High' — the row has more cells than the 10 in the header; "
    "check for an unquoted comma",
]


def read(path: Path):
    return read_cohort_file(path, today=TODAY)


def write(tmp_path: Path, *lines: str, name: str = "cohort.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_row_error_with_its_exact_message_and_row_number():
    result = read(FIXTURES / "row_errors.csv")
    assert [str(problem) for problem in result.problems] == ROW_ERROR_MESSAGES


def test_only_valid_rows_are_kept_and_exact_repeat_is_a_duplicate_not_an_error():
    result = read(FIXTURES / "row_errors.csv")
    assert [row.row_number for row in result.rows] == [4]
    assert result.duplicates == [Duplicate(row_number=12, first_row_number=4)]
    assert [r.row_number for r in result.rejected_rows] == [5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18]
    assert result.trailer_lines == [(20, "Total patients: 15")]
    assert result.data_row_count == 15


def test_rejected_row_keeps_original_cells_and_all_its_reasons():
    result = read(FIXTURES / "row_errors.csv")
    by_row = {r.row_number: r for r in result.rejected_rows}
    assert by_row[15] == RejectedRow(
        row_number=15,
        cells=("12345", "Many", "Jo", "not a date", "E82001", "", "", "", "maybe", "Severe"),
        reasons=tuple(m for m in ROW_ERROR_MESSAGES if m.startswith("row 15,")),
    )
    assert len(by_row[15].reasons) == 4
    assert by_row[18].cells[-1] == "High"  # the whole row, extra cell included


def test_problem_fields():
    problem = read(FIXTURES / "row_errors.csv").problems[1]
    assert problem == RowProblem(
        row_number=6,
        column="Date of Birth",
        value="30/02/1960",
        reason="not a real date: February 1960 has 29 days",
    )


def test_row_numbers_count_preamble_and_blank_lines(tmp_path):
    path = write(
        tmp_path,
        "Report",
        "",
        HEADER,
        "",
        "9990000018,Ok,A,01/01/1950,E82001",
        "",
        "",
        "9990000019,Bad,B,01/01/1950,E82001",
    )
    result = read(path)
    assert result.header_row == 3
    assert [r.row_number for r in result.rows] == [5]
    assert [p.row_number for p in result.problems] == [8]


def test_every_problem_of_many_rows_is_reported(tmp_path):
    rows = [f"9990000019,Bad{i},B,01/01/1950,E82001" for i in range(50)]
    result = read(write(tmp_path, HEADER, *rows))
    assert [p.row_number for p in result.problems] == list(range(2, 52))
    assert result.rows == []


def test_duplicate_conflict_names_every_differing_column(tmp_path):
    result = read(
        write(
            tmp_path,
            HEADER,
            "9990000018,Same,Ann,01/01/1950,E82001",
            "9990000018,Other,Ann,02/01/1950,E82001",
            "9990000018,Same,Ann,01/01/1950,E82001",
            "999-000-0018,Same,Ann,01/01/1950,E82002",
        )
    )
    assert [str(p) for p in result.problems] == [
        "row 2, column NHS Number: value '9990000018' — same NHS number as rows 3 and 5 but a different "
        "Surname, Date of Birth and ODS Code; no row with this NHS number was imported",
        "row 3, column NHS Number: value '9990000018' — same NHS number as row 2 but a different "
        "Surname and Date of Birth; no row with this NHS number was imported",
        "row 5, column NHS Number: value '999-000-0018' — same NHS number as row 2 but a different "
        "ODS Code; no row with this NHS number was imported",
    ]
    assert result.duplicates == [Duplicate(4, 2)]
    assert result.rows == []


def test_same_person_written_differently_is_an_exact_repeat(tmp_path):
    result = read(
        write(
            tmp_path,
            HEADER,
            "999 000 0018,Same,Ann,01/01/1950,E82001",
            "9990000018, Same ,Ann,01-Jan-1950,e82001",
        )
    )
    assert result.problems == []
    assert result.duplicates == [Duplicate(3, 2)]
    assert [r.row_number for r in result.rows] == [2]


def test_damaged_row_before_more_data_is_not_taken_for_a_summary_line(tmp_path):
    result = read(write(tmp_path, HEADER, ",Lonely", "9990000018,Ok,A,01/01/1950,E82001", "End of report"))
    assert [str(p) for p in result.problems] == [
        "row 2, column NHS Number: value '' — required, but blank",
        "row 2, column Forename: value '' — required, but blank",
        "row 2, column Date of Birth: value '' — required, but blank",
        "row 2, column ODS Code: value '' — required, but blank: give the practice ODS code or name",
    ]
    assert result.trailer_lines == [(4, "End of report")]


def test_truncated_last_row_with_an_nhs_number_is_data_not_a_summary_line(tmp_path):
    result = read(write(tmp_path, HEADER, "9990000018,Ok,A,01/01/1950,E82001", "9990000026,Cut"))
    assert [p.row_number for p in result.problems] == [3, 3, 3]
    assert result.trailer_lines == []


def test_short_rows_are_padded_and_blank_whitespace_rows_skipped(tmp_path):
    result = read(write(tmp_path, HEADER + ",Usual GP", "9990000018,Ok,A,01/01/1950,E82001", "  ,  , ,", "\t"))
    assert [r.row_number for r in result.rows] == [2]
    assert result.problems == []
    assert result.trailer_lines == []


def test_blank_practice_is_reported_under_the_first_practice_column(tmp_path):
    result = read(write(tmp_path, "NHS Number,Surname,Forename,DOB,Practice,ODS Code", "9990000018,Ok,A,01/01/1950,,"))
    assert [str(p) for p in result.problems] == [
        "row 2, column Practice: value '' — required, but blank: give the practice ODS code or name",
    ]


def test_conflicting_code_from_the_practice_column_is_named_by_that_column(tmp_path):
    result = read(
        write(
            tmp_path,
            "NHS Number,Surname,Forename,DOB,Practice",
            "9990000018,Ok,A,01/01/1950,E82001",
            "9990000018,Ok,A,01/01/1950,E82002",
        )
    )
    assert str(result.problems[1]) == (
        "row 3, column NHS Number: value '9990000018' — same NHS number as row 2 but a different Practice; "
        "no row with this NHS number was imported"
    )


def test_practice_name_and_code_disagree(tmp_path):
    result = read(
        write(tmp_path, "NHS Number,Surname,Forename,DOB,ODS Code,Practice", "9990000018,Ok,A,01/01/1950,E82001,E82002")
    )
    assert [str(p) for p in result.problems] == [
        "row 2, column Practice: value 'E82002' — is an ODS code but the ODS Code column says E82001",
    ]


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("ODS Code", "Harlow", "not a practice ODS code (a letter then five digits, e.g. E82001)"),
        ("Gender", "X", "must be Male, Female, Indeterminate or Unknown"),
        ("Risk Score", "101", "must be a number from 0 to 100"),
        ("eFI", "1e-1", "must be a number from 0 to 1"),
        ("eFI", "nan", "must be a number from 0 to 1"),
        ("CFS", "0", "must be a whole number from 1 to 9"),
        ("CFS", "4.5", "must be a whole number from 1 to 9"),
        ("CFS", "³", "must be a whole number from 1 to 9"),
        ("Emergency Admissions (12m)", "two", "must be a whole number, 0 or more"),
        ("Care Home", "unknown", "must be yes or no (Y/N, true/false and 1/0 also accepted)"),
        ("Date of Birth", "01/01/1890", "date of birth is more than 130 years ago"),
        ("Date of Birth", "31-Foo-1950", "'Foo' is not a month name"),
        ("Date of Birth", "01/13/1950", "not a real date: there is no month 13"),
        ("Surname", "Two\nLines", "contains a line break; check for an unmatched quote"),
    ],
)
def test_other_invalid_values(tmp_path, column, value, reason):
    cells = {
        "NHS Number": "9990000018",
        "Surname": "Ok",
        "Forename": "A",
        "Date of Birth": "01/01/1950",
        "ODS Code": "E82001",
        column: value,
    }
    quoted = ",".join(f'"{v}"' for v in cells.values())
    result = read(write(tmp_path, ",".join(cells), quoted))
    shown = value.replace("\n", "\\x0a")  # a control character is quoted escaped, never raw
    assert [str(p) for p in result.problems] == [f"row 2, column {column}: value '{shown}' — {reason}"]


def test_valid_optional_values_are_normalised(tmp_path):
    result = read(
        write(
            tmp_path,
            "NHS Number,Surname,Forename,DOB,Practice,Practice Code,Risk Grade,Gender,Postcode,eFI,CFS,Housebound",
            "9990000018,Ok,A,01/01/1950,Harlow Surgery,E82009,moderate,f,ab12cd,.5,9,TRUE",
            "9990000026,Ok,B,01/01/1950,Harlow Surgery,,H,Indeterminate,  CM20   1AA ,1,1,0",
        )
    )
    assert result.problems == []
    first, second = result.rows
    assert (first.risk_grade, first.sex, first.postcode, first.efi, first.cfs, first.housebound) == (
        "Medium",
        "Female",
        "AB1 2CD",
        0.5,
        9,
        True,
    )
    assert (second.risk_grade, second.sex, second.postcode, second.efi, second.cfs, second.housebound) == (
        "High",
        "Indeterminate",
        "CM20 1AA",
        1.0,
        1,
        False,
    )


def test_header_only_file_has_no_rows(tmp_path):
    result = read(write(tmp_path, HEADER))
    assert (result.rows, result.problems, result.data_row_count) == ([], [], 0)


# Whole-file failures: one CohortFileError, one clear sentence.


def test_missing_several_required_columns(tmp_path):
    with pytest.raises(CohortFileError) as raised:
        read(write(tmp_path, "Report", "NHS Number,Surname,Gender", "9990000018,Ok,Male"))
    assert str(raised.value) == (
        "The header row (row 2) of cohort.csv has no column for forename (Forename, Forenames, Given Name), "
        "nor for date of birth (Date of Birth, DOB, Birth Date), nor for practice (ODS Code, Practice Code, "
        "Practice)."
    )


def test_no_header_row(tmp_path):
    with pytest.raises(CohortFileError, match=r"^cohort.csv has no header row: none of its first 50 lines"):
        read(write(tmp_path, "Patient list", "a,b,c", "1,2,3"))


def test_header_after_line_50_is_not_found(tmp_path):
    with pytest.raises(CohortFileError, match="no header row"):
        read(write(tmp_path, *["preamble"] * 50, HEADER, "9990000018,Ok,A,01/01/1950,E82001"))


def test_empty_file(tmp_path):
    with pytest.raises(CohortFileError, match=r"^cohort.csv is empty\.$"):
        read(write(tmp_path, "", ""))


def test_missing_file(tmp_path):
    with pytest.raises(CohortFileError, match=r"^Could not read absent.csv: No such file or directory\.$"):
        read(tmp_path / "absent.csv")


def test_excel_workbook(tmp_path):
    path = tmp_path / "cohort.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(CohortFileError, match=r"is an Excel workbook, not CSV"):
        read(path)


def test_bytes_that_are_neither_utf8_nor_windows_1252(tmp_path):
    path = tmp_path / "cohort.csv"
    path.write_bytes(HEADER.encode() + b"\n\x81\xff,x\n")
    with pytest.raises(CohortFileError, match=r"^cohort.csv is not text in UTF-8 or Windows-1252"):
        read(path)


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "cohort.csv"
    path.write_bytes(f"{HEADER}\r\n9990000018,Zoë,A,01/01/1950,E82001\r\n".encode("utf-16"))
    result = read(path)
    assert (result.encoding, result.rows[0].family_name) == ("utf-16", "Zoë")
