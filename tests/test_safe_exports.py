"""Hostile stored text pushed through every export: no live formula, no script or link, no ESC.

Names, notes and actions are set to text an attacker (or a careless paste) could have put in a
GP system or typed into the app: spreadsheet formulas, Markdown/HTML, escape sequences. Every
CSV, Markdown and HTML export the CLI writes is then read back and checked.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdt_tui.cli import main
from mdt_tui.cohort import read_cohort_file, write_rejects
from mdt_tui.models import User
from mdt_tui.roles import Role
from mdt_tui.store.store import Store

FORMULA = ("=", "+", "-", "@")
SEEDS = [
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd",
    "@SUM(1+1)",
    "\t=1",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "![t](https://evil.example/t.png)",
    "\x1b]0;owned\x07\x1b[2J",
    "a\x9bb",
    "`rm -rf`",
    "<img src=x onerror=alert(1)>",
    "[b]bold[/b]",
]
hostile = st.one_of(
    st.sampled_from(SEEDS),
    st.builds(lambda a, b: a + b, st.sampled_from(SEEDS), st.text(max_size=8)),
    st.text(min_size=1, max_size=12),
)


def _plain(text: str) -> str:
    """A stored name must not be empty; keep hypothesis text but never blank."""
    return text if text.strip() else "x" + text


def _run(*args: str, code: int = 0) -> str:
    """Run the CLI; what it prints, on either stream, never carries a control character from stored text."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(list(args)) == code, err.getvalue()
    for text in (out.getvalue(), err.getvalue()):
        assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    return out.getvalue()


def _poison(db: Path, texts: list[str]) -> None:
    """Put hostile text in every mutable free-text field that exports show."""
    con = sqlite3.connect(db)
    with con:
        ids = [r[0] for r in con.execute("SELECT id FROM patients ORDER BY id")]
        for i, pid in enumerate(ids):
            text = _plain(texts[i % len(texts)])
            con.execute(
                "UPDATE patients SET family_name=?, given_name=?, usual_gp=? WHERE id=?",
                (text, _plain(texts[(i + 1) % len(texts)]), text, pid),
            )
        con.execute("UPDATE team_members SET name = ? || name", (texts[0],))
        con.execute("UPDATE actions SET description = ?", (_plain(texts[-1]),))
        con.execute(
            "UPDATE problems SET title = ?, key_risks = ?, management_plan = ?",
            (_plain(texts[1 % len(texts)]), texts[0], texts[-1]),
        )
        con.execute("UPDATE meeting_cases SET know = ?, dont_know = ?", (texts[0], texts[-1]))
    con.close()
    # recorded_by comes from the user's own name, so write one coded event as a hostile user
    with Store.open(db) as store:
        person = next(p for p in store.people() if p.stage.value == "identified")
        store.mark_suitable(User(name=_plain(texts[0]), role=Role.CARE_COORDINATOR), person.id)


def _check_csv(text: str) -> None:
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert "\x1b" not in cell
            if cell.startswith(FORMULA) and not cell.startswith("'"):
                float(cell)  # only a real number may start with '-'


def _check_document(text: str, fmt: str) -> None:
    lowered = text.lower()
    assert "<script" not in lowered and "javascript:" not in lowered and "<img" not in lowered
    assert "\x1b" not in text and "\x9b" not in text
    if fmt == "md":  # no link or image can form from stored text: every bracket from it is escaped
        assert not re.search(r"(?<!\\)\]\(", text) and not re.search(r"!(?<!\\)\[", text)


def _exports(db: Path) -> None:
    d = str(db)
    _check_csv(_run("cohort", "--db", d))
    _check_csv(_run("export", "codes", "--db", d))
    _check_csv(_run("meetings", "--db", d))
    meeting = next(csv.DictReader(io.StringIO(_run("meetings", "--db", d))))["meeting_id"]
    for fmt in ("md", "html"):
        _check_document(_run("export", "codes", "--db", d, "--format", fmt), fmt)
        for what in ("minutes", "agenda"):
            _check_document(_run("export", what, meeting, "--db", d, "--format", fmt), fmt)
    con = sqlite3.connect(db)
    nhs = con.execute("SELECT nhs_number FROM patients WHERE stage IN ('planned', 'review_due') LIMIT 1").fetchone()[0]
    con.close()
    for fmt in ("md", "html"):
        _check_document(_run("export", "plan", nhs, "--db", d, "--format", fmt), fmt)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(hostile, min_size=3, max_size=8))
def test_hostile_stored_text_is_safe_in_every_export(demo_template: Path, texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        shutil.copy(demo_template, db)
        _poison(db, [*SEEDS[:3], *texts])
        _exports(db)


@settings(max_examples=30, deadline=None)
@given(texts=st.lists(hostile, min_size=1, max_size=6))
def test_rejects_file_never_holds_a_live_formula(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "cohort.csv"
        lines = ["NHS Number,Surname,Forename,Date of Birth,Practice"]
        lines += [csv_line(["123", t, t, "not a date", t]) for t in texts]
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written = write_rejects(read_cohort_file(source, today=date(2026, 11, 23)), source)
        _check_csv(written.read_text(encoding="utf-8-sig"))


def csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def test_cli_messages_quoting_typed_or_file_text_carry_no_escape_sequences(tmp_path: Path) -> None:
    _run("export", "plan", "999\x1b[2J", "--db", str(tmp_path / "none.db"), code=1)
    source = tmp_path / "cohort.csv"
    source.write_text(
        "NHS Number,Surname,Forename,Date of Birth,Practice\n"
        "9990000018,\x1b]0;owned\x07Evil,\x1b[31mRed,05-Mar-1941,E82001\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(["import-cohort", str(source), "--db", str(tmp_path / "mdt.db"), "--skip-invalid"])
    assert "\x1b" not in out.getvalue() + err.getvalue() and "\x07" not in out.getvalue() + err.getvalue()
