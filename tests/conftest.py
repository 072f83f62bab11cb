"""Shared fixtures: real SQLite files in tmp_path, a settings file that never touches ~/.config."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from mdt_tui.models import CohortEntry, Patient, User
from mdt_tui.roles import Role
from mdt_tui.settings import Settings
from mdt_tui.store.demo.loader import load_demo
from mdt_tui.store.store import Store

TODAY = date(2026, 11, 23)
COORDINATOR = User(name="Jo Bennett", role=Role.CARE_COORDINATOR)


# The longest tests (building and installing the
# offline wheelhouse and SIGKILLing writers: seconds each) run first, so under xdist the other worker takes the
# rest meanwhile instead of one worker finishing them alone at the end.
LONGEST_FIRST = ("tests/test_wheelhouse.py::", "tests/test_crash.py::")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest first; otherwise collection order (a stable sort, the same on every xdist worker)."""
    items.sort(key=lambda item: not item.nodeid.startswith(LONGEST_FIRST))


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point settings and the default DB into tmp_path so no test reads the user's files."""
    monkeypatch.setenv("MDT_CONFIG", str(tmp_path / "config" / "settings.json"))
    monkeypatch.setenv("MDT_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("MDT_DATA_DIR", str(tmp_path / "data"))  # crash reports, the default demo
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    return tmp_path / "config" / "settings.json"


@pytest.fixture
def user() -> User:
    return COORDINATOR


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(
        tmp_path / "mdt.db", create=True, clock=lambda: datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)
    ) as s:
        yield s


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Store.open(path, create=True) as s:
        load_demo(s, TODAY)
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo neighbourhood for one test."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    path.chmod(0o600)
    return path


@pytest.fixture
def settings() -> Settings:
    return Settings(user=COORDINATOR)


def make_patient(nhs: str = "9434765919", **overrides) -> Patient:
    data = dict(
        nhs_number=nhs, family_name="Example", given_name="Alex", date_of_birth=date(1941, 3, 5), practice_code="X99001"
    )
    data.update(overrides)
    return Patient(**data)


def make_entry(**overrides) -> CohortEntry:
    data = dict(
        search_name="INT Proactive Care Cohort",
        run_date=date(2026, 11, 1),
        segment="Lower complexity",
        risk_grade="High",
    )
    data.update(overrides)
    return CohortEntry(**data)
