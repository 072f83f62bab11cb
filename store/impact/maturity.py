"""The maturity self-assessment: append-only, dated entries (one per item answered), audited."""

from __future__ import annotations

from datetime import date

from mdt_tui.errors import MdtError
from mdt_tui.impact.maturity import ANSWERS, ITEMS, MaturityEntry
from mdt_tui.models import User
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.connection import inserted_id


class MaturityWrites(_StoreBase):
    def record_maturity(self, user: User, item: str, answer: str, note: str, *, on: date) -> int:
        """One dated answer to one checklist item, with its note (why it is, or is not yet, in place)."""
        if item not in ITEMS:
            raise MdtError(f"'{item}' is not an item of the maturity checklists.")
        if answer not in ANSWERS:
            raise MdtError("Answer yes, partly or no.")
        note = note.strip()
        if not note:
            raise MdtError("Add a note: what is in place, or what is missing.")
        now = self.clock()
        with self.transaction() as db:
            entry_id = inserted_id(
                db.execute(
                    "INSERT INTO maturity_entries (assessed_on, item, answer, note, by_name, by_role, recorded_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (on.isoformat(), item, answer, note, user.name, user.role.value, now.isoformat(timespec="seconds")),
                )
            )
            write_audit(
                db,
                user,
                now,
                "record_maturity",
                "maturity_entry",
                entry_id,
                None,
                {"item": item, "answer": answer, "on": on.isoformat()},
            )
        return entry_id

    def maturity_entries(self) -> list[MaturityEntry]:
        return [
            MaturityEntry(date.fromisoformat(on), item, answer, note, by)
            for on, item, answer, note, by in self.db.execute(
                "SELECT assessed_on, item, answer, note, by_name FROM maturity_entries ORDER BY id"
            )
        ]
