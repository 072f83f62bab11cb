"""User and team settings: a documented pydantic model stored as JSON in the config folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mdt_tui.errors import MdtError
from mdt_tui.locations import ensure_private_dir, settings_path
from mdt_tui.models import User
from mdt_tui.roles import Role


class Settings(BaseModel):
    """Everything the user can tune. Unknown keys are ignored so old files keep working."""

    model_config = ConfigDict(extra="ignore", defer_build=True)

    user: User | None = None
    """The person at the keyboard. Asked for on first start; every audit row carries it."""

    caseload_capacity: int = Field(150, ge=1, le=10_000)
    """How many people the team can hold on its caseload; the home screen compares against it."""

    review_weeks_severe: int = Field(4, ge=1, le=104)
    """Weeks to the next review for CFS 7–9 or end of life."""

    review_weeks_moderate: int = Field(8, ge=1, le=104)
    """Weeks to the next review for CFS 5–6."""

    review_weeks_default: int = Field(12, ge=1, le=104)
    """Weeks to the next review otherwise."""

    minutes_per_new_case: int = Field(15, ge=1, le=120)
    """Time allotted to a new case in a meeting."""

    minutes_per_review: int = Field(10, ge=1, le=120)
    """Time allotted to a review case in a meeting."""

    session_minutes: int = Field(120, ge=15, le=480)
    """Length of an MDT meeting; the agenda warns when its cases will not fit."""

    new_cases_per_meeting: int = Field(4, ge=0, le=40)
    """How many new cases the automatic agenda takes per meeting (carried-over cases always go on)."""

    reviews_per_meeting: int = Field(6, ge=0, le=40)
    """How many reviews (triggered, overdue, due) the automatic agenda takes per meeting."""

    quorum_roles: list[Role] = Field(default_factory=lambda: [Role.GP, Role.CARE_COORDINATOR])
    """The disciplines that must be present (in person or remote) for the meeting to be quorate."""

    falls_tool: str = Field("frat5", pattern="^(frat|frat5)$")
    """Which FRAT the CGA shows: the 5-question UK primary-care tool (frat5, the default: instruments.md
    Revision 2) or Peninsula Health Part 1 (frat, validated for sub-acute and residential care)."""

    ucla3_lonely_threshold: int = Field(6, ge=4, le=9)
    """UCLA-3 total at or above which a person counts as lonely (signed off by the MDT owner)."""

    phq2_positive_threshold: int = Field(3, ge=1, le=6)
    """PHQ-2 total at or above which the depression screen is positive (3; 2 is more sensitive, Arroll 2010)."""

    gad2_positive_threshold: int = Field(3, ge=1, le=6)
    """GAD-2 total at or above which the anxiety screen is positive (3)."""

    barthel_dependency_threshold: int = Field(60, ge=0, le=100)
    """Barthel total (0–100; /5 on the 0–20 version) at or below which the dependency problem is raised
    (60, i.e. 12/20; signed off by the MDT owner). Any point lost in bowels, bladder, toilet use or
    transfers raises it too."""


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
