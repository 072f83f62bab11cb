"""Editing the team roster: change a member's details, or take them off the roster (kept for the record)."""

from __future__ import annotations

from mdt_tui.errors import NotFound
from mdt_tui.models import TeamMember, User, saved_id
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase

_FIELDS = ("name", "role", "organisation", "core", "contact")


class RosterWrites(_StoreBase):
    def update_team_member(self, user: User, member: TeamMember) -> None:
        before = self.team_member(saved_id(member.id))
        data = member.model_dump(mode="json", include=set(_FIELDS))
        with self.transaction() as db:
            db.execute(
                f"UPDATE team_members SET {', '.join(f'{f} = ?' for f in _FIELDS)} WHERE id = ?",
                [*(data[f] for f in _FIELDS), member.id],
            )
            write_audit(
                db,
                user,
                self.clock(),
                "update_team_member",
                "team_member",
                member.id,
                before.model_dump(mode="json"),
                data,
            )

    def remove_team_member(self, user: User, member_id: int) -> None:
        """Off the roster from now on; meetings and actions that name them keep doing so."""
        with self.transaction() as db:
            if db.execute("UPDATE team_members SET active = 0 WHERE id = ?", [member_id]).rowcount == 0:
                raise NotFound(f"There is no team member {member_id}.")
            write_audit(
                db, user, self.clock(), "remove_team_member", "team_member", member_id, {"active": 1}, {"active": 0}
            )
