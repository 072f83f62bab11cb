"""The completion gate for an MDT review: what a plan still needs before it may be agreed (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from mdt_tui.models import ActionItem, Model
from mdt_tui.plan.records import CarePlan, Missing, Problem


def missing_for_completion(problems: Sequence[Problem], plan: CarePlan, actions: Sequence[ActionItem]) -> list[Missing]:
    """Everything missing, in the order the plan screen shows it; empty when the review can complete."""
    missing: list[Missing] = []
    if not any(p.status == "active" for p in problems):
        missing.append(Missing(field="problems", message="add at least one active problem to the problem list"))
    if plan.lead_member_id is None:
        missing.append(Missing(field="lead_member_id", message="name the lead professional"))
    ready = [a for a in actions if a.status == "open" and a.owner_id is not None and a.due_date is not None]
    if not ready and not plan.no_actions_reason.strip():
        missing.append(
            Missing(
                field="actions",
                message="add an action with an owner and a due date, or record why no actions are needed",
            )
        )
    if plan.next_review is None:
        missing.append(Missing(field="next_review", message="set the next review date"))
    if plan.consent_to_share is None:
        missing.append(
            Missing(field="consent_to_share", message="answer whether the person consents to sharing the plan")
        )
    return missing


# -- agreeing the plan in the meeting (issue 14) --------------------------------------------------------------
IN_PLACE: tuple[str, ...] = ("problems", "lead_member_id", "consent_to_share", "next_review", "actions")
"""The parts of a plan the meeting asks for in place when `1` finds them missing, in the order it asks."""


class AgreedInPlace(Model):
    """What the meeting adds to an incomplete plan as it agrees it: each part only when it was missing."""

    accept_suggestions: bool = False
    """Take the latest CGA's suggested problems as the problem list."""
    lead_member_id: int | None = None
    consent_to_share: bool | None = None
    next_review: date | None = None
    next_review_reason: str = ""
    action_description: str = ""
    action_owner_id: int | None = None
    action_due: date | None = None


def share_from_consent(consent_details: Mapping[str, object] | None) -> bool | None:
    """Consent to share the plan as given with consent to the caseload: yes when the person agreed to share
    their records then; otherwise None (not asked, or declined then: asked again, never assumed)."""
    return True if consent_details and consent_details.get("share_records") is True else None


def still_missing(missing: Sequence[Missing], parts: AgreedInPlace) -> list[Missing]:
    """What the meeting's answers leave missing (those that cannot be given in place always stay)."""
    given = {
        "problems": parts.accept_suggestions,
        "lead_member_id": parts.lead_member_id is not None,
        "consent_to_share": parts.consent_to_share is not None,
        "next_review": parts.next_review is not None,
        "actions": bool(parts.action_description.strip())
        and parts.action_owner_id is not None
        and parts.action_due is not None,
    }
    return [m for m in missing if not given.get(m.field, False)]
