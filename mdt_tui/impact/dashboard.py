"""The INT dashboard's measures (blueprint step 4): month by month, per practice and for ALL, with the
people behind every number. Pure: the store hands in plain facts, this module counts them.

Tracked over time for learning, not for ranking teams.
"""

from __future__ import annotations

import bisect
import calendar
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any, TypeVar

from mdt_tui.pathway import CASELOAD_STAGES, Stage

ALL = "ALL"
HEADER = ("period", "practice_code", "measure", "value")

CODE_MEASURES: dict[str, tuple[str, ...]] = {
    "identified": ("788921000000108", "936221000000104"),
    "not_appropriate": ("1239441000000103",),
    "declined": ("877011000000107",),
    "consented": ("818241000000105",),
    "cga_completed": ("836131000000104",),
    "mdt_reviews": ("1026051000000106",),
}
"""Measures counted from live coded events effective in the month, and the codes each counts."""

MEASURES: dict[str, str] = {
    "identified": "Live coded events 788921000000108 or 936221000000104 (identified by the cohort search) "
    "effective in the month.",
    "not_appropriate": "Live coded events 1239441000000103 (desktop review: not appropriate) effective in the month.",
    "declined": "Live coded events 877011000000107 (integrated care pathway declined) effective in the month.",
    "consented": "Live coded events 818241000000105 (on integrated care pathway) effective in the month.",
    "cga_completed": "Live coded events 836131000000104 (comprehensive geriatric assessment) effective in the month.",
    "mdt_reviews": "Live coded events 1026051000000106 (multi-agency case management review) effective in the month.",
    "on_caseload": "People whose pathway stage at the month's end is on the caseload (CGA due, assessed, planned, "
    "review needed or stepped down).",
    "waiting_first_contact": "People whose pathway stage at the month's end is waiting for first contact.",
    "reviews_overdue": "People on the caseload (not stepped down) at the month's end whose next review date, as "
    "last set by then, had passed.",
    "actions_overdue": "Actions created by the month's end, due before it and not done or cancelled by then.",
    "plans_agreed_with_consent_to_share": "People on the caseload at the month's end whose latest agreed plan by "
    "then records consent to share it.",
    "meetings_held": "MDT meetings held in the month (counted once, under ALL).",
    "cases_discussed": "Cases given an outcome at MDT meetings held in the month.",
    "emergency_admissions_4plus_12m": "People with 4 or more imported emergency admissions in the 12 months up to "
    "the month's end.",
    "experience_asked": "Reviews in the month at which the person was asked the GP Patient Survey support question "
    "and answered (yes, no or don't know).",
    "experience_yes": "Of those, answers 'yes, definitely' or 'yes, to some extent'.",
    "cfs_improved": "People whose Clinical Frailty Scale at a CGA completed in the month was lower than at their "
    "previous completed CGA, with an emergency admission or a triggered review between the two.",
    "readmissions_30d": "Imported emergency admissions in the month that began within 30 days of the discharge "
    "(admission date plus bed days) of the same person's previous emergency admission.",
}
"""Every measure and its one-sentence definition (the README quotes these)."""

EXPERIENCE_QUESTION = (
    "In the last 12 months, have you had enough support from local services or organisations to "
    "help you to manage your condition (or conditions)?"
)
EXPERIENCE_ANSWERS = {
    "yes_definitely": "Yes, definitely",
    "yes_to_some_extent": "Yes, to some extent",
    "no": "No",
    "dont_know": "Don't know",
    "not_asked": "Not asked",
}
"""The GP Patient Survey question asked at each review, and its answers."""

ICB_NOTE = "Small-number suppression: counts of 1 to 7 are shown as *, every other count is rounded to the nearest 5."


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def parse_period(text: str) -> str:
    """'YYYY-MM' checked, or ValueError with one sentence."""
    try:
        year, month = (int(part) for part in text.split("-"))
        if len(text) != 7 or not 1 <= month <= 12 or year < 1900:
            raise ValueError
    except ValueError:
        raise ValueError(f"'{text}' is not a month in the form YYYY-MM") from None
    return f"{year:04d}-{month:02d}"


def month_end(period: str) -> date:
    year, month = int(period[:4]), int(period[5:])
    return date(year, month, calendar.monthrange(year, month)[1])


def periods(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive."""
    out, year, month = [], int(first[:4]), int(first[5:])
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


@dataclass
class Facts:
    """What the store knows, flattened: every tuple's dates are ISO text, people are patient ids."""

    practice: dict[int, str] = field(default_factory=dict)
    events: list[tuple[int, str, str]] = field(default_factory=list)  # (person, code, effective date)
    transitions: list[tuple[int, str, str]] = field(default_factory=list)  # (person, date, to_stage), in order
    next_reviews: list[tuple[int, str, str | None]] = field(default_factory=list)  # (person, set on, next review)
    plans: list[tuple[int, str, bool]] = field(default_factory=list)  # (person, agreed on, consent to share)
    actions: list[tuple[int, str, str | None, str | None]] = field(default_factory=list)  # created, due, closed
    meetings: list[str] = field(default_factory=list)  # held on
    cases: list[tuple[int, str]] = field(default_factory=list)  # (person, held on) for cases with an outcome
    experience: list[tuple[int, str, str]] = field(default_factory=list)  # (person, asked on, answer)
    cfs: list[tuple[int, str, float]] = field(default_factory=list)  # completed CGAs: (person, assessed on, CFS)
    triggers: list[tuple[int, str]] = field(default_factory=list)  # triggered reviews: (person, on)
    admissions: list[tuple[int, str, int | None]] = field(default_factory=list)  # emergency: (person, on, bed days)


@dataclass
class Dashboard:
    """Counts, and the people behind each (period, practice, measure)."""

    periods: list[str]
    practices: list[str]
    values: dict[tuple[str, str, str], int]
    people: dict[tuple[str, str, str], set[int]]

    def value(self, period: str, practice: str, measure: str) -> int:
        return self.values.get((period, practice, measure), 0)

    def series(self, practice: str, measure: str) -> list[int]:
        return [self.value(p, practice, measure) for p in self.periods]

    def rows(self) -> Iterable[tuple[str, str, str, int]]:
        for period in self.periods:
            for practice in [*self.practices, ALL]:
                for measure in MEASURES:
                    if measure == "meetings_held" and practice != ALL:
                        continue
                    yield period, practice, measure, self.value(period, practice, measure)


_V = TypeVar("_V")


def _latest_before(timeline: list[tuple[str, _V]], day: str) -> _V | None:
    """The value of the last (date, value) on or before ``day`` in a date-sorted timeline, or None."""
    at = bisect.bisect_right(timeline, day, key=lambda item: item[0])
    return timeline[at - 1][1] if at else None


def build(facts: Facts, first: str, last: str, today: date | None = None) -> Dashboard:
    """Every measure per month; a state "at the month's end" is taken at ``today`` for the month not yet over."""
    months = periods(first, last)
    ends = {p: min(month_end(p), today or date.max).isoformat() for p in months}
    wanted = set(months)
    board = Dashboard(months, sorted(set(facts.practice.values())), defaultdict(int), defaultdict(set))

    def count(period: str, person: int | None, measure: str, amount: int = 1) -> None:
        places = (ALL,) if person is None else (facts.practice.get(person, ""), ALL)
        for place in places:
            board.values[(period, place, measure)] += amount
            if person is not None:
                board.people[(period, place, measure)].add(person)

    by_code = {code: name for name, codes in CODE_MEASURES.items() for code in codes}
    for person, code, day in facts.events:
        if code in by_code and day[:7] in wanted:
            count(day[:7], person, by_code[code])
    for day in facts.meetings:
        if day[:7] in wanted:
            count(day[:7], None, "meetings_held")
    for person, day, answer in facts.experience:
        if day[:7] in wanted and answer != "not_asked":
            count(day[:7], person, "experience_asked")
            if answer.startswith("yes"):
                count(day[:7], person, "experience_yes")
    for person, day in facts.cases:
        if day[:7] in wanted:
            count(day[:7], person, "cases_discussed")
    _states(facts, months, ends, count)
    _admissions(facts, months, ends, wanted, count)
    _cfs_improved(facts, wanted, count)
    for person, created, due, closed in facts.actions:
        for period in months:
            end = ends[period]
            if created[:10] <= end and due is not None and due < end and (closed is None or closed[:10] > end):
                count(period, person, "actions_overdue")
    return board


def _timelines(rows: Iterable[tuple]) -> dict[int, list[tuple[str, Any]]]:  # Any: the rows' SQLite values
    out: dict[int, list[tuple[str, Any]]] = defaultdict(list)
    for person, day, *value in rows:
        out[person].append((day[:10], value[0] if len(value) == 1 else tuple(value)))
    for timeline in out.values():
        timeline.sort(key=lambda item: item[0])  # stable: same-day steps keep their recorded order
    return out


def _states(facts: Facts, months: Sequence[str], ends: dict[str, str], count) -> None:  # noqa: ANN001
    stages, reviews, plans = _timelines(facts.transitions), _timelines(facts.next_reviews), _timelines(facts.plans)
    caseload = {s.value for s in CASELOAD_STAGES}
    for person, timeline in stages.items():
        for period in months:
            end = ends[period]
            stage = _latest_before(timeline, end)
            if stage == Stage.AWAITING_CONTACT.value:
                count(period, person, "waiting_first_contact")
            if stage not in caseload:
                continue
            count(period, person, "on_caseload")
            review = _latest_before(reviews.get(person, []), end)
            if stage != Stage.STEPPED_DOWN.value and review is not None and review < end:
                count(period, person, "reviews_overdue")
            if _latest_before(plans.get(person, []), end):
                count(period, person, "plans_agreed_with_consent_to_share")


def _admissions(facts: Facts, months: Sequence[str], ends: dict[str, str], wanted: set[str], count) -> None:  # noqa: ANN001
    """The ICB indicators from imported activity: 4+ emergency admissions in a year, 30-day readmissions."""
    by_person: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for person, day, bed_days in facts.admissions:
        by_person[person].append((day, bed_days or 0))
    year_before = {period: f"{int(end[:4]) - 1}{end[4:]}" for period, end in ends.items()}
    for person, stays in by_person.items():
        stays.sort()
        days = [day for day, _ in stays]
        if len(days) >= 4:
            for period in months:
                if bisect.bisect_right(days, ends[period]) - bisect.bisect_right(days, year_before[period]) >= 4:
                    count(period, person, "emergency_admissions_4plus_12m")
        ordinals = [date.fromisoformat(day).toordinal() for day in days]
        for i in range(1, len(stays)):
            gap = ordinals[i] - (ordinals[i - 1] + stays[i - 1][1])  # days from the last discharge
            if 0 <= gap <= 30 and days[i][:7] in wanted:  # a negative gap overlaps the stay: a transfer
                count(days[i][:7], person, "readmissions_30d")


def _cfs_improved(facts: Facts, wanted: set[str], count) -> None:  # noqa: ANN001
    """A lower CFS at a later CGA, after an admission or a triggered review: recovery the team helped."""
    triggers: dict[int, list[str]] = defaultdict(list)
    for person, day in facts.triggers:
        triggers[person].append(day[:10])
    for person, day, _ in facts.admissions:
        triggers[person].append(day[:10])
    scores: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for person, day, score in facts.cfs:
        scores[person].append((day[:10], score))
    for person, cgas in scores.items():
        cgas.sort()
        for (before, earlier), (day, later) in pairwise(cgas):
            if day[:7] in wanted and later < earlier and any(before < t <= day for t in triggers.get(person, ())):
                count(day[:7], person, "cfs_improved")


def suppressed(value: int) -> str:
    """The ICB's small-number rule: 1–7 as '*', other counts rounded to the nearest 5 (0 stays 0)."""
    if 1 <= value <= 7:
        return "*"
    return str(5 * int(value / 5 + 0.5))


def cell_text(value: int, for_icb: bool) -> str:
    return suppressed(value) if for_icb else str(value)


BLOCKS = " ▁▂▃▄▅▆▇█"


def spark(values: Sequence[int]) -> str:
    """A terminal chart of a series: one block per month, scaled to its highest month."""
    most = max(values, default=0)
    if most <= 0:
        return "·" * len(values)
    return "".join("·" if v <= 0 else BLOCKS[max(1, round(8 * v / most))] for v in values)


def svg_bars(values: Sequence[int], width: int = 240, height: int = 40) -> str:
    """The same chart as inline SVG (numbers only, no external files)."""
    most = max(values, default=0) or 1
    step = width / max(len(values), 1)
    bars = "".join(
        f'<rect x="{i * step:.1f}" y="{height - height * v / most:.1f}" width="{step * 0.8:.1f}" '
        f'height="{height * v / most:.1f}"/>'
        for i, v in enumerate(values)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">{bars}</svg>'
    )
