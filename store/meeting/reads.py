"""Read methods for meetings: the list, one meeting with its attendance and cases, agenda candidates."""

from __future__ import annotations

import json
from datetime import date, timedelta

from mdt_tui.errors import NotFound
from mdt_tui.meeting.agenda import Candidate, Outcome, Source
from mdt_tui.meeting.models import Addendum, Attendee, Decision, Meeting, MeetingCase, MeetingRow
from mdt_tui.models import MeetingSummary
from mdt_tui.pathway import Stage
from mdt_tui.roles import Role
from mdt_tui.store.base import _StoreBase

_MEETING = (
    "SELECT m.*, coalesce(c.name, '') AS chair, coalesce(t.name, '') AS minute_taker FROM meetings m"
    " LEFT JOIN team_members c ON c.id = m.chair_member_id"
    " LEFT JOIN team_members t ON t.id = m.minute_taker_member_id WHERE m.id = ?"
)
_REVIEWED = "EXISTS (SELECT 1 FROM pathway_transitions t WHERE t.patient_id = p.id AND t.name = 'complete_mdt_review')"
_SUMMARY = (
    "SELECT m.id, m.held_on, m.starts_at, m.status, m.session_minutes, count(c.id) AS cases,"
    " coalesce(sum(c.minutes), 0) AS minutes FROM meetings m LEFT JOIN meeting_cases c ON c.meeting_id = m.id"
    " WHERE {where} GROUP BY m.id ORDER BY m.held_on, m.starts_at, m.id LIMIT 1"
)
DUE_WINDOW_DAYS = 7
"""A planned review falling within this many days after the meeting counts as due at it."""


class MeetingReads(_StoreBase):
    def meetings(self) -> list[MeetingRow]:
        rows = self.db.execute(
            "SELECT m.id, m.held_on, m.status, count(c.id), count(c.outcome) FROM meetings m"
            " LEFT JOIN meeting_cases c ON c.meeting_id = m.id GROUP BY m.id ORDER BY m.held_on, m.id"
        ).fetchall()
        return [MeetingRow(meeting_id=r[0], date=r[1], status=r[2], cases=r[3], discussed=r[4]) for r in rows]

    def meeting(self, meeting_id: int) -> Meeting:
        row = next(self.db.query(_MEETING, [meeting_id]), None)
        if row is None:
            raise NotFound(f"There is no meeting {meeting_id}.")
        attendees = [
            Attendee(
                member_id=r["member_id"],
                name=r["name"],
                role=Role(r["role"]),
                organisation=r["organisation"],
                attendance=r["attendance"],
            )
            for r in self.db.query(
                "SELECT a.member_id, a.attendance, t.name, t.role, t.organisation"
                " FROM meeting_attendance a JOIN team_members t ON t.id = a.member_id"
                " WHERE a.meeting_id = ? ORDER BY t.core DESC, t.name",
                [meeting_id],
            )
        ]
        decisions: dict[int, list[Decision]] = {}
        for d in self.db.query(
            "SELECT d.* FROM meeting_decisions d JOIN meeting_cases c ON c.id = d.case_id"
            " WHERE c.meeting_id = ? ORDER BY d.id",
            [meeting_id],
        ):
            decisions.setdefault(d["case_id"], []).append(
                Decision(
                    kind=d["kind"],
                    text=d["text"],
                    coded_event_id=d["coded_event_id"],
                    action_id=d["action_id"],
                    recorded_at=d["recorded_at"],
                )
            )
        cases = [
            MeetingCase(
                id=c["id"],
                person_id=c["patient_id"],
                position=c["position"],
                source=Source(c["source"]),
                detail=c["detail"],
                new_case=bool(c["new_case"]),
                minutes=c["minutes"],
                know=c["know"],
                dont_know=c["dont_know"],
                assume=c["assume"],
                outcome=Outcome(c["outcome"]) if c["outcome"] else None,
                outcome_reason=c["outcome_reason"],
                seconds_spent=c["seconds_spent"],
                decisions=tuple(decisions.get(c["id"], ())),
            )
            for c in self.db.query(
                "SELECT * FROM meeting_cases WHERE meeting_id = ? ORDER BY position, id", [meeting_id]
            )
        ]
        return Meeting(
            id=row["id"],
            held_on=row["held_on"],
            starts_at=row["starts_at"],
            neighbourhood=row["neighbourhood"],
            session_minutes=row["session_minutes"],
            chair=row["chair"],
            minute_taker=row["minute_taker"],
            chair_member_id=row["chair_member_id"],
            minute_taker_member_id=row["minute_taker_member_id"],
            guests=row["guests"],
            status=row["status"],
            started_at=row["started_at"],
            closed_at=row["closed_at"],
            attendees=tuple(attendees),
            cases=tuple(cases),
            addenda=tuple(self.addenda(meeting_id)),
        )

    def addenda(self, meeting_id: int) -> list[Addendum]:
        return [
            Addendum(text=r["text"], by_name=r["by_name"], by_role=Role(r["by_role"]), at=r["at"])
            for r in self.db.query("SELECT * FROM meeting_addenda WHERE meeting_id = ? ORDER BY id", [meeting_id])
        ]

    def next_meeting_id(self) -> int | None:
        """The meeting to run: one in progress, else the earliest upcoming one."""
        row = self.db.execute(
            "SELECT id FROM meetings WHERE status != 'held' ORDER BY status = 'in_progress' DESC, held_on, id LIMIT 1"
        ).fetchone()
        return row[0] if row else None

    def meeting_summary(self, meeting_id: int) -> MeetingSummary:
        summary = self._meeting_summary("m.id = ?", [meeting_id])
        if summary is None:
            raise NotFound(f"There is no meeting {meeting_id}.")
        return summary

    def next_planned_meeting(self, today: date) -> MeetingSummary | None:
        """The earliest upcoming meeting held today or later.

        Unlike ``next_meeting_id`` this skips a meeting in progress and one left upcoming after its
        date passed: neither is the meeting the team is next due to hold."""
        return self._meeting_summary("m.status = 'upcoming' AND m.held_on >= ?", [today.isoformat()])

    def _meeting_summary(self, where: str, params: list) -> MeetingSummary | None:
        row = next(self.db.query(_SUMMARY.format(where=where), params), None)
        return MeetingSummary(**row) if row else None

    def had_mdt_review(self, person_id: int) -> bool:
        """Whether the person has had an MDT review completed (else they come as a new case)."""
        row = self.db.execute(f"SELECT {_REVIEWED} FROM patients p WHERE p.id = ?", [person_id]).fetchone()
        return bool(row and row[0])

    def booked_people(self) -> set[int]:
        """Everyone on the agenda of a meeting not yet held."""
        return {
            r[0]
            for r in self.db.execute(
                "SELECT c.patient_id FROM meeting_cases c JOIN meetings m"
                " ON m.id = c.meeting_id WHERE m.status != 'held'"
            )
        }

    def meeting_event_ids(self, meeting_id: int) -> list[int]:
        return [
            r[0]
            for r in self.db.execute(
                "SELECT d.coded_event_id FROM meeting_decisions d JOIN meeting_cases c ON c.id = d.case_id"
                " WHERE c.meeting_id = ? AND d.coded_event_id IS NOT NULL ORDER BY d.coded_event_id",
                [meeting_id],
            )
        ]

    def last_discussed(self, person_id: int, before: date) -> date | None:
        """When the person's case last had an outcome at a meeting held before ``before``."""
        row = self.db.execute(
            "SELECT max(m.held_on) FROM meeting_cases c JOIN meetings m ON m.id = c.meeting_id"
            " WHERE c.patient_id = ? AND c.outcome IS NOT NULL AND m.held_on < ?",
            (person_id, before.isoformat()),
        ).fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

    def agenda_candidates(self, on: date) -> list[Candidate]:
        """Everyone who could go on a meeting held ``on``, each with why (see meetings.build_agenda)."""
        out: list[Candidate] = []
        last = self.db.execute(
            "SELECT id, held_on FROM meetings WHERE status = 'held' AND held_on <= ?"
            " ORDER BY held_on DESC, id DESC LIMIT 1",
            [on.isoformat()],
        ).fetchone()
        if last:
            for pid, outcome, new_case in self.db.execute(
                "SELECT patient_id, outcome, new_case FROM meeting_cases WHERE meeting_id = ?"
                " AND (outcome IS NULL OR outcome = 'deferred')",
                [last[0]],
            ):
                why = "deferred" if outcome else "not discussed"
                out.append(
                    Candidate(
                        person_id=pid,
                        source=Source.CARRIED_OVER,
                        since=date.fromisoformat(last[1]),
                        detail=f"{why} on {date.fromisoformat(last[1]):%d %b}",
                        new_case=bool(new_case),
                    )
                )
        for pid, since, was_reviewed in self.db.execute(
            f"SELECT p.id, p.stage_since, {_REVIEWED} FROM patients p WHERE p.stage = ?", [Stage.ASSESSED.value]
        ):
            out.append(
                Candidate(
                    person_id=pid,
                    source=Source.DUE if was_reviewed else Source.NEW,
                    since=date.fromisoformat(since),
                    new_case=not was_reviewed,
                    detail="re-assessed" if was_reviewed else "CGA done, no MDT review yet",
                )
            )
        for pid, since, details in self.db.execute(
            "SELECT p.id, p.stage_since, (SELECT t.details FROM pathway_transitions t WHERE t.patient_id = p.id"
            " AND t.name = 'mark_review_due' ORDER BY t.id DESC LIMIT 1) FROM patients p WHERE p.stage = ?",
            [Stage.REVIEW_DUE.value],
        ):
            trigger = json.loads(details or "{}").get("trigger", "")
            out.append(
                Candidate(person_id=pid, source=Source.TRIGGERED, since=date.fromisoformat(since), detail=trigger)
            )
        horizon = on + timedelta(days=DUE_WINDOW_DAYS)
        for pid, due in self.db.execute(
            "SELECT id, next_review FROM patients WHERE stage = ? AND next_review < ?",
            (Stage.PLANNED.value, horizon.isoformat()),
        ):
            due_on = date.fromisoformat(due)
            out.append(
                Candidate(
                    person_id=pid,
                    source=Source.OVERDUE if due_on < on else Source.DUE,
                    since=due_on,
                    detail=f"review {'was ' if due_on < on else ''}due {due_on:%d %b}",
                )
            )
        return out
