"""Deliveries of coded events to practices (one export to one practice), what each carried, and codes a
later cohort file shows recorded in the GP record. All append-only; each delivery also marks its events
in code_exports, so the next delivery leaves them out."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from datetime import date

from mdt_tui.errors import NotFound
from mdt_tui.exports.checklist import CodeToEnter
from mdt_tui.exports.csv_files import CodeExportRow
from mdt_tui.exports.deliveries import Delivery
from mdt_tui.models import CodedEventRow, User
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.connection import inserted_id
from mdt_tui.store.queries import EVENT_COLUMNS

_LIST = """
SELECT d.id AS delivery_id, d.made_at, d.practice_code, d.kind, d.file, d.include_unsigned, d.by_name AS made_by,
       sum(i.action = 'add') AS events, sum(i.action = 'remove') AS removals,
       sum(i.action = 'add' AND EXISTS (SELECT 1 FROM delivery_confirmations c WHERE c.event_id = i.event_id))
           AS confirmed
FROM deliveries d LEFT JOIN delivery_items i ON i.delivery_id = d.id
"""
# A delivery's rows as they were sent: an add names its event; a remove names the correction, whose
# original event (the entry the practice made) is what the row shows.
_ITEMS = (
    f"SELECT i.action, i.event_id AS item_id, {EVENT_COLUMNS}, p.family_name, p.given_name,"
    " c.reason AS reason, EXISTS (SELECT 1 FROM code_signoffs s WHERE s.event_id = e.id) AS signed"
    " FROM delivery_items i JOIN coded_events c ON c.id = i.event_id"
    " JOIN coded_events e ON e.id = CASE i.action WHEN 'remove' THEN c.corrects_event_id ELSE c.id END"
    " JOIN patients p ON p.id = e.patient_id WHERE i.delivery_id = ? ORDER BY e.effective_date, e.id"
)

_EXPORT_ITEMS = (
    f"SELECT {EVENT_COLUMNS}, i.action, EXISTS (SELECT 1 FROM code_signoffs s WHERE s.event_id = e.id),"
    " i.event_id" + _ITEMS[_ITEMS.index(" FROM delivery_items") :]
)


class DeliveryWrites(_StoreBase):
    def record_delivery(
        self,
        user: User,
        practice_code: str,
        rows: list[CodeToEnter],
        *,
        kind: str,
        file: str,
        include_unsigned: bool = False,
    ) -> int:
        """Record one delivery to one practice and mark its events exported; returns its id. Call it once
        the file is complete on disk."""
        return self.record_delivery_of(
            user,
            practice_code,
            adds=[r.delivery_id for r in rows if r.action == "add"],
            removes=[r.delivery_id for r in rows if r.action == "remove"],
            kind=kind,
            file=file,
            include_unsigned=include_unsigned,
        )

    def record_delivery_of(
        self,
        user: User,
        practice_code: str,
        *,
        adds: Iterable[int],
        removes: Iterable[int],
        kind: str,
        file: str,
        include_unsigned: bool = False,
    ) -> int:
        """``record_delivery`` given only the delivered events' ids (``CodeToEnter.delivery_id``) of the codes to
        add and to remove, as a streamed export collects them (an array of ids, not a model per row)."""
        now = self.clock()
        adds, removes = sorted(adds), sorted(removes)
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO deliveries (practice_code, made_at, kind, file, include_unsigned, by_name, by_role)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    practice_code,
                    now.isoformat(timespec="seconds"),
                    kind,
                    file,
                    int(include_unsigned),
                    user.name,
                    user.role.value,
                ],
            )
            delivery = inserted_id(cursor)
            db.conn.executemany(
                "INSERT INTO delivery_items (delivery_id, event_id, action) VALUES (?, ?, ?)",
                ((delivery, event, action) for event, action in _items(adds, removes)),
            )
            at = now.isoformat(timespec="seconds")
            db.conn.executemany(
                "INSERT INTO code_exports (event_id, exported_at, batch) SELECT ?, ?, ?"
                " WHERE NOT EXISTS (SELECT 1 FROM code_exports WHERE event_id = ?)",
                ((e, at, f"delivery {delivery}", e) for e, _ in _items(adds, removes)),
            )
            write_audit(
                db,
                user,
                now,
                "deliver_codes",
                "deliveries",
                delivery,
                None,
                {
                    "practice": practice_code,
                    "kind": kind,
                    "file": file,
                    "events": sum(1 for _ in _items(adds, removes)),
                    "include_unsigned": include_unsigned,
                },
            )
        return delivery

    def deliveries(self) -> list[Delivery]:
        """Every delivery, oldest first."""
        return list(self.each_delivery())

    def each_delivery(self) -> Iterator[Delivery]:
        """``deliveries`` read from the cursor as it is consumed (``mdt deliveries`` streams them)."""
        for r in self.db.query(_LIST + " GROUP BY d.id ORDER BY d.id"):
            yield Delivery(
                **{
                    **r,
                    "events": r["events"] or 0,
                    "removals": r["removals"] or 0,
                    "confirmed": r["confirmed"] or 0,
                    "include_unsigned": bool(r["include_unsigned"]),
                }
            )

    def delivery(self, delivery_id: int) -> Delivery:
        found = [d for d in self.deliveries() if d.delivery_id == delivery_id]
        if not found:
            raise NotFound(f"There is no delivery {delivery_id} (see 'mdt deliveries').")
        return found[0]

    def delivery_rows(self, delivery_id: int) -> list[CodeToEnter]:
        """What a delivery carried, as it was sent (a code corrected since still shows as delivered)."""
        self.delivery(delivery_id)
        out = []
        for row in self.db.query(_ITEMS, [delivery_id]):
            action, item, reason, signed = row.pop("action"), row.pop("item_id"), row.pop("reason"), row.pop("signed")
            names = {"family_name": row.pop("family_name"), "given_name": row.pop("given_name")}
            removal = action == "remove"
            out.append(
                CodeToEnter(
                    event=CodedEventRow(**row),
                    **names,
                    action=action,
                    signed_off=bool(signed),
                    reason=(reason or "") if removal else "",
                    correction_event_id=item if removal else None,
                )
            )
        return out

    def delivery_export_rows(self, delivery_id: int) -> Iterator[CodeExportRow]:
        """``delivery_rows`` as plain rows read from the cursor as consumed (the codes CSV streams them)."""
        self.delivery(delivery_id)
        yield from map(CodeExportRow._make, self.db.conn.execute(_EXPORT_ITEMS, [delivery_id]))

    def confirm_recorded(self, user: User, matches: dict[tuple[str, str], date], *, source: str) -> int:
        """Mark delivered codes confirmed where a later cohort file shows the same person's code recorded in
        the GP record on or after its effective date. ``matches``: (NHS number, SNOMED CT id) -> recorded on.
        Returns how many codes were newly confirmed."""
        if not matches:
            return 0
        now = self.clock()
        with self.transaction() as db:
            found = []
            for (nhs, code), recorded_on in sorted(matches.items()):
                for (event,) in db.execute(
                    "SELECT e.id FROM coded_events e JOIN patients p ON p.id = e.patient_id"
                    " JOIN delivery_items i ON i.event_id = e.id AND i.action = 'add'"
                    " WHERE p.nhs_number = ? AND e.snomed_code = ? AND e.effective_date <= ?"
                    " AND NOT EXISTS (SELECT 1 FROM delivery_confirmations c WHERE c.event_id = e.id)"
                    " GROUP BY e.id",
                    [nhs, code, recorded_on.isoformat()],
                ):
                    found.append((event, recorded_on.isoformat(), now.isoformat(timespec="seconds"), source, event))
            db.conn.executemany(
                "INSERT INTO delivery_confirmations (event_id, recorded_on, confirmed_at, source)"
                " SELECT ?, ?, ?, ? WHERE NOT EXISTS"
                " (SELECT 1 FROM delivery_confirmations WHERE event_id = ?)",
                found,
            )
            if found:
                write_audit(
                    db,
                    user,
                    now,
                    "confirm_recorded",
                    "delivery_confirmations",
                    None,
                    None,
                    {"events": [f[0] for f in found], "source": source},
                )
        return len(found)


def _items(adds: list[int], removes: list[int]) -> Iterator[tuple[int, str]]:
    """Distinct (event, action) pairs in order, from the two sorted id lists (no set of pairs in memory)."""
    last = None
    for item in heapq.merge(((e, "add") for e in adds), ((e, "remove") for e in removes)):
        if item != last:
            yield item
            last = item
