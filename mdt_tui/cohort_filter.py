"""The cohort table's filter line: free words plus `status:`, `practice:`, `segment:`, `risk:` terms.

    frail status:awaiting practice:x99001 risk:high
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mdt_tui.finder import fold
from mdt_tui.pathway import Stage

KEYS = ("status", "practice", "segment", "risk")
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

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.stages is not None or self.practices or self.segments or self.risks)


def stages_matching(value: str) -> frozenset[Stage]:
    """Stages whose name or label contains the value: 'awaiting' → both awaiting stages."""
    needle = fold(value).replace(" ", "_")
    return frozenset(s for s in Stage if needle in s.value or needle.replace("_", " ") in fold(s.label))


def parse_filter(text: str) -> CohortFilter:
    words, practices, segments, risks, unknown = [], [], [], [], []
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
        else:
            unknown.append(token)
    return CohortFilter(tuple(words), frozenset(stages) if stages is not None else None, tuple(practices),
                        tuple(segments), tuple(risks), tuple(unknown))
