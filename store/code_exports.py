"""Which coded events go to the GP record next, and marking them exported (in code_exports, never in place)."""

from __future__ import annotations

from datetime import date

from mdt_tui.code_checklist import CodeToEnter
from mdt_tui.models import CodedEventRow, User
from mdt_tui.store.audit import write_audit
from mdt_tui.store.queries import LIVE_EVENTS


class CodeExports:
    def codes_to_export(self, *, since: date | None = None, practice: str | None = None,
                        meeting_id: int | None = None, include_exported: bool = True) -> list[CodeToEnter]:
        """Live coded events, oldest first, narrowed by date, practice, meeting and whether already exported."""
        sql = ("SELECT e.id AS event_id, p.nhs_number, p.practice_code, e.effective_date, e.snomed_code, e.term,"
               " e.value, e.recorded_by, e.recorded_at, p.family_name, p.given_name FROM coded_events e"
               f" JOIN patients p ON p.id = e.patient_id WHERE {LIVE_EVENTS}")
        params: list = []
        if since is not None:
            sql += " AND e.effective_date >= ?"
            params.append(since.isoformat())
        if practice:
            sql += " AND p.practice_code = ?"
            params.append(practice.strip().upper())
        if meeting_id is not None:
            sql += (" AND e.id IN (SELECT d.coded_event_id FROM meeting_decisions d JOIN meeting_cases c"
                    " ON c.id = d.case_id WHERE c.meeting_id = ?)")
            params.append(meeting_id)
        if not include_exported:
            sql += " AND NOT EXISTS (SELECT 1 FROM code_exports x WHERE x.event_id = e.id)"
        out = []
        for row in self.db.query(sql + " ORDER BY e.effective_date, e.id", params):
            names = {"family_name": row.pop("family_name"), "given_name": row.pop("given_name")}
            out.append(CodeToEnter(event=CodedEventRow(**row), **names))
        return out

    def mark_exported(self, user: User, event_ids: list[int], *, batch: str) -> int:
        """Record that these events were delivered; events already marked keep their first export."""
        now = self.clock()
        with self.transaction() as db:
            before = db.execute("SELECT count(*) FROM code_exports").fetchone()[0]
            db.conn.executemany("INSERT OR IGNORE INTO code_exports (event_id, exported_at, batch) VALUES (?, ?, ?)",
                           [(i, now.isoformat(timespec="seconds"), batch) for i in event_ids])
            added = db.execute("SELECT count(*) FROM code_exports").fetchone()[0] - before
            write_audit(db, user, now, "export_codes", "code_exports", None, None, {"batch": batch, "events": added})
        return added
