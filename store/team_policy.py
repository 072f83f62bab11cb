"""The team policy in the database (issue 19): read, changed by the team's owner (audited), taken over once from
an older settings file; and who the team's owner is.

Storage: one append-only row per change of one key, its value as JSON text, with who and when (the same on
SQLite and, later, PostgreSQL). The current policy is each key's latest row; a key never set is its default."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from mdt_tui.errors import NotFound, NotPermitted
from mdt_tui.models import TeamMember, User
from mdt_tui.roles import Role
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.meeting.team import member_from_row
from mdt_tui.team_policy import DEFAULTS, POLICY_KEYS, TeamPolicy, as_json, policy_from_rows, validated_changes

MIGRATED = "migrated from settings file"


@dataclass(frozen=True)
class Adoption:
    """What taking over a settings file's policy keys did: keys copied into the database, keys set aside
    (the database's policy differs and wins)."""

    migrated: dict[str, Any] = field(default_factory=dict)
    ignored: dict[str, Any] = field(default_factory=dict)


class TeamPolicyStore(_StoreBase):
    # -- reading ---------------------------------------------------------------------------
    def _policy_rows(self, db: Any = None) -> dict[str, str]:
        db = db or self.db
        return {
            key: value
            for key, value in db.execute(
                "SELECT key, value FROM team_policy WHERE id IN (SELECT max(id) FROM team_policy GROUP BY key)"
            ).fetchall()
        }

    def team_policy(self) -> TeamPolicy:
        """The team's policy now: each key's latest value, or its default if never set."""
        return policy_from_rows(self._policy_rows())

    def team_policy_history(self) -> list[dict[str, Any]]:
        """Every change, oldest first: key, value (decoded), set_at, by_name, by_role, reason."""
        return [
            {**row, "value": json.loads(row["value"])}
            for row in self.db.query("SELECT key, value, set_at, by_name, by_role, reason FROM team_policy ORDER BY id")
        ]

    # -- the owner ---------------------------------------------------------------------------
    def team_owner(self) -> TeamMember | None:
        """The roster member flagged owner; with none flagged, the first care coordinator added to the roster
        (still on it); None when the roster has neither."""
        row = next(self.db.query("SELECT * FROM team_members WHERE active = 1 AND owner = 1"), None)
        if row is None:
            row = next(
                self.db.query(
                    "SELECT * FROM team_members WHERE active = 1 AND role = ? ORDER BY id LIMIT 1",
                    [Role.CARE_COORDINATOR.value],
                ),
                None,
            )
        return None if row is None else member_from_row(row)

    def is_team_owner(self, user: User) -> bool:
        owner = self.team_owner()
        return owner is not None and owner.name.casefold() == user.name.strip().casefold()

    def why_not_owner(self, user: User) -> str | None:
        """None when ``user`` may change the team policy; else the one sentence saying why not."""
        owner = self.team_owner()
        if owner is None:
            return (
                "Only the team's owner can change the team policy, and the roster has none yet: add a care "
                "coordinator to the roster (t on home) — the first one is the owner."
            )
        if owner.name.casefold() != user.name.strip().casefold():
            return f"Only the team's owner ({owner.name}, on the roster) can change the team policy."
        return None

    def set_team_owner(self, user: User, member_id: int) -> None:
        """Hand the team's ownership to a roster member: only the owner may (or anyone while there is none)."""
        if self.team_owner() is not None and (why := self.why_not_owner(user)) is not None:
            raise NotPermitted(why.replace("change the team policy", "hand over the team"))
        member = self.team_member(member_id)
        if not next(self.db.query("SELECT active FROM team_members WHERE id = ?", [member_id]))["active"]:
            raise NotFound(f"{member.name} is no longer on the roster.")
        before = self.team_owner()
        with self.transaction() as db:
            db.execute("UPDATE team_members SET owner = 0 WHERE owner = 1")
            db.execute("UPDATE team_members SET owner = 1 WHERE id = ?", [member_id])
            write_audit(
                db,
                user,
                self.clock(),
                "set_team_owner",
                "team_member",
                member_id,
                {"owner": before.name if before else None},
                {"owner": member.name},
            )

    # -- writing ---------------------------------------------------------------------------
    def _append_policy(self, db: Any, user: User, values: dict[str, Any], reason: str) -> None:
        at = self.clock().isoformat(timespec="seconds")
        for key, value in values.items():
            db.execute(
                "INSERT INTO team_policy (key, value, set_at, by_name, by_role, reason) VALUES (?, ?, ?, ?, ?, ?)",
                [key, json.dumps(value, sort_keys=True), at, user.name, user.role.value, reason],
            )

    def set_team_policy(self, changes: dict[str, Any], *, by: User) -> TeamPolicy:
        """Change some of the policy (owner only; validated as a whole; audited). Keys whose value does not
        change are not written. Returns the policy now."""
        if (why := self.why_not_owner(by)) is not None:
            raise NotPermitted(why)
        with self.transaction() as db:
            current = policy_from_rows(self._policy_rows(db))
            changed = validated_changes(current, changes)
            if changed:
                before = as_json(current)
                self._append_policy(db, by, changed, "")
                write_audit(
                    db,
                    by,
                    self.clock(),
                    "set_team_policy",
                    "team_policy",
                    None,
                    {k: before[k] for k in changed},
                    changed,
                )
        return self.team_policy()

    def adopt_settings_policy(self, user: User, file_policy: dict[str, Any]) -> Adoption:
        """Take over an older settings file's policy keys, once: while the table is empty, the values that
        differ from the defaults are copied in (audited as migrated from the settings file); from then on the
        database wins and a file's differing values are reported as ignored. Nothing is written otherwise."""
        if not file_policy or self.snapshot:
            return Adoption()
        wanted = validated_changes(DEFAULTS, {k: v for k, v in file_policy.items() if k in POLICY_KEYS})
        if wanted and self._policy_table_empty(self.db):
            with self.transaction() as db:
                if self._policy_table_empty(db):  # re-checked under the write lock: only the first one copies
                    self._append_policy(db, user, wanted, MIGRATED)
                    write_audit(
                        db,
                        user,
                        self.clock(),
                        "set_team_policy",
                        "team_policy",
                        None,
                        {k: as_json(DEFAULTS)[k] for k in wanted},
                        {**wanted, "reason": MIGRATED},
                    )
                    return Adoption(migrated=wanted)
        now = as_json(self.team_policy())
        return Adoption(ignored={k: v for k, v in file_policy.items() if k in POLICY_KEYS and now[k] != v})

    @staticmethod
    def _policy_table_empty(db: Any) -> bool:
        return db.execute("SELECT count(*) FROM team_policy").fetchone()[0] == 0
