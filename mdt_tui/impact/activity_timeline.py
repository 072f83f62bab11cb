"""A person's imported contacts month by month (the theograph's dated view), with the caseload entry and MDT
reviews marked in the months they happened."""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from mdt_tui.impact.activity import SETTINGS, Contact
from mdt_tui.impact.evaluation import add_months
from mdt_tui.models import HistoryEntry

SETTING_LABELS = {
    "ae": "A&E",
    "emergency_admission": "Emergency adm.",
    "elective_admission": "Elective adm.",
    "outpatient": "Outpatient",
    "gp": "GP",
    "community": "Community",
    "social_care": "Social care",
}
MARKS = {"record_consent": "C", "complete_mdt_review": "R"}
"""Caseload entry (consent) and MDT reviews, as one letter in their month."""
DIGITS = "·" + string.digits[1:]  # a month's count as one character: · for none, then 1–9


@dataclass(frozen=True)
class MonthGrid:
    months: list[date]  # the first day of each month shown, oldest first
    rows: dict[str, list[int]]  # setting -> contacts per month (only settings with any contact)
    bed_days: list[int]
    marks: list[str]  # per month: 'C' caseload entry, 'R' MDT review (several letters if several)


def month_grid(
    contacts: Sequence[Contact], history: Sequence[HistoryEntry], today: date, months: int = 18
) -> MonthGrid:
    first = add_months(today.replace(day=1), -(months - 1))
    shown = [add_months(first, i) for i in range(months)]
    index = {(m.year, m.month): i for i, m in enumerate(shown)}
    counts: dict[str, list[int]] = {s: [0] * months for s in SETTINGS}
    bed_days = [0] * months
    for day, setting, beds in contacts:
        i = index.get((day.year, day.month))
        if i is not None:
            counts[setting][i] += 1
            bed_days[i] += beds or 0
    marks = [""] * months
    for h in history:
        i = index.get((h.effective_date.year, h.effective_date.month))
        if i is not None and h.step in MARKS:
            marks[i] += MARKS[h.step]
    return MonthGrid(shown, {s: c for s, c in counts.items() if any(c)}, bed_days, marks)


def cell(count: int) -> str:
    """One character per month: '·' none, 1–9, '+' for ten or more."""
    return DIGITS[count] if count < 10 else "+"


def summary(contacts: Sequence[Contact]) -> str:
    totals = Counter(setting for _, setting, _ in contacts)
    return ", ".join(f"{SETTING_LABELS[s]} {totals[s]}" for s in SETTINGS if totals[s])
