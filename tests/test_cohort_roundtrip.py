"""Every recognised column round-trips: what the file says is what the store holds and what `mdt cohort` lists."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date
from pathlib import Path

from mdt_tui.cohort import CohortRow, read_cohort_file
from mdt_tui.cohort.columns import FIELDS
from mdt_tui.cohort.listing import ENTRY_HEADER
from mdt_tui.cohort.practices import pairs_in
from mdt_tui.store.cohort.importing import ENTRY, IDENTITY, SEX
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"
TODAY = date(2026, 11, 23)
BOOLEANS = {"housebound", "care_home_resident", "end_of_life_register"}


def mdt(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "mdt_tui", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def stored(store: Store, nhs_number: str) -> dict:
    """The person's patients row and their latest cohort entry, column by column."""
    person = next(store.db.query("SELECT * FROM patients WHERE nhs_number = ?", [nhs_number]))
    entry = next(store.db.query("SELECT * FROM cohort_entries WHERE id = ?", [person["latest_entry_id"]]))
    return {"patient": person, "entry": entry}


def expected_in_store(field: str, value):
    """What the store should hold for a row's value: the file's own, in the store's spelling."""
    if field == "sex":
        return SEX[value.lower()] if value else "unknown"
    if field == "date_of_birth":
        return value.isoformat()
    if field in BOOLEANS:
        return None if value is None else int(value)
    if field in ("segment", "risk_grade") or field in IDENTITY:
        return value if value is not None else ""
    return value


def test_every_field_of_every_row_is_stored_as_the_file_says(tmp_path):
    assert CohortRow._fields[1:] == FIELDS  # the row model is the list of recognised columns
    file = read_cohort_file(FIXTURES / "every_column.csv", today=TODAY)
    assert set(file.recognised.values()) == set(FIELDS), "the fixture must carry every column"
    assert file.problems == [] and len(file.rows) == 5
    with Store.open(tmp_path / "mdt.db", create=True) as store:
        store.import_cohort(COORDINATOR, file.rows, search_name="INT", run_date=file.run_date)
        checked = 0
        for row in file.rows:
            held = stored(store, row.nhs_number)
            for field in CohortRow._fields:  # a column added later is checked here without a test edit
                if field == "row_number":
                    continue
                table = "entry" if field in ENTRY else "patient"
                assert field in ENTRY or field in IDENTITY or field == "nhs_number", f"{field} is not stored"
                value = getattr(row, field)
                if field == "practice_name" and value is None:  # named by another row with the same code
                    value = pairs_in(file.rows).get(row.practice_code)
                assert held[table][field] == expected_in_store(field, value), (row.row_number, field)
                checked += 1
        assert checked == 5 * len(FIELDS)
    # The clinical values really were in the file (a fixture of blanks would prove nothing).
    first = file.rows[0]
    assert (first.risk_score, first.efi, first.cfs, first.ae_attendances_12m, first.emergency_admissions_12m) == (
        87.5,
        0.36,
        8,
        3,
        2,
    )


def test_mdt_cohort_lists_the_imported_values_exactly(tmp_path):
    db = tmp_path / "mdt.db"
    result = mdt("import-cohort", FIXTURES / "every_column.csv", "--db", db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    listing = {r["nhs_number"]: r for r in csv.DictReader(mdt("cohort", "--db", db, cwd=tmp_path).stdout.splitlines())}
    file = read_cohort_file(FIXTURES / "every_column.csv", today=TODAY)
    header = list(next(iter(listing.values())))
    assert header[7:] == list(ENTRY_HEADER)
    for row in file.rows:
        listed = listing[row.nhs_number]
        for field in ENTRY_HEADER[:-2]:
            value = getattr(row, field)
            if value is None:
                want = ""
            elif field in BOOLEANS:
                want = "true" if value else "false"
            elif isinstance(value, float):
                want = f"{value:g}" if value != int(value) else str(int(value))
            else:
                want = str(value)
            assert listed[field] == want, (row.row_number, field)
        # The run date comes from the file's preamble ("Run Date: 01-Nov-2026").
        assert (listed["identified_on"], listed["last_seen_on"]) == ("2026-11-01", "2026-11-01")
    first = listing["9990000344"]
    assert (
        first["risk_score"],
        first["efi"],
        first["cfs"],
        first["ae_attendances_12m"],
        first["emergency_admissions_12m"],
        first["housebound"],
    ) == ("87.5", "0.36", "8", "3", "2", "true")


def test_identified_on_is_the_first_run_and_last_seen_the_latest(tmp_path):
    db = tmp_path / "mdt.db"
    assert (
        mdt(
            "import-cohort", FIXTURES / "every_column.csv", "--db", db, "--run-date", "2026-08-01", cwd=tmp_path
        ).returncode
        == 0
    )
    assert mdt("import-cohort", FIXTURES / "every_column.csv", "--db", db, cwd=tmp_path).returncode == 0
    listing = list(csv.DictReader(mdt("cohort", "--db", db, cwd=tmp_path).stdout.splitlines()))
    assert {(r["identified_on"], r["last_seen_on"]) for r in listing} == {("2026-08-01", "2026-11-01")}
    codes = list(csv.DictReader(mdt("export", "codes", "--db", db, cwd=tmp_path).stdout.splitlines()))
    assert {c["effective_date"] for c in codes} == {"2026-08-01"}  # the identification code: the first run date


def test_imported_cfs_decides_the_suggested_review_interval(tmp_path):
    from mdt_tui.team_policy import TeamPolicy

    file = read_cohort_file(FIXTURES / "every_column.csv", today=TODAY)
    with Store.open(tmp_path / "mdt.db", create=True) as store:
        store.import_cohort(COORDINATOR, file.rows, search_name="INT", run_date=file.run_date)
        ids = {p.nhs_number: p.id for p in store.people()}
        suggested = {
            nhs: store.suggested_review(ids[nhs], TeamPolicy(), TODAY)[1]
            for nhs in ("9990000387", "9990000352", "9990000360")
        }
    # CFS 9 (not on the end-of-life register), CFS 5 and CFS 1 as the file says: not the longest interval for all.
    assert suggested == {
        "9990000387": "4 weeks: CFS 9 (7–9)",
        "9990000352": "8 weeks: CFS 5 (5–6)",
        "9990000360": "12 weeks: CFS 1 (1–4)",
    }
