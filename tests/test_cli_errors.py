"""Every CLI failure is one sentence on stderr with a non-zero exit, never a traceback, and changes
nothing: bad numbers, paths, encodings, closed streams, broken settings files, a full disk. Each bad
input runs through the real `mdt` in a subprocess started from tmp_path."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mdt_tui.settings import load_settings
from tests.fault_helpers import mdt

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"
HUGE = "9" * 40
DB = "{db}"

BAD_INPUTS = {
    "huge meeting id": ["export", "minutes", HUGE, "--db", DB],
    "huge meeting filter": ["export", "codes", "--meeting", "99999999999999999999", "--db", DB],
    "negative meeting id": ["export", "agenda", "-5", "--db", DB],
    "unknown meeting": ["export", "minutes", "424242", "--db", DB],
    "meeting id not a number": ["export", "minutes", "first", "--db", DB],
    "short NHS number": ["export", "plan", "123", "--db", DB],
    "unknown NHS number": ["export", "plan", "9990000115", "--db", DB],
    "database is a folder": ["check", "--db", "{tmp}"],
    "database in a missing folder": ["cohort", "--db", "{tmp}/nowhere/mdt.db"],
    "database name too long": ["check", "--db", "{tmp}/" + "a" * 5000],
    "database is /dev/null": ["check", "--db", "/dev/null"],
    "backup into a missing folder": ["backup", "--db", DB, "--out", "{tmp}/nowhere/b.db"],
    "backup over the database": ["backup", "--db", DB, "--out", DB],
    "export into a missing folder": ["export", "codes", "--db", DB, "--out", "{tmp}/nowhere/c.csv"],
    "cohort into a folder": ["cohort", "--db", DB, "--out", "{tmp}"],
    "import a missing file": ["import-cohort", "{tmp}/missing.csv", "--db", DB],
    "import a folder": ["import-cohort", "{tmp}", "--db", DB],
    "impossible run date": [
        "import-cohort",
        str(FIXTURES / "emis_export.csv"),
        "--run-date",
        "99999-01-01",
        "--db",
        DB,
    ],
    "huge event id to correct": ["correct", HUGE, "--reason", "typo", "--db", DB],
    "unknown event to correct": ["correct", "424242", "--reason", "typo", "--db", DB],
    "correction without a reason": ["correct", "1", "--reason", " ", "--db", DB],
    "restore a missing backup": ["restore", "{tmp}/missing.db", "--db", DB],
    "restore a folder": ["restore", "{tmp}", "--db", DB],
    "demo into a folder": ["demo", "--no-ui", "--db", "{tmp}"],
    "unknown stage": ["cohort", "--status", "nonsense", "--db", DB],
    "non-UTF-8 database path": ["check", "--db", b"{tmp}/\xff\xfe.db"],
    "non-UTF-8 search name": [
        "import-cohort",
        str(FIXTURES / "emis_export.csv"),
        "--search-name",
        b"\xe9t\xe9",
        "--db",
        DB,
    ],
    "non-UTF-8 NHS number": ["export", "plan", b"999\xff", "--db", DB],
}


def expand(arg, tmp_path: Path, db: Path):
    if isinstance(arg, bytes):
        return arg.replace(b"{tmp}", os.fsencode(tmp_path))
    return arg.format(tmp=tmp_path, db=db)


def assert_one_sentence(result, *, after_file_report: bool = False):
    """One 'mdt: ' line and nothing else (an import may first describe the file it read)."""
    stderr = result.stderr.decode("utf-8", "replace") if isinstance(result.stderr, bytes) else result.stderr
    assert result.returncode != 0, stderr
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("mdt: ")]
    assert len(errors) == 1 and lines[-1] == errors[0], stderr
    assert len(lines) == 1 or after_file_report, stderr
    assert "stopped unexpectedly" not in errors[0], errors[0]


@pytest.mark.parametrize("args", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_one_sentence_and_changes_nothing(args, demo_db, tmp_path):
    before = demo_db.read_bytes()
    result = mdt(*(expand(a, tmp_path, demo_db) for a in args), cwd=tmp_path)
    assert_one_sentence(result, after_file_report=args[0] == "import-cohort")
    assert demo_db.read_bytes() == before
    assert not (tmp_path / "nowhere").exists()


def _settings_cases() -> dict[str, bytes]:
    return {
        "deeply nested JSON": b"[" * 100_000 + b"]" * 100_000,
        "not JSON": b"{user: Jo",
        "not UTF-8": b'{"caseload_capacity": "\xff"}',
        "a list": b"[1, 2, 3]",
        "a wrong value": b'{"caseload_capacity": -4}',
        "huge": b'{"x": "' + b"a" * 2_000_000 + b'"}',
    }


@pytest.mark.parametrize("content", _settings_cases().values(), ids=_settings_cases().keys())
def test_a_broken_settings_file_is_one_sentence(content, isolated_config, demo_db, tmp_path):
    isolated_config.parent.mkdir(parents=True, exist_ok=True)
    isolated_config.write_bytes(content)
    before = demo_db.read_bytes()
    result = mdt("import-cohort", FIXTURES / "emis_export.csv", "--db", demo_db, cwd=tmp_path)
    assert_one_sentence(result, after_file_report=True)
    assert b"settings file" in result.stderr
    assert demo_db.read_bytes() == before


def test_a_settings_file_with_a_byte_order_mark_is_accepted(isolated_config):
    isolated_config.parent.mkdir(parents=True, exist_ok=True)
    isolated_config.write_bytes(
        b'\xef\xbb\xbf{"caseload_capacity": 90, "user": {"name": "Jo Bennett", "role": "care_coordinator"}}'
    )
    settings = load_settings()
    assert settings.file_policy["caseload_capacity"] == 90 and settings.user.name == "Jo Bennett"


@pytest.mark.parametrize("command", [["meetings"], ["cohort"], ["export", "codes"], ["check"]])
def test_a_closed_stdout_reader_is_not_an_error(command, demo_db, tmp_path):
    """`mdt meetings | head -0`: the reader has gone before anything is written."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = mdt(*command, "--db", demo_db, cwd=tmp_path, stdout=write_end, stderr=-1)
    finally:
        os.close(write_end)
    assert result.returncode == 0 and result.stderr == b""


def test_no_stdout_at_all_is_not_a_crash(demo_db, tmp_path):
    result = mdt("meetings", "--db", demo_db, cwd=tmp_path, preexec_fn=lambda: os.close(1))
    assert result.returncode == 0 and b"Traceback" not in result.stderr and b"stopped" not in result.stderr


def _disk_fills_after(limit: int):
    """preexec_fn: no file may grow past ``limit`` bytes (RLIMIT_FSIZE), as when the disk fills up."""

    def fill() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with an error instead of killing us
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))

    return fill


def test_a_full_disk_during_an_import_is_one_sentence_and_imports_nothing(demo_db, tmp_path):
    people = sqlite3.connect(demo_db).execute("SELECT count(*) FROM patients").fetchone()[0]
    big = tmp_path / "big.csv"
    lines = ["NHS Number,Surname,Forename,Date of Birth,ODS Code"]
    lines += [f"{nhs},Fullcase{n},Test,05/03/1941,E82001" for n, nhs in enumerate(_nhs_numbers(3000))]
    big.write_text("\n".join(lines) + "\n")
    result = mdt(
        "import-cohort", big, "--db", demo_db, cwd=tmp_path, preexec_fn=_disk_fills_after(100_000)
    )  # the -wal the import writes cannot reach 100 kB
    assert_one_sentence(result, after_file_report=True)
    assert b"nothing was saved" in result.stderr
    check = mdt("check", "--db", demo_db, cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert sqlite3.connect(demo_db).execute("SELECT count(*) FROM patients").fetchone()[0] == people


def _nhs_numbers(n: int) -> list[str]:
    from mdt_tui.nhs_number import is_valid_nhs_number

    found, candidate = [], 9_990_100_000
    while len(found) < n:
        candidate += 1
        if is_valid_nhs_number(str(candidate)):
            found.append(str(candidate))
    return found


def test_a_pipe_given_as_the_database_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    result = mdt("check", "--db", fifo, cwd=tmp_path, timeout=20)
    assert_one_sentence(result)
    assert b"not a regular file" in result.stderr


def test_a_non_utf8_database_path_in_the_environment_is_one_sentence(tmp_path):
    env = {**os.environ, "MDT_DB": ""}
    env_bytes = {os.fsencode(k): os.fsencode(v) for k, v in env.items()}
    env_bytes[b"MDT_DB"] = os.fsencode(tmp_path) + b"/\xff.db"
    result = subprocess.run(
        [sys.executable, "-m", "mdt_tui", "check"], cwd=tmp_path, env=env_bytes, capture_output=True, timeout=60
    )
    assert_one_sentence(result)
    assert b"MDT_DB" in result.stderr
