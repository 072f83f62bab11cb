"""Sign-off of coded events before they leave for the GP record: one append-only row per event, audited."""

from __future__ import annotations

from mdt_tui.errors import MdtError, NotPermitted
from mdt_tui.exports.checklist import CodeToEnter
from mdt_tui.exports.signoff import signoff_refusal
from mdt_tui.models import CodedEventRow, User
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.queries import LIVE_EVENTS, live_events_sql

SIGNED = "EXISTS (SELECT 1 FROM code_signoffs s WHERE s.event_id = e.id)"
_NAMES = ", p.family_name, p.given_name"


class SignOffWrites(_StoreBase):
    def codes_to_sign_off(self, *, practice: str | None = None) -> list[CodeToEnter]:
        """Live coded events no clinician has signed off yet, by practice, then oldest first."""
        sql, params = live_events_sql(extra_columns=_NAMES, practice=practice, where=f"{LIVE_EVENTS} AND NOT {SIGNED}")
        rows = []
        for row in self.db.query(sql, params):
            names = {"family_name": row.pop("family_name"), "given_name": row.pop("given_name")}
            rows.append(CodeToEnter(event=CodedEventRow(**row), **names))
        return sorted(rows, key=lambda r: (r.event.practice_code, r.event.effective_date, r.event.event_id))

    def signed_off(self, event_ids: list[int]) -> set[int]:
        """Which of these events a clinician has signed off."""
        found: set[int] = set()
        for start in range(0, len(event_ids), 500):
            chunk = event_ids[start : start + 500]
            found |= {
                r[0]
                for r in self.db.execute(
                    f"SELECT event_id FROM code_signoffs WHERE event_id IN ({','.join('?' * len(chunk))})", chunk
                )
            }
        return found

    def sign_off_codes(self, user: User, event_ids: list[int]) -> int:
        """Sign off these live coded events (one by one or in bulk); returns how many were newly signed.
        Refused whole, nothing stored, for a user who is not a clinician or an event that is not live."""
        if refusal := signoff_refusal(user):
            raise NotPermitted(refusal)
        ids = sorted(set(event_ids))
        now = self.clock()
        with self.transaction() as db:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                live = {
                    r[0]
                    for r in db.execute(
                        f"SELECT e.id FROM coded_events e WHERE {LIVE_EVENTS}"
                        f" AND e.id IN ({','.join('?' * len(chunk))})",
                        chunk,
                    )
                }
                if missing := [i for i in chunk if i not in live]:
                    raise MdtError(
                        f"Coded event {missing[0]} is not a live coded event (unknown, or entered in"
                        " error): nothing was signed off."
                    )
            before = db.execute("SELECT count(*) FROM code_signoffs").fetchone()[0]
            # Not INSERT OR IGNORE: the append-only trigger refuses any insert of an existing event_id.
            db.conn.executemany(
                "INSERT INTO code_signoffs (event_id, signed_at, by_name, by_role) SELECT ?, ?, ?, ?"
                " WHERE NOT EXISTS (SELECT 1 FROM code_signoffs WHERE event_id = ?)",
                [(i, now.isoformat(timespec="seconds"), user.name, user.role.value, i) for i in ids],
            )
            added = db.execute("SELECT count(*) FROM code_signoffs").fetchone()[0] - before
            if added:
                write_audit(
                    db,
                    user,
                    now,
                    "sign_off_codes",
                    "code_signoffs",
                    ids[0] if len(ids) == 1 else None,
                    None,
                    {"events": ids, "signed": added},
                )
        return added
