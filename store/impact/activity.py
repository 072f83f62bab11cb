"""Imported service use (activity_events, append-only) and the arms the evaluation compares."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mdt_tui.impact.activity import ActivityRow, Contact
from mdt_tui.models import User
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.queries import LIVE_EVENTS

CONSENTED, DECLINED, NOT_APPROPRIATE = "818241000000105", "877011000000107", "1239441000000103"
# The unique index (person, day, setting, bed days) skips a contact already held. OR IGNORE is safe here: the
# append-only REPLACE guard is keyed on id, which a new row never carries, and IGNORE never deletes a row.
_INSERT = (
    "INSERT OR IGNORE INTO activity_events (patient_id, on_date, setting, bed_days, imported_at, source)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)


class ActivityWrites(_StoreBase):
    def held_nhs_numbers(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT nhs_number FROM patients")}

    def import_activity(self, user: User, rows: Sequence[ActivityRow], *, source: str) -> tuple[int, int]:
        """Add the contacts not already held, in one transaction: (added, already held). The same person, day,
        setting and bed days is one contact, so importing a file twice (or overlapping files) adds nothing."""
        now = self.clock().isoformat(timespec="seconds")
        unique = list(dict.fromkeys(rows))
        with self.transaction() as db:
            ids = dict(db.execute("SELECT nhs_number, id FROM patients").fetchall())
            before = db.execute("SELECT count(*) FROM activity_events").fetchone()[0]
            db.conn.executemany(
                _INSERT,
                ((ids[r.nhs_number], r.on_date.isoformat(), r.setting, r.bed_days, now, source) for r in unique),
            )
            added = db.execute("SELECT count(*) FROM activity_events").fetchone()[0] - before
            write_audit(
                db,
                user,
                self.clock(),
                "import_activity",
                "activity_events",
                None,
                None,
                {"source": source, "rows": len(rows), "added": added},
            )
        return added, len(rows) - added

    def activity(self, person_id: int) -> list[Contact]:
        """A person's imported contacts, oldest first (the theograph's dated events)."""
        return [
            Contact(date.fromisoformat(d), s, b)
            for d, s, b in self.db.execute(
                "SELECT on_date, setting, bed_days FROM activity_events WHERE patient_id = ? ORDER BY on_date, id",
                [person_id],
            )
        ]

    def evaluation_input(self) -> tuple[list[dict], list[dict]]:
        """The evaluation's arms and events. Intervention: everyone with a live consent code (index: its first
        effective date). Comparison: everyone a search identified who has no live consent, decline or
        not-appropriate code (index: the run date that first identified them)."""
        db = self.db
        codes: dict[int, dict[str, str]] = {}
        for pid, code, day in db.execute(
            f"SELECT e.patient_id, e.snomed_code, min(e.effective_date) FROM coded_events e WHERE {LIVE_EVENTS}"
            " AND e.snomed_code IN (?, ?, ?) GROUP BY e.patient_id, e.snomed_code",
            [CONSENTED, DECLINED, NOT_APPROPRIATE],
        ):
            codes.setdefault(pid, {})[code] = day
        people = []
        for pid, first_run in db.execute("SELECT patient_id, min(run_date) FROM cohort_entries GROUP BY patient_id"):
            held = codes.get(pid, {})
            if CONSENTED in held:
                index = date.fromisoformat(held[CONSENTED])
                people.append({"id": str(pid), "arm": "intervention", "index_date": index})
            elif not held:
                people.append({"id": str(pid), "arm": "comparison", "index_date": date.fromisoformat(first_run)})
        events = [
            {"id": str(pid), "date": date.fromisoformat(day), "setting": setting, "bed_days": bed_days}
            for pid, day, setting, bed_days in db.execute(
                "SELECT patient_id, on_date, setting, bed_days FROM activity_events"
            )
        ]
        return people, events

    def evaluation_people_details(self) -> dict[str, tuple[str, str]]:
        """Date of birth and practice per person id (for the pseudonymised extract's age band and practice)."""
        return {
            str(pid): (dob, practice)
            for pid, dob, practice in self.db.execute("SELECT id, date_of_birth, practice_code FROM patients")
        }
