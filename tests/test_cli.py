"""The CLI contract, run as a user would: a subprocess started from tmp_path."""

import csv
import io
import sqlite3
import subprocess
import sys

import pytest

from mdt_tui.cli import main
from mdt_tui.exports.csv_files import CODES_HEADER
from mdt_tui.store.migrations import known_names


def mdt(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "mdt_tui", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_demo_no_ui_creates_the_neighbourhood_and_prints_one_line(tmp_path):
    result = mdt("demo", "--db", tmp_path / "demo.db", "--no-ui", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert "180 people, 13 team members" in result.stdout
    again = mdt("demo", "--db", tmp_path / "demo.db", "--no-ui", cwd=tmp_path)
    assert "already holds 180 people" in again.stdout


def test_export_codes_csv(demo_db, tmp_path, capsys):
    assert main(["export", "codes", "--db", str(demo_db)]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert tuple(rows[0]) == CODES_HEADER
    codes = {r[4] for r in rows[1:]}
    assert {"788921000000108", "818241000000105", "1026051000000106", "877011000000107"} <= codes
    assert all(len(r[1]) == 10 and r[1].startswith("999") for r in rows[1:])


def test_export_codes_since_and_out(demo_db, tmp_path):
    out = tmp_path / "codes.csv"
    assert (
        main(
            ["export", "codes", "--db", str(demo_db), "--since", "2026-11-01", "--include-unsigned", "--out", str(out)]
        )
        == 0
    )
    rows = list(csv.DictReader(out.open()))
    assert rows and all(r["effective_date"] >= "2026-11-01" for r in rows)
    assert (out.stat().st_mode & 0o777) == 0o600


def test_export_leaves_out_entered_in_error(demo_db, tmp_path, capsys):
    from mdt_tui.pathway import Stage
    from mdt_tui.store.store import Store
    from tests.conftest import COORDINATOR

    with Store.open(demo_db) as store:  # a decline is the latest step of someone who declined
        declined = store.people([Stage.DECLINED])[0].id
        first = [e for e in store.coded_events(person_id=declined) if e.snomed_code == "877011000000107"][-1]
        store.mark_entered_in_error(COORDINATOR, first.event_id, reason="test")
    main(["export", "codes", "--db", str(demo_db)])
    ids = [r[0] for r in csv.reader(io.StringIO(capsys.readouterr().out))][1:]
    assert str(first.event_id) not in ids


def test_check_and_python_m_match_the_console_script(demo_db, tmp_path):
    result = mdt("check", "--db", demo_db, cwd=tmp_path)
    assert result.returncode == 0
    assert f"schema version {len(known_names())}" in result.stdout


def test_backup_round_trip(demo_db, tmp_path):
    out = tmp_path / "copy.db"
    assert mdt("backup", "--db", demo_db, "--out", out, cwd=tmp_path).returncode == 0
    original = mdt("export", "codes", "--db", demo_db, cwd=tmp_path).stdout
    copied = mdt("export", "codes", "--db", out, cwd=tmp_path).stdout
    assert copied == original and original.count("\n") > 300


def _bad(tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database at all" * 100)
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    return garbage, damaged


@pytest.mark.parametrize(
    ("args", "fragment", "code"),
    [
        (["export", "codes", "--since", "2026-13-01"], "is not a date in the form YYYY-MM-DD", 2),
        (["frobnicate"], "invalid choice", 2),
        (["backup"], "required: --out", 2),
        (["check", "--db", "{tmp}/missing.db"], "No database at", 1),
        (["check", "--db", "{tmp}/garbage.db"], "is not an SQLite database", 1),
        (["check", "--db", "{tmp}/damaged.db"], "damaged.db", 1),
        (["export", "codes", "--db", "{tmp}/garbage.db"], "is not an SQLite database", 1),
    ],
)
def test_bad_input_gives_one_sentence_and_changes_nothing(tmp_path, args, fragment, code):
    garbage, damaged = _bad(tmp_path)
    before = (garbage.read_bytes(), damaged.read_bytes())
    result = mdt(*[a.format(tmp=tmp_path) for a in args], cwd=tmp_path)
    assert result.returncode == code
    assert fragment in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert (garbage.read_bytes(), damaged.read_bytes()) == before
    assert not (tmp_path / "missing.db").exists()


def test_newer_database_is_refused_unchanged(tmp_path):
    db = tmp_path / "future.db"
    mdt("demo", "--db", db, "--no-ui", cwd=tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('mdt_tui', '0099', 'x')")
    conn.commit()
    conn.close()
    result = mdt("export", "codes", "--db", db, cwd=tmp_path)
    assert result.returncode == 1 and "newer version of mdt-tui" in result.stderr


def test_mdt_db_environment_variable_is_the_default(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MDT_DB", str(tmp_path / "env.db"))
    assert main(["check"]) == 1
    assert "env.db" in capsys.readouterr().err
