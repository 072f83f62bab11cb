"""When to review next: a date suggested from complexity (Clinical Frailty Scale, end of life) and the team policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from mdt_tui.models import PersonSummary
from mdt_tui.team_policy import TeamPolicy


@dataclass(frozen=True, slots=True)
class TriggeredReview:
    """A person marked "review needed": what triggered it (in the team's words) and since when."""

    person: PersonSummary
    trigger: str
    since: date


TRIGGERS: tuple[str, ...] = (
    "Hospital admission",
    "A&E attendance",
    "Deterioration",
    "Carer crisis",
    "Disease progression",
)
"""Events that call for a review before the date set (the user may also describe another)."""

CFS_MISSING = "CFS missing — record it or choose the interval"
"""Instruments.md Revision 2: with no CFS the app does not guess (it used to offer the longest interval)."""


def suggest_next_review(cfs: int | None, end_of_life: bool, policy: TeamPolicy, today: date) -> tuple[date | None, str]:
    """The suggested next review date and the rule that chose it; (None, CFS_MISSING) when no CFS is recorded
    and nothing else (end of life) decides: the user must then choose the interval."""
    if end_of_life or (cfs is not None and cfs >= 7):
        weeks = policy.review_weeks_severe
        why = "end of life" if end_of_life else f"CFS {cfs} (7–9)"
    elif cfs is not None and cfs >= 5:
        weeks, why = policy.review_weeks_moderate, f"CFS {cfs} (5–6)"
    elif cfs is not None:
        weeks, why = policy.review_weeks_default, f"CFS {cfs} (1–4)"
    else:
        return None, CFS_MISSING
    return today + timedelta(weeks=weeks), f"{weeks} weeks: {why}"
