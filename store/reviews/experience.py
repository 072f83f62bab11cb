"""The person's own experience at each review: the GP Patient Survey's support question (append-only)."""

from __future__ import annotations

from datetime import date

from mdt_tui.errors import MdtError
from mdt_tui.impact.dashboard import EXPERIENCE_ANSWERS
from mdt_tui.models import User
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.connection import inserted_id


class ExperienceWrites(_StoreBase):
    def record_experience(self, user: User, person_id: int, answer: str, *, on: date) -> int:
        """One answer to the support question, asked at a review on ``on``."""
        if answer not in EXPERIENCE_ANSWERS:
            raise MdtError("Answer yes, definitely; yes, to some extent; no; don't know; or not asked.")
        now = self.clock()
        with self.transaction() as db:
            row_id = inserted_id(
                db.execute(
                    "INSERT INTO review_experience (patient_id, asked_on, answer, by_name, recorded_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (person_id, on.isoformat(), answer, user.name, now.isoformat(timespec="seconds")),
                )
            )
            write_audit(
                db, user, now, "record_experience", "patient", person_id, None, {"answer": answer, "on": on.isoformat()}
            )
        return row_id

    def experience_answers(self, person_id: int) -> list[tuple[date, str]]:
        return [
            (date.fromisoformat(on), answer)
            for on, answer in self.db.execute(
                "SELECT asked_on, answer FROM review_experience WHERE patient_id = ? ORDER BY asked_on, id", [person_id]
            )
        ]
