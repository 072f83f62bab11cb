"""The agenda and households: members kept adjacent, a household discussed as one item."""

from __future__ import annotations

from mdt_tui.errors import MissingRequirement, NotFound
from mdt_tui.models import User
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase


class HouseholdAgenda(_StoreBase):
    # -- the agenda: a household discussed as one item -------------------------------------------
    def household_ids(self, person_ids: list[int]) -> dict[int, int]:
        """person id -> household id, for those of ``person_ids`` in a household."""
        if not person_ids:
            return {}
        return {
            r[0]: r[1]
            for r in self.db.execute(
                f"SELECT person_id, household_id FROM household_members WHERE person_id IN"
                f" ({', '.join('?' * len(person_ids))})",
                person_ids,
            )
        }

    def discuss_together(self, user: User, meeting_id: int, person_id: int) -> list[int]:
        """Make the person's household one agenda item: the other members on this agenda move to follow them
        and share their item (one timer; an outcome is still recorded for each). Returns the item's people."""
        now = self.clock()
        with self.transaction() as db:
            if self._meeting_status(db, meeting_id) == "held":
                raise MissingRequirement("This meeting has been held: its agenda cannot change.")
            cases = db.execute(
                "SELECT id, patient_id FROM meeting_cases WHERE meeting_id = ? ORDER BY position, id", [meeting_id]
            ).fetchall()
            first = next((case_id for case_id, pid in cases if pid == person_id), None)
            if first is None:
                raise NotFound("This person is not on the agenda.")
            row = db.execute("SELECT household_id FROM household_members WHERE person_id = ?", [person_id]).fetchone()
            household = row[0] if row else None
            members = set(self.household_by_id(household).other_people(person_id)) if household else set()
            joined = [case_id for case_id, pid in cases if pid in members]
            if not joined:
                raise MissingRequirement(
                    "No other member of this person's household is on this agenda:"
                    " link the household (H) or add them first (+)."
                )
            order = [case_id for case_id, _ in cases if case_id not in joined]
            at = order.index(first) + 1
            order[at:at] = joined
            for position, case_id in enumerate(order, 1):
                db.execute(
                    "UPDATE meeting_cases SET position = ?, joint_with = ? WHERE id = ?",
                    (position, first if case_id in joined else None, case_id),
                )
            db.execute("UPDATE meeting_cases SET joint_with = NULL WHERE id = ?", [first])
            people = [person_id, *(pid for case_id, pid in cases if case_id in joined)]
            write_audit(db, user, now, "discuss_together", "meeting", meeting_id, None, {"people": people})
        return people

    def joint_cases(self, meeting_id: int) -> dict[int, int]:
        """case id -> the first case of its household item, for every case in a joint item (the first too)."""
        out = {}
        for case_id, first in self.db.execute(
            "SELECT id, joint_with FROM meeting_cases WHERE meeting_id = ? AND joint_with IS NOT NULL", [meeting_id]
        ):
            out[case_id] = out[first] = first
        return out
