"""Team policy: what the whole team agrees (capacity, review intervals, meeting timings, quorum, cut-offs,
the falls tool). It lives in the database so everyone on one caseload scores and plans alike (issue 19);
only the team's owner changes it, and every change is audited. Personal preferences stay in settings.py.

This module is the one place that says which keys are policy (``POLICY_KEYS``)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mdt_tui.errors import MdtError
from mdt_tui.roles import Role


class TeamPolicy(BaseModel):
    """The team's agreed numbers. Unknown keys are ignored so an older or newer database still opens."""

    model_config = ConfigDict(extra="ignore", defer_build=True, frozen=True, use_attribute_docstrings=True)

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


POLICY_KEYS: tuple[str, ...] = tuple(TeamPolicy.model_fields)
"""Every team-policy key, in the order the policy screen and `mdt policy` show them."""

DEFAULTS = TeamPolicy()


def explanation(key: str) -> str:
    """The key's docstring on one line: what it means and what it changes."""
    return " ".join((TeamPolicy.model_fields[key].description or "").split())


def as_json(policy: TeamPolicy) -> dict[str, Any]:
    """Each key's value as JSON (what the database stores per key)."""
    return policy.model_dump(mode="json")


def shown(value: Any) -> str:
    """A value as a person types it back: quorum roles comma-separated, numbers and names as they are."""
    if isinstance(value, list):
        return ", ".join(v.value if isinstance(v, Role) else str(v) for v in value)
    return str(value)


def validated_changes(current: TeamPolicy, changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` checked against the whole policy: the JSON values of the keys that really change.

    Unknown keys and bad values are one clear sentence (MdtError) naming the key; nothing is returned then."""
    unknown = sorted(set(changes) - set(POLICY_KEYS))
    if unknown:
        raise MdtError(f"'{unknown[0]}' is not a team policy setting; the settings are: {', '.join(POLICY_KEYS)}.")
    try:
        new = TeamPolicy.model_validate({**as_json(current), **changes})
    except ValidationError as exc:
        loc = exc.errors()[0]["loc"]
        raise MdtError(f"{rule(str(loc[0]) if loc else POLICY_KEYS[0])}; nothing was changed.") from None
    before, after = as_json(current), as_json(new)
    return {k: after[k] for k in POLICY_KEYS if k in changes and after[k] != before[k]}


def rule(key: str) -> str:
    """What ``key`` takes, as a sentence without its full stop."""
    if key == "falls_tool":
        return "The team policy's falls_tool is frat5 or frat"
    if key == "quorum_roles":
        return "The team policy's quorum_roles are roles separated by commas, from: " + ", ".join(r.value for r in Role)
    bounds = {type(m).__name__: m for m in TeamPolicy.model_fields[key].metadata}
    low, high = getattr(bounds.get("Ge"), "ge", None), getattr(bounds.get("Le"), "le", None)
    return f"The team policy's {key} is a whole number from {low} to {high}"


def parse_value(key: str, text: str) -> Any:
    """What a person typed for ``key`` (a number, a tool name, or roles separated by commas), as a value to
    validate. An unknown key is one clear sentence."""
    if key not in POLICY_KEYS:
        raise MdtError(f"'{key}' is not a team policy setting; the settings are: {', '.join(POLICY_KEYS)}.")
    text = text.strip()
    if key == "quorum_roles":
        return [part.strip() for part in text.split(",") if part.strip()]
    if isinstance(getattr(DEFAULTS, key), int):
        try:
            return int(text)
        except ValueError:
            raise MdtError(f"{rule(key)}, not '{text[:40]}'; nothing was changed.") from None
    return text


def policy_from_rows(rows: dict[str, str]) -> TeamPolicy:
    """The policy from stored JSON text per key (the latest row of each); a key never set is its default.
    A stored value this version cannot read (a newer release's) falls back to the default for that key."""
    values: dict[str, Any] = {}
    for key, text in rows.items():
        if key not in POLICY_KEYS:
            continue
        try:
            candidate = json.loads(text)
            TeamPolicy.model_validate({**values, key: candidate})
        except (ValueError, ValidationError):
            continue
        values[key] = candidate
    return TeamPolicy.model_validate(values)


def adoption_note(migrated: dict[str, Any], ignored: dict[str, Any]) -> str | None:
    """What the person is told, once, when their settings file's policy keys are taken over or set aside."""
    parts = []
    if migrated:
        parts.append(
            "Team policy now lives in the database: your settings file's "
            + ", ".join(f"{k} = {shown(v)}" for k, v in migrated.items())
            + " became the team's policy (audited)."
        )
    if ignored:
        parts.append(
            "Your settings file's "
            + ", ".join(f"{k} = {shown(v)}" for k, v in ignored.items())
            + " differ from the team policy and are no longer used: the team policy (Team policy, from the palette)"
            " applies; ask the team's owner to change it."
        )
    return " ".join(parts) or None
