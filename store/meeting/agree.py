"""Agreeing a plan inside the meeting: the missing parts given in place, then the outcome, as one write (issue 14)."""

from __future__ import annotations

from mdt_tui.errors import MdtError
from mdt_tui.meeting.agenda import Outcome
from mdt_tui.models import User
from mdt_tui.plan.gate import AgreedInPlace
from mdt_tui.store.base import _StoreBase


class MeetingAgree(_StoreBase):
    """Mixed into Store; relies on the problem, plan and meeting writes."""

    def consent_share(self, person_id: int) -> tuple[dict, str] | None:
        """The details of the person's consent to the caseload that still stands, with its date as words."""
        for step in reversed(self.history(person_id)):
            if step.step == "record_consent" and step.corrected_reason is None:
                return step.details, f"{step.effective_date:%d %b %Y}"
        return None

    def agree_plan_at_meeting(
        self, user: User, meeting_id: int, person_id: int, parts: AgreedInPlace, *, seconds_spent: int = 0
    ) -> list[int]:
        """The parts the meeting gave (the CGA's suggested problems, the named lead, consent to share, the next
        review, one action) and "plan agreed", all or nothing: if the plan still cannot be agreed, nothing
        is kept (``ReviewIncomplete`` names what is missing). Returns the coded event ids of the outcome."""
        with self.transaction():
            self._open_meeting(self.db, meeting_id)  # a held meeting: refused before anything is written
            if parts.accept_suggestions:
                suggestions = self.suggested_problems(person_id)
                if not suggestions:
                    raise MdtError("The CGA suggests no problems to accept: l opens the plan, where + adds one.")
                for suggestion in suggestions:
                    self.accept_suggested_problem(user, person_id, suggestion.rule)
            fields = {
                key: value
                for key, value in (
                    ("lead_member_id", parts.lead_member_id),
                    ("consent_to_share", parts.consent_to_share),
                    ("next_review", parts.next_review),
                    ("next_review_reason", parts.next_review_reason if parts.next_review else None),
                )
                if value is not None
            }
            if fields:
                self.save_plan(user, person_id, based_on=None, **fields)
            if parts.next_review is not None:
                self.record_review_date(
                    user, meeting_id, person_id, parts.next_review, reason=parts.next_review_reason or "agreed"
                )
            if parts.action_description.strip():
                self.record_action(
                    user,
                    meeting_id,
                    person_id,
                    description=parts.action_description,
                    owner_id=parts.action_owner_id,
                    due=parts.action_due,
                )
            return self.record_outcome(user, meeting_id, person_id, Outcome.PLAN_AGREED, seconds_spent=seconds_spent)
