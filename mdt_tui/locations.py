"""Where mdt-tui keeps its files: one place so nothing else guesses paths."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "mdt-tui"
APP_AUTHOR = "mdt-tui"


def data_dir() -> Path:
    """The local data folder; MDT_DATA_DIR overrides it (tests point it into tmp_path)."""
    override = os.environ.get("MDT_DATA_DIR")
    if override:
        return Path(override).expanduser()
    # roaming=False: %LOCALAPPDATA% on Windows. Roaming/redirected folders break SQLite's WAL.
    return user_data_path(APP_NAME, APP_AUTHOR, roaming=False)


def crash_reports_dir() -> Path:
    """Owner-only folder for crash reports (tracebacks without local variables)."""
    return data_dir() / "crash-reports"


def config_dir() -> Path:
    return user_config_path(APP_NAME, APP_AUTHOR, roaming=False)


def default_db_path() -> Path:
    """The database the app opens when no --db is given; MDT_DB overrides it."""
    override = os.environ.get("MDT_DB")
    return Path(override).expanduser() if override else data_dir() / "mdt.db"


def settings_path() -> Path:
    """The settings file; MDT_CONFIG overrides it (tests point it into tmp_path)."""
    override = os.environ.get("MDT_CONFIG")
    return Path(override).expanduser() if override else config_dir() / "settings.json"


def ensure_private_dir(path: Path) -> None:
    """Create a folder only its owner can read (patient data lives below it)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


def is_sqlite_file(path: Path) -> bool:
    """True for an SQLite database or an empty file (the header check needs no sqlite import)."""
    with open(path, "rb") as handle:
        header = handle.read(16)
    return header in (b"SQLite format 3\x00", b"")


def not_sqlite_message(path: Path) -> str:
    return f"{path} is not an SQLite database (it may be corrupt or another kind of file)."
