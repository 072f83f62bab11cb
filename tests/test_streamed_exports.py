"""Exports that stream rows from the cursor to the file: complete and owner-only when done, nothing left when
an error stops them half-way, the same bytes as the export to standard output."""

from __future__ import annotations

import os
import stat

import pytest

from mdt_tui.cli import main
from mdt_tui.safe_files import OutputRefused, streamed_file


def test_a_streamed_file_appears_only_when_complete(tmp_path):
    out = tmp_path / "rows.csv"
    with streamed_file(out) as handle:
        handle.write("a,b\n")
        assert not out.exists()  # still the temporary file
        handle.write("1,2\n")
    assert out.read_text() == "a,b\n1,2\n"
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert os.listdir(tmp_path) == ["rows.csv"]


def test_an_error_half_way_leaves_nothing(tmp_path):
    out = tmp_path / "rows.csv"
    with pytest.raises(RuntimeError), streamed_file(out) as handle:
        handle.write("a,b\n")
        raise RuntimeError("the database went away")
    assert os.listdir(tmp_path) == []


def test_an_existing_file_is_refused_unless_forced(tmp_path):
    out = tmp_path / "rows.csv"
    out.write_text("keep me")
    with pytest.raises(OutputRefused), streamed_file(out) as handle:
        handle.write("x")
    assert out.read_text() == "keep me"
    with streamed_file(out, force=True) as handle:
        handle.write("new")
    assert out.read_text() == "new"


def test_cohort_export_streams_the_same_rows_as_standard_output(demo_db, tmp_path, capsys):
    out = tmp_path / "cohort.csv"
    assert main(["cohort", "--db", str(demo_db)]) == 0
    printed = capsys.readouterr().out
    assert main(["cohort", "--db", str(demo_db), "--out", str(out)]) == 0
    written = out.read_text(encoding="utf-8")
    assert written == printed and written.count("\n") > 100
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == sorted(
        ["cohort.csv", "demo.db", *[n for n in os.listdir(tmp_path) if n.startswith("demo.db-")]]
    )
