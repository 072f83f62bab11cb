"""The rejects file: original header plus reason, each invalid row's cells, owner-only permissions."""

from __future__ import annotations

import csv
import shutil
import stat
from datetime import date
from pathlib import Path

from mdt_tui.cohort import read_cohort_file, rejects_path, write_rejects

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"
TODAY = date(2025, 11, 23)


def rejects_for(tmp_path: Path, fixture: str) -> tuple[Path, list[list[str]]]:
    source = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, source)
    written = write_rejects(read_cohort_file(source, today=TODAY), source)
    with written.open(encoding="utf-8-sig", newline="") as handle:
        return written, list(csv.reader(handle))


def test_rejects_file_sits_beside_the_input_with_stem_name(tmp_path):
    written, _ = rejects_for(tmp_path, "row_errors.csv")
    assert written == tmp_path / "row_errors.rejects.csv"
    assert rejects_path(Path("/x/cohort.txt")) == Path("/x/cohort.rejects.csv")


def test_rejects_file_is_owner_only(tmp_path):
    written, _ = rejects_for(tmp_path, "row_errors.csv")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_rejects_file_replaces_an_older_one_and_narrows_its_permissions(tmp_path):
    old = tmp_path / "row_errors.rejects.csv"
    old.write_text("stale\n" * 100)
    old.chmod(0o644)
    written, rows = rejects_for(tmp_path, "row_errors.csv")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert ["stale"] not in rows


def test_rejects_file_content(tmp_path):
    written, rows = rejects_for(tmp_path, "row_errors.csv")
    header = [
        "NHS Number",
        "Surname",
        "Forename",
        "Date of Birth",
        "Practice",
        "eFI",
        "CFS",
        "A&E Attendances (12m)",
        "Housebound",
        "Risk Grade",
    ]
    # Row 18 has one cell more than the header, so the header gets one blank name before "reason".
    assert rows[0] == [*header, "", "reason"]
    assert [row[1] for row in rows[1:]] == [
        "Checkdigit",
        "Nodate",
        "Future",
        "",
        "Frailty",
        "Scale",
        "Count",
        "Twin",
        "Twin",
        "Many",
        "Blank",
        "Format",
        "Comma",
    ]
    assert rows[1] == [
        "999 000 0019",
        "Checkdigit",
        "Bea",
        "01/01/1941",
        "E82001",
        "",
        "",
        "",
        "",
        "",
        "",
        "row 5, column NHS Number: value '999 000 0019' — "
        "NHS number 999 000 0019 fails its check digit — check the last digit",
    ]
    assert rows[10][-1] == (
        "row 15, column NHS Number: value '12345' — NHS number '12345' has 5 digits; it needs 10; "
        "row 15, column Date of Birth: value 'not a date' — not a date; use dd/mm/yyyy, dd-Mon-yyyy, "
        "dd Mon yyyy or yyyy-mm-dd; "
        "row 15, column Housebound: value 'maybe' — must be yes or no (Y/N, true/false and 1/0 also accepted); "
        "row 15, column Risk Grade: value 'Severe' — must be High, Medium or Low"
    )
    assert rows[13][:11] == [
        "999 000 0115",
        "Comma",
        "Lou",
        "01/01/1948",
        "Harlow North",
        " Surgery",
        "",
        "",
        "",
        "",
        "High",
    ]
    assert all(len(row) == 12 for row in rows)
    raw = written.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw


def test_rejects_file_keeps_non_ascii_text(tmp_path):
    source = tmp_path / "c.csv"
    source.write_text("NHS Number,Surname,Forename,DOB,Practice\n9990000019,Llewelyn,Siân,01/01/1950,E82001\n")
    written = write_rejects(read_cohort_file(source, today=TODAY), source)
    assert "Siân" in written.read_text(encoding="utf-8-sig")


def test_rejects_file_with_nothing_rejected_has_only_the_header(tmp_path):
    _, rows = rejects_for(tmp_path, "emis_export.csv")
    assert rows == [
        [
            "NHS Number",
            "Surname",
            "Forename",
            "Date of Birth",
            "Gender",
            "Organisation",
            "ODS Code",
            "Usual GP",
            "Postcode",
            "Segment",
            "Risk Grade",
            "eFI",
            "CFS",
            "A&E Attendances (12m)",
            "Emergency Admissions (12m)",
            "Housebound",
            "Care Home Resident",
            "End of Life Register",
            "reason",
        ]
    ]
