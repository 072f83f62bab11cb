"""The MDT review's records: prioritised problems, the Care and Support Plan and its frozen versions (no UI, no SQL)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from mdt_tui.errors import MdtError
from mdt_tui.models import ActionItem, Model, OptionalText, Text

Domain = Literal["physical", "mental", "social", "functional", "medication"]
DOMAINS: tuple[str, ...] = ("physical", "mental", "social", "functional", "medication")
AcpStatus = Literal["respect", "peace", "other", "in_discussion", "declined", "none"]
ACP_LABELS: dict[str, str] = {
    "respect": "ReSPECT",
    "peace": "PEACE",
    "other": "Other advance care plan",
    "in_discussion": "In discussion",
    "declined": "Declined",
    "none": "None",
}
MONITORING_LEVELS: dict[int, str] = {
    0: "0 — none",
    1: "1 — basic intermittent observations or patient-reported scores",
    2: "2 — higher-frequency, wearables or home sensors, outliers shared",
    3: "3 — continuous devices or ambient monitoring with alerting",
}
# Which domain each CGA suggestion rule belongs to (cga_problems.RULES and friends).
SUGGESTION_DOMAINS: dict[str, str] = {
    "self_harm_risk": "mental",
    "depression": "mental",
    "anxiety": "mental",
    "loneliness": "social",
    "cognition": "mental",
    "frailty": "physical",
    "falls": "physical",
    "nutrition": "physical",
    "anticholinergic_burden": "medication",
    "dependency": "functional",
    "safeguarding": "social",
    "carer_strain": "social",
    "no_advance_care_plan": "physical",
}


class ProblemDraft(Model):
    """A problem as the user types it (or as accepted from a CGA suggestion, source kept)."""

    title: Text
    domain: Domain = "physical"
    status: Literal["active", "resolved"] = "active"
    key_risks: OptionalText = ""
    goals: tuple[str, ...] = ()
    """Linked goals, in the person's own words, from the CGA's "what matters to me"."""
    management_plan: OptionalText = ""
    """The management plan for this problem (the plan's "management plan per problem")."""
    source: OptionalText = ""
    """Where a suggested problem came from (e.g. "PHQ-9 12 (moderate)"); empty when added by hand."""
    suggestion_key: str | None = None
    """The CGA suggestion rule it was accepted from, if any."""


class Problem(ProblemDraft):
    """A stored problem; ``position`` is its priority (1 = top) among the active problems."""

    id: int
    person_id: int
    position: int
    created_by: str = ""


class CarePlan(Model):
    """The Care and Support Plan: the working draft, or the plan frozen in a version."""

    lead_member_id: int | None = None
    """The named lead professional (a team member); may differ from the care coordinator."""
    care_coordinator_id: int | None = None
    acp_status: AcpStatus | None = None
    acp_date: date | None = None
    acp_held_where: OptionalText = ""
    escalation_plan: OptionalText = ""
    """Treatment escalation plan."""
    crisis_plan: OptionalText = ""
    """Who the person or carer calls, what happens, out of hours."""
    medication_plan: OptionalText = ""
    """Changes, deprescribing, structured medication review requested."""
    coordination_plan: OptionalText = ""
    """Consolidated appointments; services and specialties involved."""
    monitoring_level: int | None = Field(None, ge=0, le=3)
    monitoring_what: OptionalText = ""
    extra_support: OptionalText = ""
    carer_support: OptionalText = ""
    """Household and carer support."""
    consent_to_share: bool | None = None
    """None until the question is answered."""
    share_with: OptionalText = ""
    key_contacts: OptionalText = ""
    next_review: date | None = None
    next_review_reason: OptionalText = ""
    no_actions_reason: OptionalText = ""
    """An explicit "no actions needed", with why; stands in for actions at completion."""


PLAN_FIELDS: tuple[str, ...] = tuple(CarePlan.model_fields)
# Cleared when a new draft starts from the last version: each review sets its own.
PER_REVIEW_RESET: dict[str, object] = {"next_review": None, "next_review_reason": "", "no_actions_reason": ""}


class PlanSnapshot(Model):
    """A plan with its problems and actions: the draft being worked on, or a frozen version."""

    plan: CarePlan
    problems: tuple[Problem, ...] = ()
    actions: tuple[ActionItem, ...] = ()


class PlanVersion(PlanSnapshot):
    """The plan as agreed at one completed MDT review."""

    number: int
    person_id: int
    completed_on: date
    completed_by: str
    meeting_id: int | None = None


class Missing(Model):
    """One thing a review still needs before it can be completed."""

    field: str
    message: str


class ReviewIncomplete(MdtError):
    """Completing the MDT review was refused; ``missing`` says exactly what is needed."""

    def __init__(self, missing: list[Missing]) -> None:
        self.missing = missing
        super().__init__("The review cannot be completed yet: " + "; ".join(m.message for m in missing) + ".")


def plan_fields_error(fields: dict) -> str | None:
    """A sentence naming fields that are not part of the plan, or None."""
    unknown = sorted(set(fields) - set(PLAN_FIELDS))
    return (
        f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not part of the care plan." if unknown else None
    )


FIELD_LABELS: dict[str, str] = {
    "lead_member_id": "Named lead professional",
    "care_coordinator_id": "Care coordinator",
    "acp_status": "Advance care plan",
    "acp_date": "Advance care plan date",
    "acp_held_where": "Advance care plan held at",
    "escalation_plan": "Treatment escalation plan",
    "crisis_plan": "Crisis plan",
    "medication_plan": "Medication plan",
    "coordination_plan": "Care coordination plan",
    "monitoring_level": "Remote monitoring level",
    "monitoring_what": "Remote monitoring: what",
    "extra_support": "Extra care, services and support",
    "carer_support": "Household and carer support",
    "consent_to_share": "Consent to share the plan",
    "share_with": "Shared with",
    "key_contacts": "Key contacts",
    "next_review": "Next review",
    "next_review_reason": "Next review: why that date",
    "no_actions_reason": "No actions needed because",
}


def describe(plan: CarePlan, name: str, members: dict[int, str] | None = None) -> str:
    """One plan field as words (members maps team member ids to names); "" when not set."""
    value = getattr(plan, name)
    if value is None:
        return ""
    if name in ("lead_member_id", "care_coordinator_id"):
        return (members or {}).get(value, f"team member {value}")
    if name == "acp_status":
        return ACP_LABELS[value]
    if name == "monitoring_level":
        return MONITORING_LEVELS[value]
    if name == "consent_to_share":
        return "yes" if value else "no"
    if isinstance(value, date):
        return f"{value:%d %b %Y}"
    return str(value)


def problem_line(problem: Problem) -> str:
    """A problem as one line: title, domain, status when resolved, and its source."""
    extra = [problem.domain] + (["resolved"] if problem.status == "resolved" else [])
    line = f"{problem.title} ({', '.join(extra)})"
    return line + (f" — from {problem.source}" if problem.source else "")
