"""Files made by every earlier release open, migrate to exactly today's schema, pass `mdt check`, keep their
people, and take new imports and exports (0007 repairs what edits to 0001 and 0002 left behind)."""

import csv
import shutil
import sqlite3
from pathlib import Path

import pytest

from mdt_tui.cli import main
from mdt_tui.store.integrity import reference_schema, schema_of
from mdt_tui.store.migrations import known_names
from mdt_tui.store.store import Store

RELEASES = Path(__file__).parent / "fixtures" / "releases"
FILES = sorted(RELEASES.glob("release-*.db"))
NEWCOMER = "9990000034"


@pytest.fixture(params=FILES, ids=lambda p: p.stem)
def release_db(request, tmp_path):
    path = tmp_path / "mdt.db"
    shutil.copy(request.param, path)
    path.chmod(0o600)
    return path


def raw_sql(path, name):
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]


def test_there_is_a_file_for_each_earlier_schema():
    assert len(FILES) == 5
    assert "REFERENCES cohort_entries" in raw_sql(RELEASES / "release-2c0a8a6.db", "patients")
    assert "WHERE" not in raw_sql(RELEASES / "release-d0c9ebd.db", "coded_events_one_correction")


def test_opening_migrates_to_exactly_the_schema_the_migrations_build(release_db, capsys):
    assert main(["check", "--db", str(release_db)]) == 0, capsys.readouterr().err
    with Store.open(release_db) as store:
        assert store.schema_version() == len(known_names())
        assert schema_of(store.db) == reference_schema()
        assert {r[2] for r in store.db.execute("PRAGMA foreign_key_list(patients)")} == {"team_members"}
        people = {r[0]: r[1] for r in store.db.execute("SELECT nhs_number, in_latest_search FROM patients")}
        audit = store.db.execute("SELECT count(*), count(hash) FROM audit").fetchone()
    assert people == {"9990000018": 1, "9990000026": 0}
    assert audit[0] >= 2 and audit[0] == audit[1]  # earlier rows chained by 0011


def test_a_new_person_imports_and_everything_exports(release_db, tmp_path, capsys):
    new = tmp_path / "new.csv"
    new.write_text(
        "NHS Number,Surname,Forename,Date of Birth,Sex,ODS Code,Practice Name\n"
        f"{NEWCOMER},Newcomer,Cy,1940-01-01,F,X99001,Fixture Surgery\n"
        "9990000018,Fixture,Ada,1938-02-11,F,X99001,Fixture Surgery\n",
        encoding="utf-8",
    )
    assert (
        main(
            [
                "import-cohort",
                str(new),
                "--db",
                str(release_db),
                "--run-date",
                "2026-06-01",
                "--search-name",
                "Fixture search",
            ]
        )
        == 0
    ), capsys.readouterr().err
    codes = tmp_path / "codes.csv"
    assert main(["export", "codes", "--db", str(release_db), "--include-unsigned", "--out", str(codes)]) == 0
    exported = {r["nhs_number"] for r in csv.DictReader(codes.open(encoding="utf-8"))}
    assert {"9990000018", "9990000026", NEWCOMER} <= exported
    capsys.readouterr()
    assert main(["cohort", "--db", str(release_db)]) == 0
    listed = {r["nhs_number"]: r["in_latest_search"] for r in csv.DictReader(capsys.readouterr().out.splitlines())}
    assert listed == {"9990000018": "true", "9990000026": "false", NEWCOMER: "true"}
    assert main(["check", "--db", str(release_db)]) == 0, capsys.readouterr().err


def test_0007_changes_nothing_on_a_new_database(tmp_path):
    with Store.open(tmp_path / "new.db", create=True) as store:
        assert schema_of(store.db) == reference_schema()
        assert "REFERENCES cohort_entries" not in raw_sql(tmp_path / "new.db", "patients")
