"""When to review next: a date suggested from complexity (Clinical Frailty Scale, end of life) and the settings."""

from __future__ import annotations

from datetime import date, timedelta

from mdt_tui.settings import Settings

TRIGGERS: tuple[str, ...] = ("Hospital admission", "A&E attendance", "Deterioration", "Carer crisis",
                             "Disease progression")
"""Events that call for a review before the date set (the user may also describe another)."""


def suggest_next_review(cfs: int | None, end_of_life: bool, settings: Settings, today: date) -> tuple[date, str]:
    """The suggested next review date and the rule that chose it."""
    if end_of_life or (cfs is not None and cfs >= 7):
        weeks = settings.review_weeks_severe
        why = "end of life" if end_of_life else f"CFS {cfs} (7–9)"
    elif cfs is not None and cfs >= 5:
        weeks, why = settings.review_weeks_moderate, f"CFS {cfs} (5–6)"
    else:
        weeks = settings.review_weeks_default
        why = f"CFS {cfs} (1–4)" if cfs is not None else "no CFS recorded"
    return today + timedelta(weeks=weeks), f"{weeks} weeks: {why}"
