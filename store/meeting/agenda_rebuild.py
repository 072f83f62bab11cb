"""A draft agenda kept up to date as people become due, keeping the coordinator's hand edits (issue 14).

Hand edits are what the agenda already records: cases added by hand (source ``added``), their order, and people
taken off by hand (the ``remove_from_agenda`` audit rows of the meeting) — so no new column is needed.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import sqlite_utils

from mdt_tui.meeting.agenda import AgendaRebuild, OnAgenda, Source, place_new, rebuild_agenda
from mdt_tui.models import User
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.meeting.writes import _insert_case, _renumber_cases


class AgendaRebuildWrites(_StoreBase):
    """Mixed into Store; relies on the meeting reads and writes and ``_claim_version``."""

    def agenda_rebuild(self, meeting_id: int, policy: Any, today: date) -> AgendaRebuild:
        """What bringing the meeting's draft agenda up to date would change: nothing once it has started, nor on
        or after its day (the agenda went out as the pre-read; changes then are made by hand)."""
        return self._agenda_rebuild(self.db, meeting_id, policy, today)

    def rebuild_agenda(self, user: User, meeting_id: int, policy: Any, today: date) -> AgendaRebuild:
        """Add the people now due and take off the automatic cases no longer due; hand edits kept. Audited;
        counts the agenda's version up only when something changed."""
        with self.transaction() as db:
            change = self._agenda_rebuild(db, meeting_id, policy, today)
            if not change.changed:
                return change
            now = self.clock()
            self._claim_version(db, user, now, "agenda", meeting_id, None)
            order = [
                (pid, Source(source), case_id)
                for case_id, pid, source in db.execute(
                    "SELECT id, patient_id, source FROM meeting_cases WHERE meeting_id = ? ORDER BY position, id",
                    [meeting_id],
                )
            ]
            for pid, _, case_id in order:
                if pid in change.drop:
                    db.execute("UPDATE meeting_cases SET joint_with = NULL WHERE joint_with = ?", [case_id])
                    db.execute("DELETE FROM meeting_cases WHERE id = ?", [case_id])
            people = [(pid, source) for pid, source, _ in order if pid not in change.drop]
            for item in change.add:
                _insert_case(db, meeting_id, item)
                people.insert(place_new([s for _, s in people], item.source), (item.person_id, item.source))
            _renumber_cases(db, meeting_id, [pid for pid, _ in people])
            write_audit(
                db,
                user,
                now,
                "rebuild_agenda",
                "meeting",
                meeting_id,
                None,
                {"added": [i.person_id for i in change.add], "dropped": list(change.drop)},
            )
        return change

    def _agenda_rebuild(self, db: sqlite_utils.Database, meeting_id: int, policy: Any, today: date) -> AgendaRebuild:
        row = db.execute("SELECT status, held_on FROM meetings WHERE id = ?", [meeting_id]).fetchone()
        if row is None or row[0] != "upcoming" or date.fromisoformat(row[1]) <= today:
            return AgendaRebuild()
        current = [
            OnAgenda(person_id=pid, source=Source(source), new_case=bool(new_case), recorded=bool(recorded))
            for pid, source, new_case, recorded in db.execute(
                "SELECT c.patient_id, c.source, c.new_case, c.outcome IS NOT NULL OR EXISTS"
                " (SELECT 1 FROM meeting_decisions d WHERE d.case_id = c.id) FROM meeting_cases c"
                " WHERE c.meeting_id = ? ORDER BY c.position, c.id",
                [meeting_id],
            )
        ]
        removed = {
            json.loads(before or "{}").get("person_id")
            for (before,) in db.execute(
                "SELECT before FROM audit WHERE action = 'remove_from_agenda' AND entity = 'meeting' AND entity_id = ?",
                [meeting_id],
            )
        }
        here = {c.person_id for c in current}
        elsewhere = self.booked_people() - here  # on another meeting not yet held
        candidates = [c for c in self.agenda_candidates(date.fromisoformat(row[1])) if c.person_id not in elsewhere]
        return rebuild_agenda(current, candidates, removed, policy)
