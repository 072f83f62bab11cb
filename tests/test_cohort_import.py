"""Importing cohort exports into a real store: atomic refusal, skip-invalid, merge and re-import."""

import csv
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from mdt_tui.cohort import read_cohort_file
from mdt_tui.pathway import Stage
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"
TODAY = date(2026, 11, 23)


def mdt(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "mdt_tui", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def content(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def rows_of(name: str):
    # windows1252.csv names its practice without a code: the practice table gives it one.
    return read_cohort_file(FIXTURES / name, today=TODAY, practices={"Y00001": "Café Lane Surgery"}).rows


def test_import_into_a_new_file_creates_it_and_codes_everyone(tmp_path):
    db = tmp_path / "new.db"
    result = mdt("import-cohort", FIXTURES / "emis_export.csv", "--db", db, "--run-date", "2026-11-01", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "3 new, 0 updated, 0 unchanged, 0 no longer in search, 0 rejected" in result.stdout
    assert "Recognised columns: NHS Number → nhs_number" in result.stderr
    listing = list(csv.DictReader(mdt("cohort", "--db", db, cwd=tmp_path).stdout.splitlines()))
    assert len(listing) == 3 and {r["status"] for r in listing} == {"identified"}
    assert {r["in_latest_search"] for r in listing} == {"true"}
    codes = list(csv.DictReader(mdt("export", "codes", "--db", db, cwd=tmp_path).stdout.splitlines()))
    assert [(c["snomed_code"], c["effective_date"]) for c in codes] == [("788921000000108", "2026-11-01")] * 3


def test_an_invalid_row_refuses_the_whole_file_and_changes_nothing(demo_db, tmp_path):
    before = content(demo_db)
    result = mdt("import-cohort", FIXTURES / "row_errors.csv", "--db", demo_db, cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "row 5, column NHS Number: value '999 000 0019' — NHS number 999 000 0019 fails its check digit"
        in result.stderr
    )
    assert "row 7, column Date of Birth: value '01/01/2030' — date of birth is in the future" in result.stderr
    assert "Nothing imported" in result.stderr and "Traceback" not in result.stderr
    assert content(demo_db) == before
    assert not (FIXTURES / "row_errors.rejects.csv").exists()


def test_a_refused_import_does_not_create_the_database(tmp_path):
    result = mdt("import-cohort", FIXTURES / "missing_column.csv", "--db", tmp_path / "x.db", cwd=tmp_path)
    assert result.returncode == 1 and "has no column for date of birth" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_skip_invalid_imports_the_good_rows_and_writes_rejects(tmp_path):
    source = tmp_path / "search.csv"
    source.write_bytes((FIXTURES / "row_errors.csv").read_bytes())
    db = tmp_path / "skip.db"
    result = mdt("import-cohort", source, "--db", db, "--skip-invalid", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    expected = read_cohort_file(source, today=date.today())
    assert f"{len(expected.rows)} new" in result.stdout and f"{len(expected.rejected_rows)} rejected" in result.stdout
    rejects = tmp_path / "search.rejects.csv"
    with rejects.open(encoding="utf-8-sig") as handle:
        rejected = list(csv.DictReader(handle))
    assert len(rejected) == len(expected.rejected_rows) and all(r["reason"] for r in rejected)
    assert (rejects.stat().st_mode & 0o777) == 0o600


def test_reimport_merges_updates_and_marks_people_no_longer_in_search(store):
    rows = rows_of("emis_export.csv")
    first = store.import_cohort(COORDINATOR, rows, search_name="INT", run_date=date(2026, 10, 1))
    assert (first.new, first.updated, first.unchanged) == (3, 0, 0)
    moved = rows[0]._replace(postcode="CM17 9ZZ")
    second = store.import_cohort(COORDINATOR, [moved, rows[1]], search_name="INT", run_date=date(2026, 11, 1))
    assert (second.new, second.updated, second.unchanged, second.no_longer_in_search) == (0, 1, 1, 1)
    assert store.cohort_size() == 3  # never duplicated, never deleted
    gone = store.person_by_nhs_number(rows[2].nhs_number)
    assert not gone.in_latest_search and gone.stage is Stage.IDENTIFIED
    audit = list(store.db.query("SELECT * FROM audit WHERE action = 'import_update'"))
    assert len(audit) == 1 and "CM17 9ZZ" in audit[0]["after"] and rows[0].postcode in audit[0]["before"]
    assert len(store.cohort_entries(store.person_by_nhs_number(rows[0].nhs_number).id)) == 2
    assert len([e for e in store.coded_events() if e.snomed_code == "788921000000108"]) == 3


def test_declined_and_not_appropriate_survive_reimport(store):
    rows = rows_of("emis_export.csv")
    store.import_cohort(COORDINATOR, rows, search_name="INT", run_date=date(2026, 10, 1))
    declined = store.person_by_nhs_number(rows[0].nhs_number).id
    not_appropriate = store.person_by_nhs_number(rows[1].nhs_number).id
    store.mark_suitable(COORDINATOR, declined)
    store.record_decline(COORDINATOR, declined, reason="not now")
    store.mark_not_appropriate(COORDINATOR, not_appropriate, reason="in a care home")
    summary = store.import_cohort(COORDINATOR, rows, search_name="INT", run_date=date(2026, 11, 1))
    assert summary.new == 0
    assert store.person(declined).stage is Stage.DECLINED
    assert store.person(not_appropriate).stage is Stage.NOT_APPROPRIATE


def test_an_older_run_does_not_mark_anyone_absent(store):
    rows = rows_of("emis_export.csv")
    store.import_cohort(COORDINATOR, rows, search_name="INT", run_date=date(2026, 11, 1))
    summary = store.import_cohort(COORDINATOR, rows[:1], search_name="INT", run_date=date(2026, 9, 1))
    assert summary.no_longer_in_search == 0
    assert all(p.in_latest_search for p in store.people())


def test_every_fixture_imports(tmp_path):
    for name in ("emis_export.csv", "systmone_export.txt", "utf8_bom.csv", "windows1252.csv", "date_formats.csv"):
        with Store.open(tmp_path / f"{name}.db", create=True) as store:
            rows = rows_of(name)
            summary = store.import_cohort(COORDINATOR, rows, search_name="INT", run_date=TODAY)
            assert summary.new == len(rows) > 0, name
            assert store.cohort_size() == len(rows)


@pytest.mark.parametrize("status", ["identified", "declined"])
def test_cohort_listing_filters_by_status(demo_db, tmp_path, status):
    result = mdt("cohort", "--db", demo_db, "--status", status, cwd=tmp_path)
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert rows and {r["status"] for r in rows} == {status}
    assert list(rows[0])[:7] == [
        "nhs_number",
        "family_name",
        "given_name",
        "date_of_birth",
        "practice_code",
        "status",
        "in_latest_search",
    ]  # the columns readers had before come first
