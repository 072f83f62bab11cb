"""Write and read methods for the team roster and the neighbourhood's own details."""

from __future__ import annotations

from mdt_tui.errors import NotFound
from mdt_tui.models import TeamMember, User
from mdt_tui.roles import Role
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase

_FIELDS = ("name", "role", "organisation", "core", "contact")


def member_from_row(row: dict) -> TeamMember:
    return TeamMember(
        id=row["id"],
        name=row["name"],
        role=Role(row["role"]),
        organisation=row["organisation"],
        core=bool(row["core"]),
        contact=row["contact"],
    )


class TeamWrites(_StoreBase):
    def add_team_member(self, user: User, member: TeamMember) -> TeamMember:
        data = member.model_dump(mode="json", include=set(_FIELDS))
        with self.transaction() as db:
            cursor = db.execute(
                f"INSERT INTO team_members ({', '.join(_FIELDS)}) VALUES ({', '.join('?' * len(_FIELDS))})",
                [data[f] for f in _FIELDS],
            )
            write_audit(db, user, self.clock(), "add_team_member", "team_member", cursor.lastrowid, None, data)
        return member.model_copy(update={"id": cursor.lastrowid})

    def team(self, *, include_inactive: bool = False) -> list[TeamMember]:
        where = "" if include_inactive else "WHERE active = 1"
        return [
            member_from_row(r) for r in self.db.query(f"SELECT * FROM team_members {where} ORDER BY core DESC, name")
        ]

    def team_member(self, member_id: int) -> TeamMember:
        row = next(self.db.query("SELECT * FROM team_members WHERE id = ?", [member_id]), None)
        if row is None:
            raise NotFound(f"There is no team member {member_id}.")
        return member_from_row(row)

    def set_neighbourhood(self, user: User, name: str) -> None:
        with self.transaction() as db:
            before = self.neighbourhood()
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('neighbourhood', ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [name],
            )
            write_audit(
                db,
                user,
                self.clock(),
                "set_neighbourhood",
                "meta",
                None,
                {"neighbourhood": before},
                {"neighbourhood": name},
            )

    def neighbourhood(self) -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'neighbourhood'").fetchone()
        return row[0] if row else ""
