"""Actions: each has an owner and a due date, may be linked to a problem, and is chased until done or cancelled."""

from __future__ import annotations

from datetime import date

from mdt_tui.errors import IllegalTransition, MissingRequirement, NotFound
from mdt_tui.models import ActionItem, User
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.connection import inserted_id

_ACTIONS_SQL = (
    "SELECT a.id, a.patient_id AS person_id, p.family_name, p.given_name, a.description,"
    " coalesce(m.name, 'unassigned') AS owner, a.due_date, a.status, a.owner_member_id AS owner_id,"
    " a.problem_id, a.closed_by, a.closed_at, a.cancel_reason FROM actions a"
    " JOIN patients p ON p.id = a.patient_id LEFT JOIN team_members m ON m.id = a.owner_member_id WHERE 1 = 1"
)


class ActionWrites(_StoreBase):
    def add_action(
        self,
        user: User,
        person_id: int,
        *,
        description: str,
        owner_id: int | None,
        due: date | None,
        problem_id: int | None = None,
    ) -> int:
        """A new open action; ``problem_id`` links it to one of the person's problems."""
        if not description.strip():
            raise MissingRequirement("An action needs a description.")
        now = self.clock()
        with self.transaction() as db:
            if (
                owner_id is not None
                and not db.execute("SELECT 1 FROM team_members WHERE id = ?", [owner_id]).fetchone()
            ):
                raise NotFound(f"There is no team member {owner_id} to own the action.")
            if (
                problem_id is not None
                and not db.execute(
                    "SELECT 1 FROM problems WHERE id = ? AND patient_id = ?", (problem_id, person_id)
                ).fetchone()
            ):
                raise NotFound(f"Problem {problem_id} is not on this person's problem list.")
            cursor = db.execute(
                "INSERT INTO actions (patient_id, description, owner_member_id, due_date, created_at, created_by,"
                " problem_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    person_id,
                    description.strip(),
                    owner_id,
                    due.isoformat() if due else None,
                    now.isoformat(timespec="seconds"),
                    user.name,
                    problem_id,
                ),
            )
            write_audit(
                db,
                user,
                now,
                "add_action",
                "action",
                cursor.lastrowid,
                None,
                {
                    "patient_id": person_id,
                    "description": description.strip(),
                    "owner_id": owner_id,
                    "due": due,
                    "problem_id": problem_id,
                },
            )
        return inserted_id(cursor)

    def complete_action(self, user: User, action_id: int) -> None:
        """Done: records who closed it and when."""
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
            db.execute(
                "UPDATE actions SET status = ?, closed_at = ?, closed_by = ?, cancel_reason = ? WHERE id = ?",
                (status, now.isoformat(timespec="seconds"), user.name, reason, action_id),
            )
            write_audit(
                db,
                user,
                now,
                f"action_{status}",
                "action",
                action_id,
                {"status": "open"},
                {"status": status, "reason": reason},
            )

    def reopen_action(self, user: User, action_id: int) -> None:
        """Undo a one-key done or cancel: the action is open again (audited with what it was)."""
        now = self.clock()
        with self.transaction() as db:
            row = db.execute("SELECT status, cancel_reason FROM actions WHERE id = ?", [action_id]).fetchone()
            if row is None:
                raise NotFound(f"There is no action {action_id}.")
            if row[0] == "open":
                raise IllegalTransition(f"Action {action_id} is already open.")
            db.execute(
                "UPDATE actions SET status = 'open', closed_at = NULL, closed_by = NULL, cancel_reason = NULL"
                " WHERE id = ?",
                [action_id],
            )
            write_audit(
                db,
                user,
                now,
                "action_reopened",
                "action",
                action_id,
                {"status": row[0], "reason": row[1]},
                {"status": "open"},
            )

    # -- reads ------------------------------------------------------------------------------
    def actions(
        self,
        *,
        person_id: int | None = None,
        open_only: bool = True,
        due_before: date | None = None,
        owner_id: int | None = None,
        by_owner: bool = False,
    ) -> list[ActionItem]:
        """Actions, soonest due first (or grouped by owner name with ``by_owner``)."""
        sql, params = _ACTIONS_SQL, []
        for clause, value in (
            ("a.patient_id = ?", person_id),
            ("a.owner_member_id = ?", owner_id),
            ("a.due_date < ?", due_before.isoformat() if due_before else None),
        ):
            if value is not None:
                sql += f" AND {clause}"
                params.append(value)
        if open_only:
            sql += " AND a.status = 'open'"
        order = " ORDER BY owner, a.due_date, a.id" if by_owner else " ORDER BY a.due_date, a.id"
        return [ActionItem(**r) for r in self.db.query(sql + order, params)]

    def overdue_action_count(self, today: date) -> int:
        return self.db.execute(
            "SELECT count(*) FROM actions WHERE status = 'open' AND due_date < ?", [today.isoformat()]
        ).fetchone()[0]
