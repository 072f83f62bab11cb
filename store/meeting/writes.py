"""Write methods for meetings: create, attendance, agenda, outcomes and decisions, close with carry-over.

Every method is one transaction with an audit row; an outcome writes its coded event(s) in the
same transaction and records them against the case, so the minutes and `--meeting` exports find them.
A held meeting is closed: every change is refused except an addendum, which follows the minutes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

import sqlite_utils

from mdt_tui import pathway
from mdt_tui.errors import IllegalTransition, MissingRequirement, NotFound
from mdt_tui.households.records import keep_households_together
from mdt_tui.meeting.agenda import NEEDS_REASON, AgendaItem, Outcome, Source, carried_over
from mdt_tui.models import User
from mdt_tui.pathway import MeetingChair
from mdt_tui.store.audit import to_json, write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.connection import inserted_id
from mdt_tui.store.meeting.authority import attribution, deciding
from mdt_tui.store.pathway_writes import reversed_steps

_CASE_COLUMNS = ("meeting_id", "patient_id", "position", "source", "detail", "new_case", "minutes")
# Outcomes that are pathway steps of their own (each writes its code through the step).
_STEPS = {Outcome.NOT_APPROPRIATE: "mark_not_appropriate", Outcome.DECLINED: "record_decline"}


class MeetingWrites(_StoreBase):
    """Mixed into Store; relies on ``transaction()``, ``clock``, ``_stage_of``, the plan, review and action writes."""

    def create_meeting(
        self,
        user: User,
        *,
        held_on: date,
        session_minutes: int,
        starts_at: str = "13:00",
        chair_id: int | None = None,
        minute_taker_id: int | None = None,
        guests: str = "",
        attendance: dict[int, str] | None = None,
        agenda: Sequence[AgendaItem] = (),
    ) -> int:
        now = self.clock()
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO meetings (held_on, starts_at, neighbourhood, session_minutes, chair_member_id,"
                " minute_taker_member_id, guests, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    held_on.isoformat(),
                    starts_at,
                    self.neighbourhood(),
                    session_minutes,
                    chair_id,
                    minute_taker_id,
                    guests.strip(),
                    _stamp(now),
                    user.name,
                ),
            )
            meeting_id = inserted_id(cursor)
            for member_id, how in (attendance or {}).items():
                db.execute("INSERT INTO meeting_attendance VALUES (?, ?, ?)", (meeting_id, member_id, how))
            # Household members next to each other (households.py), so they can be discussed together.
            agenda = keep_households_together(
                agenda, self.household_ids([i.person_id for i in agenda]), lambda item: item.person_id
            )
            for item in agenda:
                _insert_case(db, meeting_id, item)
            write_audit(
                db,
                user,
                now,
                "create_meeting",
                "meeting",
                meeting_id,
                None,
                {"held_on": held_on, "cases": [i.person_id for i in agenda], "attendance": attendance},
            )
        return meeting_id

    def update_meeting(
        self,
        user: User,
        meeting_id: int,
        *,
        held_on: date,
        starts_at: str,
        chair_id: int | None,
        minute_taker_id: int | None,
        guests: str,
        based_on: int | None = None,
    ) -> None:
        """``based_on`` (here and in the agenda writes): the agenda's ``edit_version`` the change was made on."""
        with self.transaction() as db:
            self._open_meeting(db, meeting_id)
            self._claim_version(db, user, self.clock(), "agenda", meeting_id, based_on)
            db.execute(
                "UPDATE meetings SET held_on = ?, starts_at = ?, chair_member_id = ?, minute_taker_member_id = ?,"
                " guests = ? WHERE id = ?",
                (held_on.isoformat(), starts_at, chair_id, minute_taker_id, guests.strip(), meeting_id),
            )
            write_audit(
                db,
                user,
                self.clock(),
                "update_meeting",
                "meeting",
                meeting_id,
                None,
                {
                    "held_on": held_on,
                    "starts_at": starts_at,
                    "chair_id": chair_id,
                    "minute_taker_id": minute_taker_id,
                    "guests": guests,
                },
            )

    def set_attendance(self, user: User, meeting_id: int, member_id: int, attendance: str | None) -> None:
        """In person, remote, apologies — or None to take them off the list."""
        with self.transaction() as db:
            self._open_meeting(db, meeting_id)
            db.execute("DELETE FROM meeting_attendance WHERE meeting_id = ? AND member_id = ?", (meeting_id, member_id))
            if attendance:
                db.execute("INSERT INTO meeting_attendance VALUES (?, ?, ?)", (meeting_id, member_id, attendance))
            write_audit(
                db,
                user,
                self.clock(),
                "set_attendance",
                "meeting",
                meeting_id,
                None,
                {"member_id": member_id, "attendance": attendance},
            )

    def plan_meeting(
        self, user: User, *, held_on: date, starts_at: str, session_minutes: int, agenda: Sequence[AgendaItem]
    ) -> int:
        """A further meeting, one a day: refused on a date that already has one."""
        with self.transaction() as db:
            taken = db.execute("SELECT id FROM meetings WHERE held_on = ?", [held_on.isoformat()]).fetchone()
            if taken:
                raise IllegalTransition(
                    f"There is already a meeting on {held_on:%d/%m/%Y} (meeting {taken[0]}); choose another date."
                )
            return self.create_meeting(
                user, held_on=held_on, starts_at=starts_at, session_minutes=session_minutes, agenda=agenda
            )

    def add_to_agenda(self, user: User, meeting_id: int, item: AgendaItem, *, based_on: int | None = None) -> None:
        """One more case at the end; only someone on the caseload, and only once."""
        with self.transaction() as db:
            self._open_meeting(db, meeting_id)
            self._claim_version(db, user, self.clock(), "agenda", meeting_id, based_on)
            taken = [
                r[0]
                for r in db.execute(
                    "SELECT patient_id FROM meeting_cases WHERE meeting_id = ? ORDER BY position, id", [meeting_id]
                )
            ]
            if item.person_id in taken:
                raise IllegalTransition(
                    f"That person is already on the agenda, as case {taken.index(item.person_id) + 1} of {len(taken)}."
                )
            stage = self._stage_of(db, item.person_id)
            if stage not in pathway.CASELOAD_STAGES:
                raise IllegalTransition(
                    f"This person is not on the caseload ({stage.label.lower()}), so cannot go on the agenda."
                )
            _insert_case(db, meeting_id, item)
            write_audit(
                db, user, self.clock(), "add_to_agenda", "meeting", meeting_id, None, item.model_dump(mode="json")
            )

    def remove_from_agenda(self, user: User, meeting_id: int, person_id: int, *, based_on: int | None = None) -> None:
        with self.transaction() as db:
            self._open_meeting(db, meeting_id)
            self._claim_version(db, user, self.clock(), "agenda", meeting_id, based_on)
            case_id, outcome = self._case_row(db, meeting_id, person_id)
            if outcome or db.execute("SELECT 1 FROM meeting_decisions WHERE case_id = ?", [case_id]).fetchone():
                raise IllegalTransition("A case with decisions recorded stays on the agenda.")
            db.execute("DELETE FROM meeting_cases WHERE id = ?", [case_id])
            write_audit(db, user, self.clock(), "remove_from_agenda", "meeting", meeting_id, {"person_id": person_id})

    def move_on_agenda(
        self, user: User, meeting_id: int, person_id: int, step: int, *, based_on: int | None = None
    ) -> None:
        """Move a case up (step -1) or down (+1) the agenda."""
        with self.transaction() as db:
            self._open_meeting(db, meeting_id)
            self._claim_version(db, user, self.clock(), "agenda", meeting_id, based_on)
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT patient_id FROM meeting_cases WHERE meeting_id = ? ORDER BY position, id", [meeting_id]
                )
            ]
            index = ids.index(person_id)
            target = max(0, min(len(ids) - 1, index + step))
            ids.insert(target, ids.pop(index))
            _renumber_cases(db, meeting_id, ids)
            write_audit(
                db,
                user,
                self.clock(),
                "move_on_agenda",
                "meeting",
                meeting_id,
                {"position": index},
                {"person_id": person_id, "position": target},
            )

    def start_meeting(self, user: User, meeting_id: int) -> None:
        with self.transaction() as db:
            status = self._meeting_status(db, meeting_id)
            if status == "held":
                raise IllegalTransition("This meeting has been closed; its minutes can be exported.")
            db.execute(
                "UPDATE meetings SET status = 'in_progress', started_at = coalesce(started_at, ?) WHERE id = ?",
                (_stamp(self.clock()), meeting_id),
            )
            write_audit(
                db,
                user,
                self.clock(),
                "start_meeting",
                "meeting",
                meeting_id,
                {"status": status},
                {"status": "in_progress"},
            )

    def save_case_notes(
        self, user: User, meeting_id: int, person_id: int, *, know: str, dont_know: str, assume: str
    ) -> None:
        """What do we know, what don't we know, what are we assuming?"""
        with self.transaction() as db:
            self._open_meeting(db, meeting_id)
            self._minute_taker_only(db, user, meeting_id)  # issue 19: one minute-taker at a time
            case_id, _ = self._case_row(db, meeting_id, person_id)
            db.execute(
                "UPDATE meeting_cases SET know = ?, dont_know = ?, assume = ? WHERE id = ?",
                (know.strip(), dont_know.strip(), assume.strip(), case_id),
            )
            write_audit(
                db,
                user,
                self.clock(),
                "save_case_notes",
                "meeting_case",
                case_id,
                None,
                {"know": know, "dont_know": dont_know, "assume": assume},
            )

    def record_outcome(
        self, user: User, meeting_id: int, person_id: int, outcome: Outcome, *, reason: str = "", seconds_spent: int = 0
    ) -> list[int]:
        """The case's outcome with its coded event(s), at once; returns the coded event ids written."""
        reason = reason.strip()
        if outcome in NEEDS_REASON and not reason:
            raise MissingRequirement(f"{outcome.label}: give a reason; it goes in the minutes.")
        with self.transaction() as db:
            held_on = self._open_meeting(db, meeting_id)
            self._minute_taker_only(db, user, meeting_id)  # issue 19: one minute-taker at a time
            case_id, before = self._case_row(db, meeting_id, person_id)
            if before and before != Outcome.DEFERRED.value:
                raise IllegalTransition(f"This case's outcome is already recorded ({Outcome(before).label}).")
            first = self._last_event_id(db)
            first_step = db.execute("SELECT coalesce(max(id), 0) FROM pathway_transitions").fetchone()[0]
            chair = self._deciding_chair(db, user, meeting_id)
            with deciding(chair):  # keyed by the minute-taker: the steps are the chair's decision (issue 14)
                reused = self._outcome_steps(db, user, meeting_id, person_id, outcome, reason, held_on)
            events = (
                reused
                if reused is not None
                else [
                    r[0]
                    for r in db.execute(
                        "SELECT id FROM coded_events WHERE id > ? AND patient_id = ? ORDER BY id", (first, person_id)
                    )
                ]
            )
            steps = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM pathway_transitions WHERE id > ? AND patient_id = ? ORDER BY id",
                    (first_step, person_id),
                )
            ]
            db.execute(
                "UPDATE meeting_cases SET outcome = ?, outcome_reason = ?, seconds_spent = ?,"
                " outcome_transitions = ? WHERE id = ?",
                (outcome.value, reason, int(seconds_spent), to_json(steps), case_id),
            )
            text = outcome.label + (f": {reason}" if reason else "")
            if chair is not None and chair.why_not() is None:  # keyed by the minute-taker: whose decision it is
                text += f" (the chair's decision: {chair.name})"
            for event_id in events or [None]:
                self._decision(db, user, case_id, "outcome", text, coded_event_id=event_id)
            write_audit(
                db,
                user,
                self.clock(),
                "record_outcome",
                "meeting_case",
                case_id,
                {"outcome": before},
                {
                    "outcome": outcome.value,
                    "reason": reason,
                    "events": events,
                    **(attribution(chair, user.name, user.role) if chair and chair.why_not() is None else {}),
                },
            )
        return events

    def _deciding_chair(self, db: sqlite_utils.Database, user: User, meeting_id: int) -> MeetingChair | None:
        """The meeting's chair when a minute-taker keys its decisions; None for anyone else (their own)."""
        return self.meeting_chair(meeting_id, db) if user.role in pathway.MINUTE_TAKERS else None

    def withdraw_outcome(self, user: User, meeting_id: int, person_id: int, *, reason: str) -> None:
        """Undo the case's outcome as entered in error: the pathway steps it took are reversed, newest
        first (their codes marked entered in error), and the case waits for its outcome again. The
        outcome and its withdrawal both stay in the decisions, so the minutes show both."""
        reason = reason.strip()
        if not reason:
            raise MissingRequirement("Say why the outcome was entered in error; it goes in the minutes.")
        with self.transaction() as db:
            self._open_meeting(db, meeting_id)
            self._minute_taker_only(db, user, meeting_id)  # issue 19: one minute-taker at a time
            case_id, outcome = self._case_row(db, meeting_id, person_id)
            if outcome is None:
                raise IllegalTransition("This case has no outcome to undo.")
            steps = json.loads(
                db.execute("SELECT outcome_transitions FROM meeting_cases WHERE id = ?", [case_id]).fetchone()[0]
            )
            self._withdraw(db, user, case_id, outcome, reason)  # first, so the corrections below find it withdrawn
            already = reversed_steps(db, person_id)
            with deciding(self._deciding_chair(db, user, meeting_id)):  # the minute-taker undoes what they keyed
                for step in reversed(steps):
                    if step not in already:
                        self.correct_step(user, step, reason=reason)

    def _correction_reaches_meetings(self, db: sqlite_utils.Database, user: User, event: dict, reason: str) -> None:
        """A coded outcome marked entered in error (from the person screen or `mdt correct`): in a meeting
        still open, the case's outcome is withdrawn with it; in a held one, the minutes stay as they
        were and the correction follows them as an addendum (without identifiers)."""
        for case_id, meeting_id, status, outcome in db.execute(
            "SELECT DISTINCT c.id, c.meeting_id, m.status, c.outcome FROM meeting_decisions d"
            " JOIN meeting_cases c ON c.id = d.case_id JOIN meetings m ON m.id = c.meeting_id"
            " WHERE d.coded_event_id = ? AND d.kind = 'outcome'",
            [event["id"]],
        ).fetchall():
            if status == "held":
                self.add_addendum(
                    user,
                    meeting_id,
                    f"Coded outcome {event['snomed_code']} {event['term']}"
                    f" (event {event['id']}) marked entered in error: {reason}",
                )
            elif outcome is not None:
                self._withdraw(db, user, case_id, outcome, reason)

    def _withdraw(self, db: sqlite_utils.Database, user: User, case_id: int, outcome: str, reason: str) -> None:
        steps = db.execute("SELECT outcome_transitions FROM meeting_cases WHERE id = ?", [case_id]).fetchone()[0]
        db.execute(
            "UPDATE meeting_cases SET outcome = NULL, outcome_reason = '', outcome_transitions = '[]' WHERE id = ?",
            [case_id],
        )
        self._decision(
            db, user, case_id, "correction", f"Outcome '{Outcome(outcome).label}' withdrawn, entered in error: {reason}"
        )
        write_audit(
            db,
            user,
            self.clock(),
            "withdraw_outcome",
            "meeting_case",
            case_id,
            {"outcome": outcome},
            {"outcome": None, "reason": reason, "steps": json.loads(steps)},
        )

    def add_addendum(self, user: User, meeting_id: int, text: str) -> int:
        """What was learned after a held meeting: text, who and when, shown after its minutes."""
        text = text.strip()
        if not text:
            raise MissingRequirement("Type the addendum.")
        now = self.clock()
        with self.transaction() as db:
            if self._meeting_status(db, meeting_id) != "held":
                raise IllegalTransition("An addendum is for a meeting already held; record it in the meeting itself.")
            addendum = inserted_id(
                db.execute(
                    "INSERT INTO meeting_addenda (meeting_id, text, by_name, by_role, at) VALUES (?, ?, ?, ?, ?)",
                    (meeting_id, text, user.name, user.role.value, _stamp(now)),
                )
            )
            write_audit(
                db, user, now, "add_addendum", "meeting", meeting_id, None, {"addendum": addendum, "text": text}
            )
        return addendum

    def record_review_date(self, user: User, meeting_id: int, person_id: int, day: date, *, reason: str) -> None:
        with self.transaction() as db:
            self._open_meeting(db, meeting_id)
            self._minute_taker_only(db, user, meeting_id)  # issue 19: one minute-taker at a time
            case_id, _ = self._case_row(db, meeting_id, person_id)
            self.set_next_review(user, person_id, day, reason=reason)
            self._decision(db, user, case_id, "review", f"Next review {day:%d %b %Y} — {reason}")

    def record_action(
        self, user: User, meeting_id: int, person_id: int, *, description: str, owner_id: int | None, due: date | None
    ) -> int:
        with self.transaction() as db:
            self._open_meeting(db, meeting_id)
            self._minute_taker_only(db, user, meeting_id)  # issue 19: one minute-taker at a time
            case_id, _ = self._case_row(db, meeting_id, person_id)
            action_id = self.add_action(user, person_id, description=description, owner_id=owner_id, due=due)
            owner = self.team_member(owner_id).name if owner_id else "unassigned"
            when = f", due {due:%d %b %Y}" if due else ""
            self._decision(
                db, user, case_id, "action", f"Action: {description.strip()} — {owner}{when}", action_id=action_id
            )
        return action_id

    def record_decision(self, user: User, meeting_id: int, person_id: int, text: str) -> None:
        if not text.strip():
            raise MissingRequirement("Type the decision.")
        with self.transaction() as db:
            self._open_meeting(db, meeting_id)
            self._minute_taker_only(db, user, meeting_id)  # issue 19: one minute-taker at a time
            case_id, _ = self._case_row(db, meeting_id, person_id)
            self._decision(db, user, case_id, "note", text.strip())

    def close_meeting(self, user: User, meeting_id: int) -> list[int]:
        """Close the meeting; cases not discussed (or deferred) go onto the next upcoming meeting's agenda."""
        with self.transaction() as db:
            held_on = self._open_meeting(db, meeting_id)
            self._minute_taker_only(db, user, meeting_id)  # issue 19: one minute-taker at a time
            rows = db.execute(
                "SELECT patient_id, outcome, detail, new_case, minutes FROM meeting_cases"
                " WHERE meeting_id = ? ORDER BY position, id",
                [meeting_id],
            ).fetchall()
            outcomes = [(r[0], Outcome(r[1]) if r[1] else None) for r in rows]
            carried = carried_over(outcomes)
            db.execute(
                "UPDATE meetings SET status = 'held', closed_at = ? WHERE id = ?", (_stamp(self.clock()), meeting_id)
            )
            following = db.execute(
                "SELECT id FROM meetings WHERE status = 'upcoming' AND id != ? AND held_on >= ?"
                " ORDER BY held_on, id LIMIT 1",
                (meeting_id, held_on),
            ).fetchone()
            if following:
                taken = {
                    r[0] for r in db.execute("SELECT patient_id FROM meeting_cases WHERE meeting_id = ?", following)
                }
                details = {r[0]: r for r in rows}
                for person_id in carried:
                    if person_id not in taken:
                        _, outcome, detail, new_case, minutes = details[person_id]
                        why = "deferred" if outcome else "not discussed"
                        _insert_case(
                            db,
                            following[0],
                            AgendaItem(
                                person_id=person_id,
                                source=Source.CARRIED_OVER,
                                minutes=minutes,
                                new_case=bool(new_case),
                                detail=f"{why} on {held_on:%d %b}" + (f"; {detail}" if detail else ""),
                            ),
                            first=True,
                        )
            write_audit(
                db,
                user,
                self.clock(),
                "close_meeting",
                "meeting",
                meeting_id,
                None,
                {"carried_over": carried, "to_meeting": following[0] if following else None},
            )
        return carried

    # -- internals ---------------------------------------------------------------------------
    def _outcome_steps(
        self,
        db: sqlite_utils.Database,
        user: User,
        meeting_id: int,
        person_id: int,
        outcome: Outcome,
        reason: str,
        on: date,
    ) -> list[int] | None:
        """Take the outcome's pathway steps; returns the coded events reused instead, if any."""
        stage = self._stage_of(db, person_id)
        if outcome is Outcome.PLAN_AGREED and (agreed := self.agreed_on(db, person_id, on)) is not None:
            return [agreed]  # agreed already today (plan screen C): one review, one code
        if outcome is Outcome.PLAN_AGREED:
            review = pathway.transition("complete_mdt_review")
            if stage not in review.sources and stage in pathway.transition("mark_review_due").sources:
                # A planned review: the review is reached, then completed — the person stays planned.
                self.trigger_review(user, person_id, trigger="Review date reached", on=on, note=f"meeting {meeting_id}")
            self.complete_mdt_review(user, person_id, on=on, meeting_id=meeting_id)  # ReviewIncomplete if not ready
        elif outcome is Outcome.STEP_DOWN:
            self.step_down(user, person_id, reason=reason, on=on)
        elif outcome is Outcome.TRANSFER_GSF:
            self.transfer_to_gsf(user, person_id, reason=reason, on=on)
        elif outcome in _STEPS:
            self._apply(db, user, person_id, stage, _STEPS[outcome], on, {"reason": reason, "meeting": True})
        return None

    def _decision(
        self,
        db: sqlite_utils.Database,
        user: User,
        case_id: int,
        kind: str,
        text: str,
        *,
        coded_event_id: int | None = None,
        action_id: int | None = None,
    ) -> None:
        db.execute(
            "INSERT INTO meeting_decisions (case_id, kind, text, coded_event_id, action_id, recorded_at,"
            " recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (case_id, kind, text, coded_event_id, action_id, _stamp(self.clock()), user.name),
        )
        write_audit(db, user, self.clock(), f"meeting_{kind}", "meeting_case", case_id, None, {"text": text})

    def _meeting_status(self, db: sqlite_utils.Database, meeting_id: int) -> str:
        row = db.execute("SELECT status FROM meetings WHERE id = ?", [meeting_id]).fetchone()
        if row is None:
            raise NotFound(f"There is no meeting {meeting_id}.")
        return row[0]

    def _open_meeting(self, db: sqlite_utils.Database, meeting_id: int) -> date:
        if self._meeting_status(db, meeting_id) == "held":
            raise IllegalTransition(
                f"Meeting {meeting_id} has been held and closed: its minutes cannot change."
                " Add an addendum for anything learned since."
            )
        return date.fromisoformat(db.execute("SELECT held_on FROM meetings WHERE id = ?", [meeting_id]).fetchone()[0])

    def _case_row(self, db: sqlite_utils.Database, meeting_id: int, person_id: int) -> tuple[int, str | None]:
        row = db.execute(
            "SELECT id, outcome FROM meeting_cases WHERE meeting_id = ? AND patient_id = ?", (meeting_id, person_id)
        ).fetchone()
        if row is None:
            raise NotFound(f"That person is not on the agenda of meeting {meeting_id}.")
        return row[0], row[1]

    def _last_event_id(self, db: sqlite_utils.Database) -> int:
        return db.execute("SELECT coalesce(max(id), 0) FROM coded_events").fetchone()[0]


def _renumber_cases(db: sqlite_utils.Database, meeting_id: int, person_ids: list[int]) -> None:
    """Give the meeting's cases the agenda order ``person_ids`` (positions 0, 1, …)."""
    for position, pid in enumerate(person_ids):
        db.execute(
            "UPDATE meeting_cases SET position = ? WHERE meeting_id = ? AND patient_id = ?",
            (position, meeting_id, pid),
        )


def _insert_case(db: sqlite_utils.Database, meeting_id: int, item: AgendaItem, *, first: bool = False) -> None:
    edge = "min(position) - 1" if first else "max(position) + 1"
    position = db.execute(
        f"SELECT coalesce({edge}, 0) FROM meeting_cases WHERE meeting_id = ?", [meeting_id]
    ).fetchone()[0]
    values = (meeting_id, item.person_id, position, item.source.value, item.detail, int(item.new_case), item.minutes)
    db.execute(
        f"INSERT INTO meeting_cases ({', '.join(_CASE_COLUMNS)}) VALUES ({', '.join('?' * len(values))})", values
    )


def _stamp(moment) -> str:  # noqa: ANN001
    return moment.isoformat(timespec="seconds")
