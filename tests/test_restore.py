"""`mdt restore`: exactly the backup's content comes back, after later changes and a crashed writer's -wal;
the current file is kept, never deleted; bad, newer, altered backups and a database in use are refused."""

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mdt_tui.cli import main

WRITER = textwrap.dedent("""
    import sys, time
    from mdt_tui.store.store import Store
    from tests.conftest import COORDINATOR
    store = Store.open(sys.argv[1])
    if sys.argv[2] == "write":
        event = next(store.coded_events()).event_id
        store.mark_exported(COORDINATOR, [event], batch="written just before the crash")
    else:
        store.stage_counts()
    print("ready", flush=True)
    time.sleep(120)
""")


def content(path):
    """Every row of every table, in a stable order (schema and data): what 'the same database' means."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def companions(db):
    return [p for p in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")) if p.exists()]


@pytest.fixture
def backup(demo_db, tmp_path):
    out = tmp_path / "backups" / "monday.db"
    out.parent.mkdir()
    assert main(["backup", "--db", str(demo_db), "--out", str(out)]) == 0
    return out


def start(db, tmp_path, what):
    """A second mdt-tui process with the database open ('write': it also commits a change first)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), what], stdout=subprocess.PIPE, text=True, env=_env(tmp_path)
    )
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _env(tmp_path):
    root = Path(__file__).resolve().parent.parent
    return {**os.environ, "PYTHONPATH": str(root), "MDT_CONFIG": str(tmp_path / "config" / "settings.json")}


def kept_files(db):
    return sorted(db.parent.glob(db.name + ".before-restore-*"))


def test_restore_brings_back_exactly_the_backup_after_later_changes_and_a_crash(demo_db, backup, tmp_path, capsys):
    from mdt_tui.store.store import Store
    from tests.conftest import COORDINATOR

    expected = content(backup)
    with Store.open(demo_db) as store:  # later changes
        events = [e.event_id for e in store.coded_events()][1:4]
        store.mark_exported(COORDINATOR, events, batch="later")
    writer = start(demo_db, tmp_path, "write")
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert demo_db.with_name(demo_db.name + "-wal").stat().st_size > 0  # the crash left its -wal behind
    assert content(demo_db) != expected
    capsys.readouterr()

    assert main(["restore", str(backup), "--db", str(demo_db)]) == 0
    said = capsys.readouterr().out
    assert content(demo_db) == expected
    assert companions(demo_db) == []
    [kept] = kept_files(demo_db)
    assert f"Kept the database as it was as {kept}" in said and f"Restored {demo_db}" in said
    # Nothing is lost: the kept file holds the later changes, the crashed writer's commit included.
    batches = {r[0] for r in sqlite3.connect(kept).execute("SELECT batch FROM code_exports")}
    assert batches == {"later", "written just before the crash"}
    assert (demo_db.stat().st_mode & 0o777) == 0o600
    assert main(["check", "--db", str(demo_db)]) == 0
    assert main(["check", "--db", str(kept)]) == 0


def test_restore_refuses_while_another_process_has_the_database_open(demo_db, backup, tmp_path, capsys):
    before = digest(demo_db)
    reader = start(demo_db, tmp_path, "read")
    try:
        assert main(["restore", str(backup), "--db", str(demo_db)]) == 1
    finally:
        reader.kill()
        reader.wait()
    assert "open in another program" in capsys.readouterr().err
    assert digest(demo_db) == before and kept_files(demo_db) == []


def corrupt(path):
    data = bytearray(path.read_bytes())
    for offset in range(len(data) // 2, len(data) // 2 + 4096):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))


def newer(path):
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('mdt_tui', '0999_from_the_future', '2030-01-01')"
        )


def altered(path):
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER audit_no_UPDATE")
        conn.execute("UPDATE audit SET user_name = 'someone else' WHERE id = 2")


@pytest.mark.parametrize(
    "spoil, words",
    [
        (corrupt, "integrity check"),
        (newer, "newer version"),
        (altered, "has been altered: audit row 2"),
        (lambda p: p.write_text("nhs_number,family_name\n"), "not an SQLite database"),
        (lambda p: p.with_name(p.name + "-wal").write_bytes(b"x" * 100), "database in use"),
        (lambda p: p.unlink(), "no backup file"),
    ],
)
def test_a_bad_backup_is_refused_and_nothing_changes(demo_db, backup, capsys, spoil, words):
    spoil(backup)
    before = digest(demo_db)
    assert main(["restore", str(backup), "--db", str(demo_db)]) == 1
    err = capsys.readouterr().err
    assert words in err and "Nothing was changed" in err.replace("nothing", "Nothing")
    assert err.count("\n") == 1
    assert digest(demo_db) == before and kept_files(demo_db) == []
    assert [p.name for p in demo_db.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_the_database_cannot_be_restored_from_itself_or_its_wal(demo_db, capsys):
    for source in (demo_db, demo_db.with_name(demo_db.name + "-wal")):
        source.touch()
        assert main(["restore", str(source), "--db", str(demo_db)]) == 1
    assert kept_files(demo_db) == []


def test_restore_where_there_is_no_database_yet_installs_the_backup(backup, tmp_path, capsys):
    db = tmp_path / "new" / "mdt.db"
    db.parent.mkdir()
    assert main(["restore", str(backup), "--db", str(db)]) == 0
    assert content(db) == content(backup)
    assert "Kept" not in capsys.readouterr().out


def test_a_backup_from_an_earlier_release_is_restored_and_brought_up_to_date_when_opened(demo_db, tmp_path, capsys):
    old = Path(__file__).parent / "fixtures" / "releases" / "release-2c0a8a6.db"
    backup = tmp_path / "old-backup.db"
    backup.write_bytes(old.read_bytes())
    assert main(["restore", str(backup), "--db", str(demo_db)]) == 0
    assert "schema version 2 (migrated when next opened)" in capsys.readouterr().out
    assert main(["check", "--db", str(demo_db)]) == 0
    with sqlite3.connect(demo_db) as conn:
        assert conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 2


def test_a_stale_wal_beside_a_missing_database_is_moved_aside_not_replayed(backup, tmp_path, capsys):
    db = tmp_path / "mdt.db"
    stale = db.with_name("mdt.db-wal")
    stale.write_bytes(b"left by something else")
    assert main(["restore", str(backup), "--db", str(db)]) == 0
    said = capsys.readouterr().out
    assert not stale.exists()
    [moved] = tmp_path.glob("mdt.db.stale-*-wal")
    assert moved.read_bytes() == b"left by something else" and str(moved) in said
    assert content(db) == content(backup)
