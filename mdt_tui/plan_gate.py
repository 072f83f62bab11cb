"""The completion gate for an MDT review: what a plan still needs before it may be agreed (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from mdt_tui.models import ActionItem
from mdt_tui.plans import CarePlan, Missing, Problem


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
