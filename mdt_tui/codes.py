"""The SNOMED CT concepts the pathway records, exactly as blueprint.md lists them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Concept:
    code: str
    term: str


AT_RISK_OF_EMERGENCY_ADMISSION = Concept("788921000000108", "At risk of emergency hospital admission")
ELIGIBLE_FOR_INTEGRATED_CARE_PATHWAY = Concept("936221000000104", "Eligible for integrated care pathway")
ASSESSMENT_NOT_APPROPRIATE = Concept(
    "1239441000000103", "Proactive care needs assessment not appropriate"
)
PATHWAY_DECLINED = Concept("877011000000107", "Integrated care pathway declined")
ON_PATHWAY = Concept("818241000000105", "On integrated care pathway")
CGA_RECORDED = Concept("836131000000104", "Subject of comprehensive geriatric assessment")
MDT_REVIEW_COMPLETED = Concept("1026051000000106", "Multi-agency case management review")

PATHWAY_CONCEPTS: tuple[Concept, ...] = (
    AT_RISK_OF_EMERGENCY_ADMISSION,
    ELIGIBLE_FOR_INTEGRATED_CARE_PATHWAY,
    ASSESSMENT_NOT_APPROPRIATE,
    PATHWAY_DECLINED,
    ON_PATHWAY,
    CGA_RECORDED,
    MDT_REVIEW_COMPLETED,
)

TERMS: dict[str, str] = {c.code: c.term for c in PATHWAY_CONCEPTS}
