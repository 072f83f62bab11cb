"""Service use before and after joining the caseload, against a comparison group: an honest evaluation.

A cohort chosen for high prior use "falls" after any index date by regression to the mean alone, so
the intervention arm's own before/after ratio is never the estimate. The estimate is the ratio of the
two arms' rate ratios (intervention over comparison) with a seeded bootstrap interval (people resampled
within arms). Pure: no store, no clock, no numpy — the same input gives the same output.
"""

from __future__ import annotations

import calendar
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from statistics import median
from typing import Any

OUTCOMES = ("emergency_admission", "ae", "bed_days")
ARMS = ("intervention", "comparison")
MIN_PEOPLE = 30
MIN_MEDIAN_FOLLOW_UP_MONTHS = 6
RESAMPLES = 1000
DAYS_PER_YEAR = 365.25
_FIELD = 1 << 48  # per-person counts are packed into one int so a resample is a single sum

REGRESSION_TO_THE_MEAN = (
    "The cohort was chosen for high prior use, so its use falls after any index date by regression to the "
    "mean alone: the intervention arm's own before/after fall is not an effect of the service; only the "
    "ratio of rate ratios against the comparison arm can suggest one."
)
CANNOT_SHOW = (
    "These figures cannot show cause: the arms are not randomised, the comparison arm (identified, never "
    "consented) may differ in ways the data do not record, and activity missing from the imported files "
    "is counted as none."
)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _amount(event: Mapping[str, Any], outcome: str) -> int:
    """What one event counts towards the outcome: one admission or attendance, or its bed days."""
    if outcome == "bed_days":
        return int(event.get("bed_days") or 0) if event["setting"] == "emergency_admission" else 0
    return 1 if event["setting"] == outcome else 0


def _person_windows(person: Mapping[str, Any], today: date, months: int) -> tuple[date, date, date]:
    """(start of before, index, end of after — exclusive): before excludes the index day, after includes it
    and stops at today (inclusive)."""
    index: date = person["index_date"]
    after_end = min(add_months(index, months), today + timedelta(days=1))
    return add_months(index, -months), index, max(index, after_end)


def person_counts(
    people: list[Mapping[str, Any]], events: Iterable[Mapping[str, Any]], today: date, months: int, outcome: str
) -> dict[str, tuple[int, int, int, int]]:
    """Per person id: (events before, days before, events after, days after) — also the ICB extract's counts."""
    windows = {p["id"]: _person_windows(p, today, months) for p in people}
    before: dict[str, int] = defaultdict(int)
    after: dict[str, int] = defaultdict(int)
    for event in events:
        window = windows.get(event["id"])
        if window is None:
            continue
        amount = _amount(event, outcome)
        if not amount:
            continue
        start, index, end = window
        if start <= event["date"] < index:
            before[event["id"]] += amount
        elif index <= event["date"] < end:
            after[event["id"]] += amount
    return {
        pid: (before[pid], (index - start).days, after[pid], (end - index).days)
        for pid, (start, index, end) in windows.items()
    }


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _arm_summary(counts: list[tuple[int, int, int, int]]) -> dict[str, Any]:
    events_before = sum(c[0] for c in counts)
    events_after = sum(c[2] for c in counts)
    py_before = sum(c[1] for c in counts) / DAYS_PER_YEAR
    py_after = sum(c[3] for c in counts) / DAYS_PER_YEAR
    rate_before, rate_after = _ratio(events_before, py_before), _ratio(events_after, py_after)
    rate_ratio = _ratio(rate_after, rate_before) if rate_after is not None and rate_before else None
    return {
        "people": len(counts),
        "person_years_before": py_before,
        "events_before": events_before,
        "rate_before": rate_before,
        "person_years_after": py_after,
        "events_after": events_after,
        "rate_after": rate_after,
        "rate_ratio": rate_ratio,
    }


def _pack(c: tuple[int, int, int, int]) -> int:
    return ((c[0] * _FIELD + c[1]) * _FIELD + c[2]) * _FIELD + c[3]


def _rate_ratio_of_packed(total: int) -> float | None:
    """The rate ratio of a resample's packed sums (person-years cancel to days)."""
    total, days_after = divmod(total, _FIELD)
    total, events_after = divmod(total, _FIELD)
    events_before, days_before = divmod(total, _FIELD)
    if not (events_before and days_before and days_after):
        return None
    return (events_after / days_after) / (events_before / days_before)


def _quantile(ordered: list[float], q: float) -> float:
    """Linear interpolation between the order statistics around ``q`` (NumPy's default)."""
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _bootstrap(packed: dict[str, list[int]], seed: int) -> tuple[list[float] | None, int]:
    """The 95% interval of the ratio of rate ratios over RESAMPLES resamples, and how many were undefined."""
    rng = random.Random(seed)
    estimates: list[float] = []
    undefined = 0
    for _ in range(RESAMPLES):
        intervention = _rate_ratio_of_packed(sum(rng.choices(packed["intervention"], k=len(packed["intervention"]))))
        comparison = _rate_ratio_of_packed(sum(rng.choices(packed["comparison"], k=len(packed["comparison"]))))
        if intervention is None or not comparison:
            undefined += 1
            continue
        estimates.append(intervention / comparison)
    if len(estimates) < RESAMPLES // 2:
        return None, undefined
    estimates.sort()
    return [_quantile(estimates, 0.025), _quantile(estimates, 0.975)], undefined


def evaluate(
    people: list[Mapping[str, Any]],
    events: Iterable[Mapping[str, Any]],
    *,
    today: date,
    months: int = 12,
    outcome: str = "emergency_admission",
    seed: int = 0,
    chosen_on_prior_use: bool = True,
) -> dict[str, Any]:
    """Each arm's before/after rates and the ratio of rate ratios with a seeded 95% bootstrap interval.

    people: [{"id", "arm": "intervention" | "comparison", "index_date"}]; events: [{"id", "date", "setting",
    "bed_days"}]. ``bed_days`` counts the bed days of emergency admissions.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
    if months < 1:
        raise ValueError("months must be at least 1")
    counts = person_counts(people, events, today, months, outcome)
    by_arm: dict[str, list[tuple[int, int, int, int]]] = {arm: [] for arm in ARMS}
    for person in people:
        by_arm[person["arm"]].append(counts[person["id"]])
    result: dict[str, Any] = {arm: _arm_summary(by_arm[arm]) for arm in ARMS}
    warnings = [REGRESSION_TO_THE_MEAN] if chosen_on_prior_use else []
    insufficient = False
    for arm in ARMS:
        if len(by_arm[arm]) < MIN_PEOPLE:
            insufficient = True
            warnings.append(
                f"The {arm} arm has {len(by_arm[arm])} people, fewer than {MIN_PEOPLE}: no estimate is given."
            )
        elif median(c[3] for c in by_arm[arm]) < MIN_MEDIAN_FOLLOW_UP_MONTHS * DAYS_PER_YEAR / 12:
            insufficient = True
            warnings.append(
                f"The {arm} arm's median follow-up after the index is under "
                f"{MIN_MEDIAN_FOLLOW_UP_MONTHS} months: no estimate is given."
            )
    estimate, ci95 = None, None
    if not insufficient:
        intervention, comparison = result["intervention"]["rate_ratio"], result["comparison"]["rate_ratio"]
        if intervention is not None and comparison:
            estimate = intervention / comparison
            packed = {arm: [_pack(c) for c in by_arm[arm]] for arm in ARMS}
            ci95, undefined = _bootstrap(packed, seed)
            if ci95 is None:
                estimate, insufficient = None, True
                warnings.append("Too few events for a stable interval: no estimate is given.")
            elif undefined:
                warnings.append(
                    f"{undefined} of {RESAMPLES} resamples had no events before the index in an arm "
                    "and were left out of the interval."
                )
        else:
            insufficient = True
            warnings.append("An arm has no events before (or after) the index: no ratio of rate ratios exists.")
    warnings.append(CANNOT_SHOW)
    result.update(ratio_of_rate_ratios=estimate, ci95=ci95, insufficient=insufficient, warnings=warnings)
    return result
