"""Where each part of the CGA sits: the tabs, the sections in each, and the progress of each (no UI code)."""

from __future__ import annotations

from typing import Literal, NamedTuple

from mdt_tui.cga.bundle import (
    LISTS,
    CgaBundle,
    Progress,
    checklist_progress,
    instrument_progress,
    list_progress,
)
from mdt_tui.cga.checklists import CHECKLISTS
from mdt_tui.instruments import INSTRUMENTS, ScoringSettings

TABS: tuple[tuple[str, str], ...] = (
    ("physical", "Physical"),
    ("mental", "Mental"),
    ("social", "Social"),
    ("functional", "Functional"),
    ("medication", "Medication"),
    ("goals", "Goals"),
    ("summary", "Summary"),
)
DOMAIN_TABS = tuple(tab for tab, _ in TABS if tab != "summary")
FALLS_TOOLS = ("frat", "frat5")

# What each tab holds, in order; "@domain" stands for that domain's instruments, as defined.
LAYOUT: dict[str, tuple[str, ...]] = {
    "physical": ("physical_checks",),
    "mental": ("@mental",),
    "social": ("social_checks", "next_of_kin"),
    "functional": ("@functional", "functional_checks"),
    "medication": ("medicines", "medication_review"),
    "goals": ("goals", "advance_care_plan", "elsewhere"),
}

# A tab is done when each group has a done section (the blueprint's bundle) and nothing is half done.
EXPECTED: dict[str, tuple[tuple[str, ...], ...]] = {
    "physical": (("physical_checks",),),
    "mental": (("phq9", "phq2"), ("gad7", "gad2"), ("ucla3", "ons_direct_loneliness"), ("6cit",)),
    "social": (("social_checks",), ("next_of_kin",)),
    "functional": (("cfs",), FALLS_TOOLS, ("must",), ("barthel20", "barthel100"), ("functional_checks",)),
    "medication": (("medicines",), ("medication_review",)),
    "goals": (("goals",), ("advance_care_plan",)),
}


class Section(NamedTuple):
    id: str
    kind: Literal["instrument", "checklist", "list"]
    title: str
    tab: str


def section(section_id: str) -> Section:
    """The section with this id (an instrument, checklist or list id); KeyError if none."""
    if section_id in INSTRUMENTS:
        defn = INSTRUMENTS[section_id]
        return Section(section_id, "instrument", defn.short_name, defn.domain)
    if section_id in CHECKLISTS:
        return Section(section_id, "checklist", CHECKLISTS[section_id].title, _tab_holding(section_id))
    if section_id in LISTS:
        return Section(section_id, "list", LISTS[section_id].title, _tab_holding(section_id))
    raise KeyError(section_id)


def _tab_holding(section_id: str) -> str:
    return next(tab for tab, ids in LAYOUT.items() if section_id in ids)


def tab_sections(tab: str, bundle: CgaBundle, falls_tool: str) -> list[Section]:
    """The sections a tab shows: only the configured falls tool, unless the other one has answers."""
    found: list[Section] = []
    for entry in LAYOUT[tab]:
        if not entry.startswith("@"):
            found.append(section(entry))
            continue
        for instrument_id, defn in INSTRUMENTS.items():
            if defn.domain != entry[1:] or instrument_id == "acb":
                continue
            if instrument_id in FALLS_TOOLS and instrument_id != falls_tool and not bundle.answers.get(instrument_id):
                continue
            found.append(section(instrument_id))
    return found


def section_progress(item: Section, bundle: CgaBundle, scoring: ScoringSettings) -> Progress:
    if item.kind == "instrument":
        return instrument_progress(INSTRUMENTS[item.id], bundle.answers.get(item.id, {}), scoring).status
    if item.kind == "checklist":
        return checklist_progress(CHECKLISTS[item.id], bundle.checklists.get(item.id, {}))
    return list_progress(bundle, item.id)


def tab_progress(tab: str, bundle: CgaBundle, scoring: ScoringSettings, falls_tool: str) -> Progress:
    states = {s.id: section_progress(s, bundle, scoring) for s in tab_sections(tab, bundle, falls_tool)}
    if all(state == "not_started" for state in states.values()):
        return "not_started"
    groups_done = all(any(states.get(i) == "done" for i in group) for group in EXPECTED[tab])
    return "done" if groups_done and "in_progress" not in states.values() else "in_progress"
