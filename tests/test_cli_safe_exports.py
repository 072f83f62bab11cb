"""Every `--out` refuses the database (by any path) and existing files unless --force; codes are marked
exported only once their file is on disk."""

import hashlib
import os
import subprocess
import sys

import pytest

from mdt_tui.cli import main
from mdt_tui.store.store import Store

# Every command with --out that the user runs against a database, as argv after `mdt`.
OUT_COMMANDS = {
    "codes": ["export", "codes"],
    "codes-md": ["export", "codes", "--format", "md"],
    "minutes": ["export", "minutes", "1"],
    "agenda": ["export", "agenda", "1"],
    "plan": ["export", "plan", "__NHS__"],
    "cohort": ["cohort"],
}


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def exported_count(db):
    with Store.open(db) as store:
        return store.db.execute("SELECT count(*) FROM code_exports").fetchone()[0]


@pytest.fixture
def planned_nhs(demo_db):
    with Store.open(demo_db) as store:
        return store.db.execute(
            "SELECT p.nhs_number FROM care_plans c JOIN patients p ON p.id = c.patient_id"
            " WHERE c.version IS NOT NULL LIMIT 1"
        ).fetchone()[0]


def argv(name, db, out, planned_nhs, *extra):
    args = [a.replace("__NHS__", planned_nhs) for a in OUT_COMMANDS[name]]
    return [*args, "--db", str(db), "--out", str(out), *extra]


def test_export_codes_onto_its_own_database_exits_non_zero_and_leaves_it_untouched(demo_db, tmp_path):
    before = digest(demo_db)
    result = subprocess.run(
        [sys.executable, "-m", "mdt_tui", "export", "codes", "--db", str(demo_db), "--out", str(demo_db), "--force"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "is the database" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert digest(demo_db) == before
    assert exported_count(demo_db) == 0


@pytest.mark.parametrize("name", OUT_COMMANDS)
@pytest.mark.parametrize("target", ["db", "wal", "shm", "symlink", "hardlink", "other-path"])
def test_every_out_refuses_the_database_and_its_companions(demo_db, tmp_path, planned_nhs, capsys, name, target):
    with Store.open(demo_db) as store:  # leave a -wal and -shm beside it, as a running app would
        store.db.execute("CREATE TEMP TABLE keep (x)")
        wal = demo_db.with_name(demo_db.name + "-wal")
        shm = demo_db.with_name(demo_db.name + "-shm")
        assert wal.exists() and shm.exists()
        out = {
            "db": demo_db,
            "wal": wal,
            "shm": shm,
            "symlink": tmp_path / "link.csv",
            "hardlink": tmp_path / "hard.csv",
            "other-path": tmp_path / "." / "x" / ".." / demo_db.name,
        }[target]
        if target == "symlink":
            out.symlink_to(demo_db)
        if target == "hardlink":
            os.link(demo_db, out)
        (tmp_path / "x").mkdir()
        before = {p: digest(p) for p in (demo_db, wal, shm)}
        assert main(argv(name, demo_db, out, planned_nhs, "--force")) == 1
        assert {p: digest(p) for p in (demo_db, wal, shm)} == before
    assert "Nothing was written" in capsys.readouterr().err
    assert exported_count(demo_db) == 0


@pytest.mark.parametrize("name", OUT_COMMANDS)
def test_every_out_refuses_an_existing_file_unless_forced(demo_db, tmp_path, planned_nhs, capsys, name):
    out = tmp_path / "out.txt"
    out.write_text("keep me")
    assert main(argv(name, demo_db, out, planned_nhs)) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_text() == "keep me"
    assert exported_count(demo_db) == 0
    assert main(argv(name, demo_db, out, planned_nhs, "--force")) == 0
    assert out.read_text() != "keep me" and len(out.read_text()) > 20
    assert (out.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_backup_refuses_the_wal_file(demo_db, tmp_path, capsys):
    wal = demo_db.with_name(demo_db.name + "-wal")
    assert main(["backup", "--db", str(demo_db), "--out", str(wal)]) == 1
    assert not wal.exists() or wal.stat().st_size == 0


def test_codes_are_not_marked_exported_when_their_file_cannot_be_made_durable(demo_db, tmp_path, monkeypatch):
    import mdt_tui.safe_files as safe_files

    def failing_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(safe_files.os, "fsync", failing_fsync)
    out = tmp_path / "codes.csv"
    assert main(["export", "codes", "--db", str(demo_db), "--out", str(out)]) == 1
    monkeypatch.undo()
    assert not out.exists()
    assert exported_count(demo_db) == 0
    assert main(["export", "codes", "--db", str(demo_db), "--include-unsigned", "--out", str(out)]) == 0
    assert exported_count(demo_db) == len(out.read_text().splitlines()) - 1 > 0
