"""Export files never land on the database or its -wal/-shm, never overwrite without --force, never half-written."""

import os

import pytest

from mdt_tui.safe_files import OutputRefused, check_output, is_same_file, new_name, write_file, write_new_file


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "mdt.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    (tmp_path / "mdt.db-wal").write_bytes(b"wal")
    return path


def test_writes_a_new_file_owner_only_and_leaves_no_temporary_file(tmp_path):
    out = write_file(tmp_path / "codes.csv", "a,b\n")
    assert out.read_text() == "a,b\n"
    assert (out.stat().st_mode & 0o777) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["codes.csv"]


def test_an_existing_file_is_refused_without_force_and_replaced_with_it(tmp_path):
    out = tmp_path / "codes.csv"
    out.write_text("old")
    with pytest.raises(OutputRefused, match="already exists.*--force"):
        write_file(out, "new")
    assert out.read_text() == "old"
    write_file(out, "new", force=True)
    assert out.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["codes.csv"]


@pytest.mark.parametrize("how", ["same", "relative", "wal", "shm", "symlink", "hardlink", "symlink-to-absent-shm"])
def test_the_database_and_its_companions_are_refused_even_with_force(db, tmp_path, monkeypatch, how):
    monkeypatch.chdir(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    if how == "same":
        out = db
    elif how == "relative":
        out = tmp_path / "sub" / ".." / "mdt.db"
        (tmp_path / "sub").mkdir()
    elif how in ("wal", "shm"):
        out = tmp_path / f"mdt.db-{how}"
    elif how == "symlink":
        out = tmp_path / "link.csv"
        out.symlink_to(db)
    elif how == "hardlink":
        out = tmp_path / "hard.csv"
        os.link(db, out)
    else:
        out = tmp_path / "shm-link.csv"
        out.symlink_to(tmp_path / "mdt.db-shm")
    with pytest.raises(OutputRefused, match="Nothing was written"):
        write_file(out, "x", force=True, protect=[db])
    assert db.read_bytes() == before["mdt.db"]
    assert (tmp_path / "mdt.db-wal").read_bytes() == b"wal"
    assert not (tmp_path / "mdt.db-shm").exists()


def test_the_database_is_refused_through_a_symlinked_folder(db, tmp_path):
    alias = tmp_path.parent / f"{tmp_path.name}-alias"
    alias.symlink_to(tmp_path, target_is_directory=True)
    try:
        assert is_same_file(alias / "mdt.db", db)
        with pytest.raises(OutputRefused):
            check_output(alias / "mdt.db", force=True, protect=[db])
    finally:
        alias.unlink()


def test_a_folder_or_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(OutputRefused, match="is a folder"):
        write_file(tmp_path, "x", force=True)
    with pytest.raises(OutputRefused, match="no folder"):
        write_file(tmp_path / "nope" / "x.csv", "x")


def test_new_name_never_overwrites(tmp_path):
    first = write_new_file(tmp_path / "agenda.md", "1")
    second = write_new_file(tmp_path / "agenda.md", "2")
    assert (first.name, second.name) == ("agenda.md", "agenda (2).md")
    assert first.read_text() == "1" and second.read_text() == "2"
    assert new_name(tmp_path / "agenda.md").name == "agenda (3).md"


def test_a_file_that_appears_while_writing_is_not_replaced(tmp_path, monkeypatch):
    import mdt_tui.safe_files as safe_files

    out = tmp_path / "codes.csv"
    real_fsync = os.fsync

    def someone_else_saves_first(fd):
        real_fsync(fd)
        if not out.exists():
            out.write_text("theirs")

    monkeypatch.setattr(safe_files.os, "fsync", someone_else_saves_first)
    with pytest.raises(OutputRefused, match="already exists"):
        write_file(out, "ours")
    assert out.read_text() == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["codes.csv"]
