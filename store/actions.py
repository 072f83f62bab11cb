"""Write methods for actions: each has an owner and a due date, and is chased until closed."""

from __future__ import annotations

from datetime import date

from mdt_tui.errors import IllegalTransition, MissingRequirement, NotFound
from mdt_tui.models import User
from mdt_tui.store.audit import write_audit


class ActionWrites:
    def add_action(self, user: User, person_id: int, *, description: str, owner_id: int | None,
                   due: date | None) -> int:
        if not description.strip():
            raise MissingRequirement("An action needs a description.")
        now = self.clock()
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO actions (patient_id, description, owner_member_id, due_date, created_at, created_by)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (person_id, description.strip(), owner_id, due.isoformat() if due else None,
                 now.isoformat(timespec="seconds"), user.name),
            )
            write_audit(db, user, now, "add_action", "action", cursor.lastrowid, None,
                        {"patient_id": person_id, "description": description.strip(), "owner_id": owner_id,
                         "due": due})
        return cursor.lastrowid

    def complete_action(self, user: User, action_id: int) -> None:
        self._close_action(user, action_id, "done", None)

    def cancel_action(self, user: User, action_id: int, *, reason: str) -> None:
        if not reason.strip():
            raise MissingRequirement("Say why the action is cancelled.")
        self._close_action(user, action_id, "cancelled", reason.strip())

    def _close_action(self, user: User, action_id: int, status: str, reason: str | None) -> None:
        now = self.clock()
        with self.transaction() as db:
            row = db.execute("SELECT status FROM actions WHERE id = ?", [action_id]).fetchone()
            if row is None:
                raise NotFound(f"There is no action {action_id}.")
            if row[0] != "open":
                raise IllegalTransition(f"Action {action_id} is already {row[0]}.")
            db.execute("UPDATE actions SET status = ?, closed_at = ?, closed_by = ?, cancel_reason = ? WHERE id = ?",
                       (status, now.isoformat(timespec="seconds"), user.name, reason, action_id))
            write_audit(db, user, now, f"action_{status}", "action", action_id, {"status": "open"},
                        {"status": status, "reason": reason})

    def overdue_action_count(self, today: date) -> int:
        return self.db.execute("SELECT count(*) FROM actions WHERE status = 'open' AND due_date < ?",
                               [today.isoformat()]).fetchone()[0]
