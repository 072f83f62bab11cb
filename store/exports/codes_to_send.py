"""Which coded events go to the GP record next — codes to add, and delivered codes since corrected to
remove — and marking them exported (in code_exports, never in place)."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import date
from functools import partial

from mdt_tui.exports.checklist import CodeToEnter
from mdt_tui.exports.csv_files import CodeExportRow
from mdt_tui.models import CodedEventRow, User
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.queries import live_events_sql

_NAMES = ", p.family_name, p.given_name"
_CORRECTION = ", c.id AS correction_id, c.reason AS reason"
# A final event delivered in an earlier file and marked entered in error since: the practice must remove it.
# Its delivery is recorded against the correction event, so each removal goes out once.
_DELIVERED_AND_CORRECTED = (
    "e.status = 'final' AND c.id IS NOT NULL AND EXISTS (SELECT 1 FROM code_exports x WHERE x.event_id = e.id)"
)
_REMOVAL_NOT_SENT = " AND NOT EXISTS (SELECT 1 FROM code_exports y WHERE y.event_id = c.id)"
_PATIENT = " JOIN patients p ON p.id = e.patient_id"
_SIGNED = "EXISTS (SELECT 1 FROM code_signoffs s WHERE s.event_id = e.id)"


def _export_queries(
    add_columns: str,
    remove_columns: str,
    *,
    since: date | None,
    practice: str | None,
    meeting_id: int | None,
    include_exported: bool,
) -> tuple[tuple[str, list], tuple[str, list]]:
    """The two queries behind a codes export, each oldest first: live events to add, and delivered events
    corrected since to remove (joined to their correction as ``c``)."""
    narrowed = partial(live_events_sql, since=since, practice=practice, meeting_id=meeting_id)
    adds = narrowed(extra_columns=add_columns, include_exported=include_exported)
    where = _DELIVERED_AND_CORRECTED + ("" if include_exported else _REMOVAL_NOT_SENT)
    sql, params = narrowed(extra_columns=remove_columns, where=where)
    sql = sql.replace(_PATIENT, _PATIENT + " JOIN coded_events c ON c.corrects_event_id = e.id", 1)
    return adds, (sql, params)


class CodeExports(_StoreBase):
    def codes_to_export(
        self,
        *,
        since: date | None = None,
        practice: str | None = None,
        meeting_id: int | None = None,
        include_exported: bool = True,
        signed_only: bool = False,
    ) -> list[CodeToEnter]:
        """Codes to add (live events) and to remove (delivered, then corrected), oldest first, narrowed by
        date, practice and meeting of the original event, by whether already exported and, with
        ``signed_only``, to codes a clinician signed off (a removal always goes: it undoes a delivered code)."""
        rows = self._codes_to_export(
            since=since, practice=practice, meeting_id=meeting_id, include_exported=include_exported
        )
        signed = self.signed_off([r.event.event_id for r in rows])
        rows = [r.model_copy(update={"signed_off": r.event.event_id in signed}) for r in rows]
        return [r for r in rows if r.signed_off or r.action == "remove" or not signed_only]

    def _codes_to_export(
        self, *, since: date | None, practice: str | None, meeting_id: int | None, include_exported: bool
    ) -> list[CodeToEnter]:
        (adds, add_params), (removes, remove_params) = _export_queries(
            _NAMES,
            _NAMES + _CORRECTION,
            since=since,
            practice=practice,
            meeting_id=meeting_id,
            include_exported=include_exported,
        )
        out = []
        for row in self.db.query(adds, add_params):
            names = _names(row)
            out.append(CodeToEnter(event=CodedEventRow(**row), **names))
        for row in self.db.query(removes, remove_params):
            names, correction, reason = _names(row), row.pop("correction_id"), row.pop("reason")
            out.append(
                CodeToEnter(
                    event=CodedEventRow(**row),
                    **names,
                    action="remove",
                    reason=reason or "",
                    correction_event_id=correction,
                )
            )
        return sorted(out, key=lambda r: (r.event.effective_date, r.event.event_id))

    def code_export_rows(
        self,
        *,
        since: date | None = None,
        practice: str | None = None,
        meeting_id: int | None = None,
        include_exported: bool = True,
    ) -> Iterator[CodeExportRow]:
        """Every row ``codes_to_export`` returns (signed off or not, ``signed_off`` saying which), in the same
        order, read from the cursor as it is consumed: no list and no model per row, so an export of every code
        ever recorded writes with flat memory. The two queries are each in date order and merged as read."""
        (adds, add_params), (removes, remove_params) = _export_queries(
            f", 'add', {_SIGNED}, e.id",
            f", 'remove', {_SIGNED}, c.id",
            since=since,
            practice=practice,
            meeting_id=meeting_id,
            include_exported=include_exported,
        )
        # Removals are few (delivered codes corrected since): read first, merged in only when there are any.
        removed = self.db.conn.execute(removes, remove_params).fetchall()
        added = self.db.conn.execute(adds, add_params)
        # Stable, as sorting the two lists joined was: on a tie an add comes before a removal.
        rows = heapq.merge(added, removed, key=lambda r: (r[3], r[0])) if removed else added
        yield from map(CodeExportRow._make, rows)

    def mark_exported(self, user: User, event_ids: list[int], *, batch: str) -> int:
        """Record that these events (codes, or the corrections of codes to remove) were delivered;
        events already marked keep their first export."""
        now = self.clock()
        with self.transaction() as db:
            # Not INSERT OR IGNORE: the append-only trigger refuses any insert of an existing event_id. The rows
            # added are the cursor's count (counting the whole table before and after read it twice).
            added = db.conn.executemany(
                "INSERT INTO code_exports (event_id, exported_at, batch) SELECT ?, ?, ?"
                " WHERE NOT EXISTS (SELECT 1 FROM code_exports WHERE event_id = ?)",
                [(i, now.isoformat(timespec="seconds"), batch, i) for i in event_ids],
            ).rowcount
            write_audit(db, user, now, "export_codes", "code_exports", None, None, {"batch": batch, "events": added})
        return added


def _names(row: dict) -> dict[str, str]:
    return {"family_name": row.pop("family_name"), "given_name": row.pop("given_name")}
