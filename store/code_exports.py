"""Which coded events go to the GP record next, and marking them exported (in code_exports, never in place)."""

from __future__ import annotations

from datetime import date

from mdt_tui.code_checklist import CodeToEnter
from mdt_tui.models import CodedEventRow, User
from mdt_tui.store.audit import write_audit
from mdt_tui.store.queries import live_events_sql


class CodeExports:
    def codes_to_export(self, *, since: date | None = None, practice: str | None = None,
                        meeting_id: int | None = None, include_exported: bool = True) -> list[CodeToEnter]:
        """Live coded events, oldest first, narrowed by date, practice, meeting and whether already exported."""
        sql, params = live_events_sql(extra_columns=", p.family_name, p.given_name", since=since, practice=practice,
                                      meeting_id=meeting_id, include_exported=include_exported)
        out = []
        for row in self.db.query(sql, params):
            names = {"family_name": row.pop("family_name"), "given_name": row.pop("given_name")}
            out.append(CodeToEnter(event=CodedEventRow(**row), **names))
        return out

    def mark_exported(self, user: User, event_ids: list[int], *, batch: str) -> int:
        """Record that these events were delivered; events already marked keep their first export."""
        now = self.clock()
        with self.transaction() as db:
            before = db.execute("SELECT count(*) FROM code_exports").fetchone()[0]
            # Not INSERT OR IGNORE: the append-only trigger refuses any insert of an existing event_id.
            db.conn.executemany("INSERT INTO code_exports (event_id, exported_at, batch) SELECT ?, ?, ?"
                                " WHERE NOT EXISTS (SELECT 1 FROM code_exports WHERE event_id = ?)",
                                [(i, now.isoformat(timespec="seconds"), batch, i) for i in event_ids])
            added = db.execute("SELECT count(*) FROM code_exports").fetchone()[0] - before
            write_audit(db, user, now, "export_codes", "code_exports", None, None, {"batch": batch, "events": added})
        return added
