"""Review and improve: triggered reviews, step-down, transfer to GSF, and who is due or overdue a review."""

from __future__ import annotations

import json
from datetime import date, timedelta

from mdt_tui.errors import MissingRequirement
from mdt_tui.models import PersonSummary, User
from mdt_tui.pathway import CASELOAD_STAGES, Stage
from mdt_tui.reviews.dates import TriggeredReview
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.queries import _SUMMARY_SQL, summary_from_row

DUE_WITHIN_DAYS = 7
"""A review falling within this many days from today is "due"."""

_REVIEWABLE = tuple(s.value for s in CASELOAD_STAGES if s is not Stage.STEPPED_DOWN)


class ReviewWrites(_StoreBase):
    """Mixed into Store; relies on ``take_step`` and ``_stage_of``."""

    def trigger_review(self, user: User, person_id: int, *, trigger: str, on: date, note: str = "") -> int:
        """An event (admission, A&E attendance, deterioration, carer crisis, disease progression…)
        marks the person "review needed" with the trigger; returns the transition id."""
        if not trigger.strip():
            raise MissingRequirement("Say what triggered the review (e.g. hospital admission).")
        return self.take_step(
            user, person_id, "mark_review_due", on=on, details={"trigger": trigger.strip(), "note": note.strip()}
        )

    def step_down(self, user: User, person_id: int, *, reason: str, on: date) -> int:
        """No further benefit from MDT care: the person stays on the caseload as stepped down."""
        return self._leave_reviews(user, person_id, "step_down", reason, on)

    def transfer_to_gsf(self, user: User, person_id: int, *, reason: str, on: date) -> int:
        """Hand on to the palliative-care (Gold Standards Framework) meetings."""
        return self._leave_reviews(user, person_id, "transfer_to_gsf", reason, on)

    def reviews_due(self, today: date) -> list[PersonSummary]:
        """People on the caseload whose next review is today or within the next 7 days."""
        return self._reviews(
            "p.next_review >= ? AND p.next_review < ?",
            [today.isoformat(), (today + timedelta(days=DUE_WITHIN_DAYS)).isoformat()],
        )

    def reviews_overdue(self, today: date) -> list[PersonSummary]:
        """People on the caseload whose next review date has passed."""
        return self._reviews("p.next_review < ?", [today.isoformat()])

    def triggered_reviews(self) -> list[TriggeredReview]:
        """People marked "review needed", with what triggered it and since when, longest waiting first."""
        rows = self.db.query(
            _SUMMARY_SQL.replace(
                "SELECT ",
                "SELECT (SELECT details FROM pathway_transitions t WHERE t.patient_id"
                " = p.id AND t.name = 'mark_review_due' ORDER BY t.id DESC LIMIT 1) AS trig,"
                " p.stage_since, ",
                1,
            )
            + " WHERE p.stage = ? ORDER BY p.stage_since, p.id",
            [Stage.REVIEW_DUE.value],
        )
        return [
            TriggeredReview(
                summary_from_row(r),
                json.loads(r["trig"] or "{}").get("trigger", ""),
                date.fromisoformat(r["stage_since"]),
            )
            for r in rows
        ]

    # -- internals --------------------------------------------------------------------------
    def _reviews(self, where: str, params: list) -> list[PersonSummary]:
        stages = ", ".join("?" * len(_REVIEWABLE))
        return [
            summary_from_row(r)
            for r in self.db.query(
                _SUMMARY_SQL + f" WHERE p.stage IN ({stages}) AND p.next_review IS NOT NULL AND {where}"
                " ORDER BY p.next_review, p.family_name",
                [*_REVIEWABLE, *params],
            )
        ]

    def _leave_reviews(self, user: User, person_id: int, step: str, reason: str, on: date) -> int:
        if not reason.strip():
            raise MissingRequirement("Give a reason: nobody leaves MDT reviews without one.")
        with self.transaction() as db:
            transition_id = self._apply(
                db, user, person_id, self._stage_of(db, person_id), step, on, {"reason": reason.strip()}
            )
            before = db.execute("SELECT next_review FROM patients WHERE id = ?", [person_id]).fetchone()[0]
            if before is not None:
                db.execute("UPDATE patients SET next_review = NULL WHERE id = ?", [person_id])
                write_audit(
                    db,
                    user,
                    self.clock(),
                    "set_next_review",
                    "patient",
                    person_id,
                    {"next_review": before},
                    {"next_review": None, "reason": step.replace("_", " ")},
                )
        return transition_id
