"""The INT maturity self-assessment: the blueprint's Emerging / Maturing / Independent checklists, answered as
dated entries with a note per item. A team reaches a level when every item of it, and of the levels below,
is in place; tracked for learning, never for comparing teams."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

LEVELS = ("Emerging", "Maturing", "Independent")
ANSWERS = {"yes": "in place", "partly": "partly", "no": "not yet"}

CHECKLISTS: dict[str, tuple[tuple[str, str], ...]] = {
    "Emerging": (
        ("defined_population", "A defined population and purpose"),
        ("core_partners", "Core partners engaged"),
        ("leadership", "Leadership agreed"),
        ("data_sharing", "Data sharing agreed between the partners"),
        ("care_coordinator", "Role filled: care coordinator"),
        ("named_lead", "Role filled: named lead professional"),
        ("integrator", "Role filled: integrator"),
        ("agreed_processes", "Agreed processes"),
        ("searches_coded", "Searches run and coded"),
    ),
    "Maturing": (
        ("wider_partners", "Wider partners engaged"),
        ("partners_contribute", "All partners contributing to plans"),
        ("impact_monitoring", "Impact monitoring"),
        ("single_point_of_access", "A single point of access"),
        ("shared_assessment_plan", "A shared assessment and plan"),
    ),
    "Independent": (
        ("shared_resource", "A fully shared resource"),
        ("single_record", "A single record"),
    ),
}
ITEMS = {key: (level, text) for level, items in CHECKLISTS.items() for key, text in items}


@dataclass(frozen=True)
class MaturityEntry:
    assessed_on: date
    item: str
    answer: str
    note: str
    by_name: str


def current_answers(entries: Iterable[MaturityEntry]) -> dict[str, MaturityEntry]:
    """Each item's latest entry (entries in the order they were recorded)."""
    latest: dict[str, MaturityEntry] = {}
    for entry in sorted(entries, key=lambda e: e.assessed_on):  # stable: same-day entries keep their order
        latest[entry.item] = entry
    return latest


def level(answers: Mapping[str, MaturityEntry]) -> tuple[str, str]:
    """The level reached and a line saying what is in place at the next one."""
    reached = "Emerging"
    for name in LEVELS:
        items = CHECKLISTS[name]
        done = sum(1 for key, _ in items if key in answers and answers[key].answer == "yes")
        if done < len(items):
            return reached, f"{done} of {len(items)} {name} items in place"
        reached = name
    return reached, "every item in place"


def history(entries: Iterable[MaturityEntry]) -> list[tuple[date, str]]:
    """The level as it stood at the end of each day an entry was made, oldest first."""
    entries = sorted(entries, key=lambda e: e.assessed_on)
    out: list[tuple[date, str]] = []
    for day in sorted({e.assessed_on for e in entries}):
        out.append((day, level(current_answers(e for e in entries if e.assessed_on <= day))[0]))
    return out
