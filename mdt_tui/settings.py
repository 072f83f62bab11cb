"""Personal settings (who is at the keyboard): a documented pydantic model stored as JSON in the config folder.
Team policy lives in the database: see mdt_tui/team_policy.py."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mdt_tui.errors import MdtError
from mdt_tui.locations import ensure_private_dir, settings_path
from mdt_tui.models import User
from mdt_tui.team_policy import POLICY_KEYS, TeamPolicy


class Settings(BaseModel):
    """The person's own preferences. Unknown keys are ignored so old files keep working.

    Team policy (capacity, review intervals, meeting timings, quorum, cut-offs, the falls tool) is not here: it
    lives in the database (mdt_tui/team_policy.py). An older file's policy keys are read into ``file_policy``,
    checked like the policy itself, and taken over once (``adopt_file_policy``); they are never written back."""

    model_config = ConfigDict(extra="ignore", defer_build=True)

    user: User | None = None
    """The person at the keyboard. Asked for on first start; every audit row carries it."""

    file_policy: dict[str, Any] = Field(default_factory=dict, exclude=True)
    """Team-policy keys found in an older settings file (JSON values, validated), waiting to be taken over by
    the database's team policy. Not saved."""

    @model_validator(mode="before")
    @classmethod
    def _policy_keys_apart(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        found = {k: v for k, v in data.items() if k in POLICY_KEYS}
        if not found:
            return data
        # Checked as the policy checks them: a wrong value is a broken settings file, as it always was.
        checked = TeamPolicy.model_validate(found).model_dump(mode="json")
        kept = {k: v for k, v in data.items() if k not in POLICY_KEYS}
        return {**kept, "file_policy": {**dict(data.get("file_policy") or {}), **{k: checked[k] for k in found}}}


MAX_SETTINGS_BYTES = 1_000_000
"""A settings file is a few hundred bytes; anything this big is not one."""


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults when there is no file. A broken file is one clear sentence."""
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            raise ValueError("too large")
        # utf-8-sig: Notepad and some editors start a UTF-8 file with a byte-order mark.
        return Settings.model_validate(json.loads(path.read_text(encoding="utf-8-sig")))
    except (OSError, ValueError, ValidationError, RecursionError) as exc:
        # RecursionError: deeply nested JSON. Only the error's kind is named: its text may quote the file.
        raise MdtError(
            f"The settings file {path} cannot be read ({exc.__class__.__name__}); fix or delete it."
        ) from exc


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    ensure_private_dir(path.parent)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(settings.model_dump_json(indent=2))
    os.replace(tmp, path)
