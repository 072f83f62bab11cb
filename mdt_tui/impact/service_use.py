"""A person's service use across the runs of the cohort searches that found them: the MDT's theograph.

Each run reports the twelve months before it, so the runs side by side show whether emergency
admissions and A&E attendances are rising or falling, and how that sits against the person's
pathway (identified, consented, assessed, planned).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from mdt_tui.models import CohortEntry, HistoryEntry

MILESTONES = {
    "identify": "identified",
    "record_consent": "consented",
    "complete_cga": "CGA",
    "complete_mdt_review": "MDT plan",
    "step_down": "stepped down",
    "transfer_to_gsf": "to GSF",
}
"""The pathway steps worth marking on the timeline, and their short names."""


@dataclass(frozen=True)
class RunLine:
    run_date: date
    admissions: int | None
    attendances: int | None
    efi: float | None
    risk_grade: str
    since_last: tuple[str, ...]  # milestones between the previous run and this one


def bar(count: int | None, most: int, width: int = 8) -> str:
    """A row of blocks in proportion to ``count`` (``most`` fills ``width``); '·' for none, '?' if not reported."""
    if count is None:
        return "?"
    if count == 0:
        return "·"
    return "■" * max(1, round(width * count / max(most, 1)))


def timeline(entries: Sequence[CohortEntry], history: Sequence[HistoryEntry]) -> list[RunLine]:
    """One line per run, oldest first, each with the milestones reached since the run before it."""
    runs = sorted(entries, key=lambda e: e.run_date)
    marks = [(h.effective_date, MILESTONES[h.step]) for h in history if h.step in MILESTONES]
    lines, previous = [], date.min
    for entry in runs:
        reached = _counted(name for day, name in marks if previous < day <= entry.run_date)
        lines.append(
            RunLine(
                entry.run_date,
                entry.emergency_admissions_12m,
                entry.ae_attendances_12m,
                entry.efi,
                entry.risk_grade,
                reached,
            )
        )
        previous = entry.run_date
    return lines


def since_latest_run(entries: Sequence[CohortEntry], history: Sequence[HistoryEntry]) -> tuple[str, ...]:
    latest = max((e.run_date for e in entries), default=date.min)
    return _counted(MILESTONES[h.step] for h in history if h.step in MILESTONES and h.effective_date > latest)


def _counted(names: Iterable[str]) -> tuple[str, ...]:
    """Each milestone once, in order, with how many times it was reached if more than once ("MDT plan ×2")."""
    counts = Counter(names)
    return tuple(name if n == 1 else f"{name} ×{n}" for name, n in counts.items())


def trend(lines: Sequence[RunLine]) -> str:
    """How the latest run compares with the first, in words and arrows."""
    if len(lines) < 2:
        return "One search run so far: nothing to compare yet."
    first, last = lines[0], lines[-1]
    parts = [
        _change(label, before, after)
        for label, before, after in (
            ("emergency admissions", first.admissions, last.admissions),
            ("A&E attendances", first.attendances, last.attendances),
        )
    ]
    return f"Since {first.run_date:%d %b %Y}: " + "; ".join(parts) + "."


def _change(label: str, before: int | None, after: int | None) -> str:
    if before is None or after is None:
        return f"{label} not reported in both runs"
    if after == before:
        return f"{label} unchanged at {after}"
    arrow = "↑ up" if after > before else "↓ down"
    return f"{label} {arrow} from {before} to {after}"
