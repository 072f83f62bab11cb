"""An unexpected error never shows patient data: one sentence naming a private log, whose traceback
carries no local variables. Faults are injected into the real app (Pilot) and the real CLI (subprocess)."""

from __future__ import annotations

import stat
import subprocess
import sys
import textwrap

import pytest

from mdt_tui.screens.app import MdtApp, make_app
from tests.conftest import TODAY
from tests.pilot_helpers import settle

SECRET_NAME = "Zebedee Quartermaine"
SECRET_NHS = "9434765919"


def assert_private_report(path, *, error_text: str) -> None:
    assert path is not None and path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    report = path.read_text()
    assert "Traceback (most recent call last)" in report and error_text in report
    assert SECRET_NAME not in report and SECRET_NHS not in report  # locals are never written


async def test_an_app_crash_shows_one_sentence_and_writes_a_private_report(demo_db, settings, tmp_path, monkeypatch):
    def faulty_privacy_toggle(self) -> None:
        person = {"name": SECRET_NAME, "nhs_number": SECRET_NHS}  # what Textual's report would have shown
        raise RuntimeError(f"injected fault for {len(person)} fields")

    monkeypatch.setattr(MdtApp, "action_toggle_privacy", faulty_privacy_toggle)
    app = make_app(demo_db, settings, today=TODAY)
    shown = []
    monkeypatch.setattr(app, "panic", lambda *renderables: (shown.extend(renderables), app._close_messages_no_wait()))
    with pytest.raises(RuntimeError, match="injected fault"):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            await pilot.press("p")
            await pilot.pause()
    assert app.return_code == 2
    assert [str(text) for text in shown] == [
        f"mdt-tui stopped unexpectedly; nothing saved was lost; details in {app.crash_report}"
    ]
    assert app.crash_report.parent == tmp_path / "data" / "crash-reports"
    assert_private_report(app.crash_report, error_text="RuntimeError: injected fault for 2 fields")


def test_textual_crash_report_would_have_shown_the_locals():
    """Why the handler exists: Textual's own fatal-error traceback is built with show_locals=True."""
    import inspect

    from textual.app import App

    assert "show_locals=True" in inspect.getsource(App._fatal_error)
    assert MdtApp._handle_exception is not App._handle_exception


FAULTY_CLI = textwrap.dedent(f"""
    import sys
    from mdt_tui import commands
    from mdt_tui.cli import main

    def faulty_meetings(db):
        person = {{"name": "{SECRET_NAME}", "nhs_number": "{SECRET_NHS}"}}
        return person["missing key"]

    commands.meetings = faulty_meetings
    sys.exit(main(["meetings"]))
""")


def test_a_cli_crash_is_one_sentence_exit_2_and_a_private_report(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", FAULTY_CLI], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    prefix = "mdt: mdt-tui stopped unexpectedly; nothing saved was lost; details in "
    assert line.startswith(prefix) and "Traceback" not in line
    from pathlib import Path

    assert_private_report(Path(line.removeprefix(prefix)), error_text="KeyError: 'missing key'")


FAULTY_APP = textwrap.dedent(f"""
    import sys
    from mdt_tui.screens.app import MdtApp, make_app

    def faulty_mount(self):
        person = {{"name": "{SECRET_NAME}", "nhs_number": "{SECRET_NHS}"}}
        raise RuntimeError(f"injected fault for {{len(person)}} fields")

    MdtApp.on_mount = faulty_mount
    app = make_app(sys.argv[1])
    app.run(headless=True)
    sys.exit(app.return_code)
""")


def test_the_real_app_prints_only_the_sentence_on_its_way_out(demo_db, tmp_path):
    """What Textual prints to the terminal after the app stops: the sentence, not its crash report."""
    result = subprocess.run(
        [sys.executable, "-c", FAULTY_APP, str(demo_db)], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    printed = result.stderr.replace("\n", "")
    assert result.returncode == 2
    assert printed.startswith("mdt-tui stopped unexpectedly; nothing saved was lost; details in ")
    assert "Traceback" not in printed and SECRET_NHS not in printed and SECRET_NAME not in printed
    from pathlib import Path

    report = Path(printed.removeprefix("mdt-tui stopped unexpectedly; nothing saved was lost; details in "))
    assert_private_report(report, error_text="RuntimeError: injected fault for 2 fields")
