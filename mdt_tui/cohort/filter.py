"""The cohort table's filter line: free words plus `status:`, `practice:`, `segment:`, `risk:`, `search:` terms.

    frail status:awaiting practice:x99001 risk:high search:left

`search:left` is who the latest run of their search no longer finds; `search:new` is who the latest
run found and the run before it did not (everyone, after a search's first run).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mdt_tui.finder import fold
from mdt_tui.pathway import Stage

KEYS = ("status", "practice", "segment", "risk", "search")
SEARCH_WORDS = ("left", "new")
SORTABLE = {
    "name": "p.family_name, p.given_name",
    "age": "p.date_of_birth",
    "nhs": "p.nhs_number",
    "practice": "p.practice_code",
    "segment": "ce.segment",
    "risk": "CASE ce.risk_grade WHEN 'High' THEN 0 WHEN 'Medium' THEN 1 WHEN 'Low' THEN 2 ELSE 3 END",
    "efi": "ce.efi",
    "cfs": "ce.cfs",
    "admissions": "ce.emergency_admissions_12m",
    "ae": "ce.ae_attendances_12m",
    "status": "p.stage",
    "identified": "p.identified_on",
}


@dataclass(frozen=True)
class CohortFilter:
    words: tuple[str, ...] = ()
    stages: frozenset[Stage] | None = None
    practices: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()
    unknown: tuple[str, ...] = field(default=())
    search: frozenset[str] = frozenset()  # "left" and/or "new": either matches


def stages_matching(value: str) -> frozenset[Stage]:
    """Stages whose name or label contains the value: 'awaiting' → both awaiting stages."""
    needle = fold(value).replace(" ", "_")
    return frozenset(s for s in Stage if needle in s.value or needle.replace("_", " ") in fold(s.label))


def parse_filter(text: str) -> CohortFilter:
    words, practices, segments, risks, unknown, search = [], [], [], [], [], set()
    stages: set[Stage] | None = None
    for token in text.split():
        key, sep, value = token.partition(":")
        key = key.lower()
        if not sep or not value:
            words.append(fold(token))
        elif key == "status":
            stages = (stages or set()) | stages_matching(value)
        elif key == "practice":
            practices.append(value.upper())
        elif key == "segment":
            segments.append(fold(value))
        elif key == "risk":
            risks.append(value.capitalize())
        elif key == "search" and value.lower() in SEARCH_WORDS:
            search.add(value.lower())
        else:
            unknown.append(token)
    return CohortFilter(
        tuple(words),
        frozenset(stages) if stages is not None else None,
        tuple(practices),
        tuple(segments),
        tuple(risks),
        tuple(unknown),
        frozenset(search),
    )
