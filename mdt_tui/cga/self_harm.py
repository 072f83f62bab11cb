"""PHQ-9 item 9 (thoughts of self-harm): the same-day action that must be recorded before the CGA goes on.

An answer above 0 is a same-day safety matter, not a suggestion for the next MDT (instruments.md
"Revision 2"). It is asked on the PHQ-2 route too, stored beside the PHQ-2 answers and scored
separately. Until a named clinician's same-day risk assessment and its outcome are recorded, the
person heads the home screen, their person screen and their meeting summary.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict

from mdt_tui.instruments import INSTRUMENTS, Item
from mdt_tui.roles import CLINICAL, Role

ITEM_ID = "q9"
# Where a self-harm answer is stored: the PHQ-9's own item 9, and item 9 asked on the PHQ-2 route.
ROUTES: tuple[str, ...] = ("phq9", "phq2")
ROUTE_LABELS = {"phq9": "PHQ-9 item 9", "phq2": "PHQ-9 item 9 (asked with the PHQ-2)"}
PENDING_WORDS = "self-harm answer not yet actioned"


class Outcome(str, Enum):
    SAFETY_PLAN = "safety_plan"
    REFERRED = "referred"
    EMERGENCY = "emergency"
    OTHER = "other"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.SAFETY_PLAN: "Risk assessed — safety plan agreed",
    Outcome.REFERRED: "Referred to crisis team or GP today",
    Outcome.EMERGENCY: "Emergency services called",
    Outcome.OTHER: "Other (say what)",
}


def item9() -> Item:
    """PHQ-9 item 9 as the PHQ-9 defines it (the PHQ-2 route asks the same question)."""
    return INSTRUMENTS["phq9"].item(ITEM_ID)


def extra_item(instrument_id: str, item_id: str) -> Item | None:
    """Item 9 on the PHQ-2 route, which the PHQ-2's own definition does not hold; else None."""
    if instrument_id == "phq2" and item_id == ITEM_ID and ITEM_ID not in {i.id for i in INSTRUMENTS["phq2"].items}:
        return item9()
    return None


def positive_answer(answers: dict[str, dict[str, Any]]) -> tuple[str, int] | None:
    """The route and value of an item 9 answer above 0 in a CGA's answers, or None."""
    for route in ROUTES:
        value = answers.get(route, {}).get(ITEM_ID)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return route, value
    return None


def clinician_refusal(role: Role) -> str | None:
    """Why a team member in this role cannot be named as doing the same-day risk assessment."""
    if role in CLINICAL:
        return None
    return (
        f"A {role.label.lower()} cannot do the same-day risk assessment: name a clinician "
        "(GP, nurse, care coordinator, pharmacist, geriatrician, mental health, palliative care or therapist)."
    )


class SelfHarmAction(BaseModel):
    """Who is doing the same-day risk assessment after a positive item 9, and what came of it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person_id: int
    cga_id: int
    route: str
    answer: int
    clinician_id: int
    clinician_name: str
    clinician_role: Role
    outcome: Outcome
    detail: str = ""
    recorded_at: datetime
    recorded_by: str

    def line(self, *, private: bool = False) -> str:
        """One line for screens and minutes; privacy mode names the clinician's role only."""
        who = self.clinician_role.label if private else f"{self.clinician_name} ({self.clinician_role.label})"
        outcome = self.outcome.label if self.outcome is not Outcome.OTHER else f"Other: {self.detail}"
        return (
            f"Self-harm answer ({ROUTE_LABELS.get(self.route, self.route)} = {self.answer}) actioned"
            f" {self.recorded_at:%d %b %Y}: same-day risk assessment by {who} — {outcome}"
        )


class PendingSelfHarm(BaseModel):
    """A positive item 9 answer with no same-day action recorded yet."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person_id: int
    cga_id: int
    route: str
    answer: int
    answered_on: date

    def line(self) -> str:
        return (
            f"! SELF-HARM ANSWER NOT YET ACTIONED: {ROUTE_LABELS.get(self.route, self.route)} = {self.answer}"
            f" on {self.answered_on:%d %b %Y} — record today's risk assessment in the CGA"
        )
