"""Tamper evidence: append-only tables refuse INSERT OR REPLACE; `mdt check` names a dropped trigger, a
rewritten or removed audit row, a schema the migrations did not build and a broken reference."""

import sqlite3
import subprocess
import sys

import pytest

from mdt_tui.cli import main
from mdt_tui.store.audit import first_broken_link
from mdt_tui.store.integrity import first_problem, reference_schema
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR

APPEND_ONLY = sorted(t for n, (k, t, _) in reference_schema().items() if k == "trigger" and n == f"{t}_no_UPDATE")


def raw(db):
    """A plain sqlite3 connection, as someone with the file and the sqlite3 shell would use."""
    return sqlite3.connect(str(db), isolation_level=None)


def check(db, capsys):
    code = main(["check", "--db", str(db)])
    return code, capsys.readouterr().err


def test_the_demo_passes_every_check_and_its_audit_is_chained(demo_db, capsys):
    assert check(demo_db, capsys) == (0, "")
    with raw(demo_db) as conn:
        assert conn.execute("SELECT count(*) FROM audit WHERE hash IS NULL").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] > 10


def test_the_append_only_tables_include_the_record():
    assert {"audit", "coded_events", "pathway_transitions", "code_exports", "meeting_decisions"} <= set(APPEND_ONLY)


def test_insert_or_replace_of_an_existing_row_is_refused_on_every_append_only_table(demo_db):
    with Store.open(demo_db) as store:
        store.mark_exported(COORDINATOR, [next(store.coded_events()).event_id], batch="test")
    tried = []
    with raw(demo_db) as conn:
        for table in APPEND_ONLY:
            rowid = conn.execute(f"SELECT min(rowid) FROM {table}").fetchone()[0]
            if rowid is None:
                continue
            before = conn.execute(f"SELECT * FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(f"INSERT OR REPLACE INTO {table} SELECT * FROM {table} WHERE rowid = ?", (rowid,))
            assert conn.execute(f"SELECT * FROM {table} WHERE rowid = ?", (rowid,)).fetchone() == before
            tried.append(table)
    assert {"audit", "coded_events", "pathway_transitions", "code_exports"} <= set(tried)


def test_exporting_again_with_all_still_works_beside_the_replace_trigger(demo_db, tmp_path):
    assert main(["export", "codes", "--db", str(demo_db), "--include-unsigned", "--out", str(tmp_path / "a.csv")]) == 0
    assert (
        main(["export", "codes", "--db", str(demo_db), "--all", "--include-unsigned", "--out", str(tmp_path / "b.csv")])
        == 0
    )


@pytest.mark.parametrize(
    "trigger",
    [
        "audit_no_UPDATE",
        "audit_no_REPLACE",
        "coded_events_no_DELETE",
        "pathway_transitions_no_UPDATE",
        "code_exports_no_REPLACE",
    ],
)
def test_check_fails_on_a_dropped_trigger_and_names_it(demo_db, capsys, trigger):
    with raw(demo_db) as conn:
        conn.execute(f"DROP TRIGGER {trigger}")
    code, err = check(demo_db, capsys)
    assert code == 1
    assert f"append-only trigger {trigger} is missing" in err
    assert err.count("\n") == 1


def test_check_fails_on_a_rewritten_audit_row_even_with_its_trigger_put_back(demo_db, tmp_path):
    with raw(demo_db) as conn:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_no_UPDATE'").fetchone()[0]
        conn.execute("DROP TRIGGER audit_no_UPDATE")
        conn.execute("UPDATE audit SET at = '2020-01-01T00:00:00+00:00' WHERE id = 3")  # back-dated
        conn.execute(sql)
    result = subprocess.run(
        [sys.executable, "-m", "mdt_tui", "check", "--db", str(demo_db)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "audit row 3 " in result.stderr and "does not match its hash" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_fails_on_a_removed_audit_row(demo_db, capsys):
    with raw(demo_db) as conn:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_no_DELETE'").fetchone()[0]
        conn.execute("DROP TRIGGER audit_no_DELETE")
        conn.execute("DELETE FROM audit WHERE id = 5")
        conn.execute(sql)
    code, err = check(demo_db, capsys)
    assert code == 1 and "audit row 6 " in err


def test_check_fails_on_an_audit_row_added_by_hand(demo_db, capsys):
    with raw(demo_db) as conn:
        conn.execute("INSERT INTO audit (at, user_name, user_role, action, entity) VALUES ('x', 'x', 'x', 'x', 'x')")
    code, err = check(demo_db, capsys)
    assert code == 1 and "has no hash" in err


def test_the_chain_covers_every_column():
    from mdt_tui.store.audit import AUDIT_COLUMNS

    with sqlite3.connect(":memory:") as conn:
        conn.executescript(reference_schema()["audit"][2])
        columns = [r[1] for r in conn.execute("PRAGMA table_info(audit)")]
    assert [c for c in columns if c != "hash"] == list(AUDIT_COLUMNS)


@pytest.mark.parametrize("column", ["at", "user_name", "user_role", "action", "entity", "entity_id", "before", "after"])
def test_changing_any_audit_column_breaks_the_chain(store, column):
    from mdt_tui.store.audit import write_audit

    with store.transaction() as db:
        for n in range(3):
            write_audit(db, COORDINATOR, store.clock(), "test", "thing", n, {"n": n}, {"n": n + 1})
    assert first_broken_link(store.db) is None
    store.db.execute("DROP TRIGGER audit_no_UPDATE")
    value = 99 if column == "entity_id" else "changed"
    store.db.execute(f"UPDATE audit SET {column} = ? WHERE id = 2", (value,))
    assert first_broken_link(store.db).startswith("audit row 2 ")


@pytest.mark.parametrize(
    "change, words",
    [
        ("CREATE TABLE shadow (x)", "table shadow is not part of the schema"),
        ("CREATE TRIGGER sneaky AFTER INSERT ON patients BEGIN SELECT 1; END", "trigger sneaky is not part"),
        ("DROP INDEX patients_names", "index patients_names is missing"),
    ],
)
def test_check_fails_when_the_schema_is_not_what_the_migrations_build(demo_db, capsys, change, words):
    with raw(demo_db) as conn:
        conn.execute(change)
    code, err = check(demo_db, capsys)
    assert code == 1 and words in err


def test_check_fails_on_a_broken_reference(demo_db, capsys):
    with raw(demo_db) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE actions SET patient_id = 987654 WHERE id = (SELECT min(id) FROM actions)")
    code, err = check(demo_db, capsys)
    assert code == 1 and "broken reference" in err and "actions" in err


def test_first_problem_is_none_on_a_new_database(store):
    assert first_problem(store.db) is None
