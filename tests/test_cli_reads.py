"""Reading never needs the write lock or a writable disk: each read-only `mdt` command finishes in
seconds behind another process's write lock, on a full disk and on a read-only file or folder, and
leaves the database file byte for byte as it was."""

from __future__ import annotations

import resource
import shutil
import signal
import time
from pathlib import Path

import pytest

from tests.fault_helpers import mdt, without_root_override, write_lock_held

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"
READS = {
    "check": ("check",),
    "cohort": ("cohort",),
    "export codes": ("export", "codes"),
    "export minutes": ("export", "minutes", "1"),
    "export agenda": ("export", "agenda", "1"),
    "export plan": ("export", "plan", "{nhs}"),
    "meetings": ("meetings",),
    "backup": ("backup", "--out", "{out}"),
}


def full_disk() -> None:
    """preexec_fn: no file may grow (RLIMIT_FSIZE 0), as on a disk with no space left."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with an error instead of killing us
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    without_root_override()


@pytest.fixture
def placed_db(demo_db, tmp_path):
    """The demo in a folder of its own (so the folder can be made read-only), with no -wal beside it."""
    folder = tmp_path / "held"
    folder.mkdir(mode=0o700)
    db = folder / "mdt.db"
    shutil.move(demo_db, db)
    return db


def planned_person(db) -> str:
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT nhs_number FROM patients WHERE stage = 'planned' ORDER BY id").fetchone()[0]
    finally:
        conn.close()


def run_read(name, db, tmp_path, **kwargs):
    nhs = planned_person(db) if "{nhs}" in READS[name] else ""
    args = [a.format(out=tmp_path / f"backup-{time.monotonic_ns()}.db", nhs=nhs) for a in READS[name]]
    started = time.monotonic()
    result = mdt(*args, "--db", db, cwd=tmp_path, text=True, **kwargs)
    return result, time.monotonic() - started


def assert_read_ok(result, elapsed, name):
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert elapsed < 5, f"{name} took {elapsed:.1f} s"
    if name not in ("check", "backup"):
        assert result.stdout.strip(), f"{name} printed nothing"


@pytest.mark.parametrize("name", READS)
def test_reads_finish_behind_another_process_write_lock(name, placed_db, tmp_path):
    before = placed_db.read_bytes()
    with write_lock_held(placed_db):
        result, elapsed = run_read(name, placed_db, tmp_path)
    assert_read_ok(result, elapsed, name)
    assert placed_db.read_bytes() == before


@pytest.mark.parametrize("name", ["check", "cohort", "export codes", "meetings", "backup"])
@pytest.mark.parametrize("where", ["file", "folder"])
def test_reads_work_on_a_read_only_file_or_folder(name, where, placed_db, tmp_path):
    before = placed_db.read_bytes()
    target = placed_db if where == "file" else placed_db.parent
    target.chmod(0o400 if where == "file" else 0o500)
    try:
        result, elapsed = run_read(name, placed_db, tmp_path, preexec_fn=without_root_override)
    finally:
        target.chmod(0o600 if where == "file" else 0o700)
    assert_read_ok(result, elapsed, name)
    assert placed_db.read_bytes() == before


@pytest.mark.parametrize("name", ["check", "cohort", "export codes", "meetings"])
def test_reads_work_on_a_full_disk(name, placed_db, tmp_path):
    before = placed_db.read_bytes()
    result, elapsed = run_read(name, placed_db, tmp_path, preexec_fn=full_disk)
    assert_read_ok(result, elapsed, name)
    assert placed_db.read_bytes() == before


def test_a_write_on_a_read_only_file_is_one_sentence_and_changes_nothing(placed_db, tmp_path):
    before = placed_db.read_bytes()
    placed_db.chmod(0o400)
    try:
        result = mdt(
            "import-cohort",
            FIXTURES / "emis_export.csv",
            "--db",
            placed_db,
            cwd=tmp_path,
            text=True,
            preexec_fn=without_root_override,
        )
    finally:
        placed_db.chmod(0o600)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "mdt: The database is read-only here: nothing was saved. Check the file's permissions."
    )
    assert placed_db.read_bytes() == before


def test_a_read_only_file_that_needs_an_upgrade_says_it_is_read_only(placed_db, tmp_path):
    """Opening writes only when a migration is due; then a read-only file is named as the reason."""
    import sqlite3

    conn = sqlite3.connect(placed_db)
    conn.execute("PRAGMA user_version = 1")  # as a file from an earlier release would be
    conn.close()
    before = placed_db.read_bytes()
    placed_db.chmod(0o400)
    try:
        result = mdt("check", "--db", placed_db, cwd=tmp_path, text=True, preexec_fn=without_root_override)
    finally:
        placed_db.chmod(0o600)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "mdt: The database is read-only here: nothing was saved. Check the file's permissions."
    ]
    assert placed_db.read_bytes() == before
