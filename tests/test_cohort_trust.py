"""The controls that make an import trustworthy, one test each (named in the hazard log)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from mdt_tui.cohort import read_cohort_file
from mdt_tui.cohort.importing import import_file
from mdt_tui.errors import MdtError
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"
TODAY = date(2026, 11, 23)
HEADER = "NHS Number,Surname,Forename,Date of Birth,ODS Code,Usual GP,eFI"


def write(folder: Path, *lines: str, encoding: str = "utf-8") -> Path:
    path = folder / "search.csv"
    path.write_bytes("\n".join([HEADER, *lines, ""]).encode(encoding))
    return path


def content(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def problems(path: Path, **kwargs) -> list[str]:
    return [str(p) for p in read_cohort_file(path, today=TODAY, **kwargs).problems]


def test_full_width_digits_are_the_same_person_and_other_digits_a_row_problem(tmp_path):
    file = read_cohort_file(
        write(
            tmp_path,
            "９９９ ０００ ００１８,Wide,Ann,01/01/1940,E82001,,",
            "9990000018,Wide,Ann,01/01/1940,E82001,,",  # an exact repeat once read
            "999000001٨,Arabic,Bea,01/01/1940,E82001,,",
        ),
        today=TODAY,
    )
    assert [row.nhs_number for row in file.rows] == ["9990000018"] and len(file.duplicates) == 1
    assert file.problems[0].row_number == 4
    assert "must contain only the digits 0-9" in file.problems[0].reason


def test_a_superscript_digit_in_windows_1252_is_a_row_problem_not_a_crash(tmp_path):
    path = write(tmp_path, "999000001¹,Super,Cal,01/01/1940,E82001,,", encoding="cp1252")
    result = subprocess.run(
        [sys.executable, "-m", "mdt_tui", "import-cohort", path, "--db", tmp_path / "x.db"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "NHS number '999000001¹' must contain only the digits 0-9" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_control_characters_and_overlong_text_are_row_problems_shown_escaped(tmp_path):
    found = problems(
        write(
            tmp_path,
            "9990000018,Esc\x1b[2JName,Ann,01/01/1940,E82001,,",
            "9990000026,Tab\tName,Bea,01/01/1940,E82001,,",
            f"9990000034,{'L' * 131_000},Cal,01/01/1940,E82001,,",
            f"9990000042,Ok,Dee,01/01/1940,E82001,{'G' * 201},",
        )
    )
    assert found[0] == (
        "row 2, column Surname: value 'Esc\\x1b[2JName' — contains a control character "
        "(such as a tab or an escape); remove it"
    )
    assert "value 'Tab\\x09Name'" in found[1]
    assert found[2].endswith("is 131000 characters long; at most 100 are allowed") and len(found[2]) < 200
    assert found[3].endswith("is 201 characters long; at most 200 are allowed")


def test_an_import_never_blanks_a_field_that_was_set(store):
    first = read_cohort_file(FIXTURES / "emis_export.csv", today=TODAY).rows
    store.import_cohort(COORDINATOR, first, search_name="INT", run_date=date(2026, 1, 1))
    later = [
        row._replace(usual_gp=None, sex=None, postcode=None, practice_code=None, practice_name=None) for row in first
    ]
    summary = store.import_cohort(COORDINATOR, later, search_name="INT", run_date=TODAY)
    assert summary.updated == 0 and summary.unchanged == 3
    held = {r["nhs_number"]: r for r in store.db.query("SELECT * FROM patients")}
    assert held["9990000018"]["usual_gp"] == "Dr P Example" and held["9990000018"]["sex"] == "female"
    assert held["9990000018"]["practice_code"] == "E82003" and held["9990000034"]["practice_code"] == "E82001"
    assert held["9990000026"]["postcode"] == "CM20 1AB"


def test_an_unknown_practice_name_rejects_a_new_person_but_a_held_person_keeps_their_code(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text(
        "NHS Number,Surname,Forename,Date of Birth,Practice\n"
        "9990000018,Held,Ann,01/01/1940,Nowhere Surgery\n"
        "9990000026,New,Bea,01/01/1940,Nowhere Surgery\n",
        encoding="utf-8",
    )
    file = read_cohort_file(path, today=TODAY, held={"9990000018"})
    assert [row.nhs_number for row in file.rows] == ["9990000018"] and file.rows[0].practice_code is None
    assert [str(p) for p in file.problems] == [
        "row 3, column Practice: value 'Nowhere Surgery' — practice 'Nowhere Surgery' has no ODS code: add it "
        "under Practices, or import a file with ODS codes"
    ]


def test_rejects_that_cannot_be_written_stop_the_import_and_nothing_changes(tmp_path):
    db = tmp_path / "mdt.db"
    source = tmp_path / "in" / "row_errors.csv"
    source.parent.mkdir()
    source.write_bytes((FIXTURES / "row_errors.csv").read_bytes())
    (tmp_path / "in" / "row_errors.rejects.csv").mkdir()  # something that is not a writable file is in the way
    with Store.open(db, create=True) as store:
        before = content(db)
        file = read_cohort_file(source, today=TODAY)
        with pytest.raises(MdtError, match="Nothing imported: the rejects file .* could not be written"):
            import_file(
                store, COORDINATOR, file, search_name="INT", run_date=TODAY, skip_invalid=True, how_to_skip="skip"
            )
        assert content(db) == before


def test_a_failed_import_takes_its_rejects_file_back(tmp_path, monkeypatch):
    source = tmp_path / "row_errors.csv"
    source.write_bytes((FIXTURES / "row_errors.csv").read_bytes())
    with Store.open(tmp_path / "mdt.db", create=True) as store:

        def broken(*args, **kwargs):
            raise MdtError("The disk is full: nothing was saved.")

        monkeypatch.setattr(store, "import_cohort", broken)  # a fault injected after the rejects are written
        with pytest.raises(MdtError):
            import_file(
                store,
                COORDINATOR,
                read_cohort_file(source, today=TODAY),
                search_name="INT",
                run_date=TODAY,
                skip_invalid=True,
                how_to_skip="skip",
            )
    assert not (tmp_path / "row_errors.rejects.csv").exists()


def test_the_run_date_comes_from_the_file_unless_given(tmp_path):
    db = tmp_path / "mdt.db"
    run = [sys.executable, "-m", "mdt_tui", "import-cohort", FIXTURES / "systmone_names.txt", "--db", db]
    emis = [
        sys.executable,
        "-m",
        "mdt_tui",
        "import-cohort",
        FIXTURES / "emis_export.csv",
        "--db",
        db,
        "--run-date",
        "2025-10-01",
    ]
    assert subprocess.run(emis, capture_output=True, text=True, timeout=60).returncode == 0  # --run-date wins
    result = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Run date in the file: 01 Dec 2025 (from 'Report date: 01/12/2025 09:15')." in result.stderr
    assert "Imported 'INT Proactive Care Cohort' run on 2025-12-01" in result.stdout
    with Store.open(db) as store:
        runs = [r[0] for r in store.db.execute("SELECT DISTINCT run_date FROM cohort_entries ORDER BY 1")]
        events = {e.effective_date for e in store.coded_events()}
    assert runs == ["2025-10-01", "2025-12-01"] and events == {date(2025, 10, 1)}


@pytest.mark.parametrize("name", ["Cohort\x1b[2J", "Two\nlines", "S" * 201])
def test_a_search_name_with_control_characters_or_too_long_is_refused(store, name):
    file = read_cohort_file(FIXTURES / "emis_export.csv", today=TODAY)
    with pytest.raises(MdtError, match="Nothing imported: the search name"):
        import_file(store, COORDINATOR, file, search_name=name, run_date=TODAY, skip_invalid=False, how_to_skip="")
    assert store.cohort_size() == 0
