"""The import screen in tests: a Downloads folder holding two exports (fixture), the report shown, people stored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.pilot_helpers import text_of

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "cohort"


@pytest.fixture
def downloads(tmp_path, monkeypatch) -> Path:
    """A home folder whose Downloads holds two exports: the import screen opens there."""
    home = tmp_path / "home"
    folder = home / "Downloads"
    folder.mkdir(parents=True)
    for name in ("emis_export.csv", "row_errors.csv"):
        shutil.copy(FIXTURES / name, folder / name)
    monkeypatch.setenv("HOME", str(home))
    return folder


def report(app) -> str:
    """The check or outcome shown, its line breaks (which depend on the width) as spaces."""
    return " ".join(text_of(app.screen.query_one("#import-report")).split())


def people(app) -> int:
    return app.store.db.execute("SELECT count(*) FROM patients").fetchone()[0]
