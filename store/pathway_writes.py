"""Write methods for the pathway: adding people, taking blueprint steps, correcting events."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import sqlite_utils

from mdt_tui import pathway
from mdt_tui.corrections import CodedEvent
from mdt_tui.errors import IllegalTransition, MissingRequirement, NotFound, NotPermitted
from mdt_tui.finder import fold
from mdt_tui.models import CohortEntry, Patient, User
from mdt_tui.pathway import Stage
from mdt_tui.store.audit import to_json, write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.connection import inserted_id
from mdt_tui.store.meeting.authority import DECIDING, attribution


class PathwayWrites(_StoreBase):
    """Mixed into Store; relies on ``self.transaction()``, ``self.clock`` and ``self.db``."""

    # -- adding people ---------------------------------------------------------------------
    def add_person(
        self,
        user: User,
        patient: Patient,
        entry: CohortEntry,
        *,
        on: date | None = None,
        earlier: Sequence[CohortEntry] = (),
    ) -> int:
        """Add someone found by a cohort search: stage 'identified', coded 788921000000108.

        ``earlier``: older runs of searches that found them too, kept as their service-use history.
        """
        on = on or entry.run_date
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM patients WHERE nhs_number = ?", [patient.nhs_number]).fetchone():
                raise IllegalTransition(f"NHS number {patient.nhs_number} is already in this neighbourhood.")
            person_id = insert_patient(db, patient, on)
            for older in sorted(earlier, key=lambda e: e.run_date):
                insert_cohort_entry(db, person_id, older)
            insert_cohort_entry(db, person_id, entry)  # last: it is the latest
            write_audit(
                db, user, self.clock(), "add_person", "patient", person_id, None, patient.model_dump(mode="json")
            )
            self._apply(db, user, person_id, None, "identify", on, {"search_name": entry.search_name})
        return person_id

    # -- blueprint steps -------------------------------------------------------------------
    def take_step(
        self,
        user: User,
        person_id: int,
        step: str,
        *,
        on: date | None = None,
        details: Mapping[str, Any] | None = None,
        value: str | None = None,
    ) -> int:
        """Take one blueprint step for one person, as one transaction; returns the transition id."""
        with self.transaction() as db:
            current = self._stage_of(db, person_id)
            return self._apply(
                db, user, person_id, current, step, on or self.clock().date(), dict(details or {}), value
            )

    def mark_suitable(self, user: User, person_id: int, *, note: str = "", on: date | None = None) -> int:
        return self.take_step(user, person_id, "mark_suitable", on=on, details={"note": note})

    def mark_not_appropriate(
        self, user: User, person_id: int, *, reason: str, note: str = "", on: date | None = None
    ) -> int:
        return self.take_step(user, person_id, "mark_not_appropriate", on=on, details={"reason": reason, "note": note})

    def record_consent(self, user: User, person_id: int, *, on: date | None = None, **details: Any) -> int:
        return self.take_step(user, person_id, "record_consent", on=on, details=details)

    def record_decline(self, user: User, person_id: int, *, on: date | None = None, **details: Any) -> int:
        return self.take_step(user, person_id, "record_decline", on=on, details=details)

    def set_next_review(self, user: User, person_id: int, day: date, *, reason: str) -> None:
        """Set the date the person is next reviewed, with why that date was chosen."""
        with self.transaction() as db:
            row = db.execute("SELECT next_review FROM patients WHERE id = ?", [person_id]).fetchone()
            if row is None:
                raise NotFound(f"There is no person with id {person_id}.")
            db.execute("UPDATE patients SET next_review = ? WHERE id = ?", (day.isoformat(), person_id))
            write_audit(
                db,
                user,
                self.clock(),
                "set_next_review",
                "patient",
                person_id,
                {"next_review": row[0]},
                {"next_review": day.isoformat(), "reason": reason},
            )

    # -- corrections -----------------------------------------------------------------------
    def coded_event(self, event_id: int) -> CodedEvent:
        row = next(
            self.db.query(
                "SELECT e.*, c.id AS corrected_by_event, c.recorded_at AS corrected_at,"
                " coalesce(c.reason, e.reason) AS why FROM coded_events e"
                " LEFT JOIN coded_events c ON c.corrects_event_id = e.id WHERE e.id = ?",
                [event_id],
            ),
            None,
        )
        if row is None:
            raise NotFound(f"There is no coded event {event_id}.")
        return CodedEvent(
            id=row["id"],
            person_id=row["patient_id"],
            transition_id=row["transition_id"],
            snomed_code=row["snomed_code"],
            term=row["term"],
            value=row["value"],
            effective_date=row["effective_date"],
            recorded_by=row["recorded_by"],
            recorded_at=row["recorded_at"],
            status=row["status"],
            corrected_by_event=row["corrected_by_event"],
            corrected_at=row["corrected_at"],
            reason=row["why"],
        )

    def mark_entered_in_error(self, user: User, event_id: int, *, reason: str) -> int:
        """Mark a coded event *entered in error*; returns the correction event's id.

        The original row is never changed: a second row (status 'entered_in_error') points at it.
        An event from a pathway step reverses that step too (see ``correct_step``); a CGA score's
        event only withdraws the code."""
        reason = _reason(reason)
        with self.transaction() as db:
            event = next(db.query("SELECT * FROM coded_events WHERE id = ?", [event_id]), None)
            if event is None:
                raise NotFound(f"There is no coded event {event_id}.")
            if event["status"] != "final":
                raise IllegalTransition(f"Event {event_id} is itself a correction; it cannot be corrected.")
            if _correction_of(db, event_id) is not None:
                raise IllegalTransition(f"Event {event_id} is already marked as entered in error.")
            step = None
            if event["transition_id"] is not None:
                step = next(db.query("SELECT * FROM pathway_transitions WHERE id = ?", [event["transition_id"]]))
                self._check_reversible(db, step)
            _check_may_correct(user, step["name"] if step else "complete_cga", event["term"])
            correction_id = self._write_correction(db, user, event, reason)
            if step is not None:
                self._reverse(db, user, step, reason)
            self._correction_reaches_meetings(db, user, event, reason)  # see MeetingWrites
            return correction_id

    def correct_step(self, user: User, transition_id: int, *, reason: str) -> int | None:
        """Reverse a pathway step entered in error: the person goes back to the stage they were at
        before it, and the step's code (if it wrote one) is marked entered in error.

        Only the person's latest step can be reversed (steps already reversed do not count): a step
        with later steps after it is refused, so the stage it returns to is never a guess.
        Returns the correction event's id, or None for a step that wrote no code."""
        reason = _reason(reason)
        with self.transaction() as db:
            step = next(db.query("SELECT * FROM pathway_transitions WHERE id = ?", [transition_id]), None)
            if step is None:
                raise NotFound(f"There is no pathway step {transition_id}.")
            event = next(
                db.query("SELECT * FROM coded_events WHERE transition_id = ? AND status = 'final'", [transition_id]),
                None,
            )
            if event is not None and _correction_of(db, event["id"]) is None:
                return self.mark_entered_in_error(user, event["id"], reason=reason)
            self._check_reversible(db, step)
            _check_may_correct(user, step["name"], pathway.transition(step["name"]).label)
            self._reverse(db, user, step, reason)
            return None

    def _check_reversible(self, db: sqlite_utils.Database, step: dict) -> None:
        label = _step_label(step["name"])
        if step["name"] == "correction":
            raise IllegalTransition("A correction cannot itself be reversed.")
        if step["id"] in reversed_steps(db, step["patient_id"]):
            raise IllegalTransition(f"'{label}' has already been reversed as entered in error.")
        if step["from_stage"] is None:
            raise IllegalTransition(
                f"'{label}' cannot be reversed: the person had no stage before it. Mark them not appropriate instead."
            )
        latest = latest_step(db, step["patient_id"])
        if latest is not None and latest["id"] != step["id"]:
            raise IllegalTransition(
                f"'{label}' on {date.fromisoformat(step['effective_date']):%d %b %Y} is not the person's latest step"
                f" ('{_step_label(latest['name'])}' came after it): correct the later steps first, newest first."
            )
        if self._stage_of(db, step["patient_id"]).value != step["to_stage"]:
            raise IllegalTransition(f"'{label}' cannot be reversed: the person is no longer at the stage it led to.")

    def _write_correction(self, db: sqlite_utils.Database, user: User, event: dict, reason: str) -> int:
        now = self.clock()
        cursor = db.execute(
            "INSERT INTO coded_events (patient_id, transition_id, snomed_code, term, value,"
            " effective_date, recorded_by, recorded_at, status, corrects_event_id, reason)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'entered_in_error', ?, ?)",
            (
                event["patient_id"],
                event["transition_id"],
                event["snomed_code"],
                event["term"],
                event["value"],
                event["effective_date"],
                user.name,
                now.isoformat(timespec="seconds"),
                event["id"],
                reason,
            ),
        )
        write_audit(
            db,
            user,
            now,
            "mark_entered_in_error",
            "coded_event",
            event["id"],
            {"status": "final"},
            {"status": "entered_in_error", "reason": reason, "correction_event_id": cursor.lastrowid},
        )
        return inserted_id(cursor)

    def _reverse(self, db: sqlite_utils.Database, user: User, step: dict, reason: str) -> None:
        """A 'correction' step from where the step led back to where it started, and the stage with it."""
        now = self.clock()
        db.execute(
            "INSERT INTO pathway_transitions (patient_id, name, from_stage, to_stage, effective_date,"
            " recorded_at, by_name, by_role, details) VALUES (?, 'correction', ?, ?, ?, ?, ?, ?, ?)",
            (
                step["patient_id"],
                step["to_stage"],
                step["from_stage"],
                now.date().isoformat(),
                now.isoformat(timespec="seconds"),
                user.name,
                user.role.value,
                to_json({"undoes_transition": step["id"], "undoes_step": step["name"], "reason": reason}),
            ),
        )
        # Back to the stage as it was, since the day they reached it (waiting times stay true).
        prior = latest_step(db, step["patient_id"], before=step["id"])
        since = (
            date.fromisoformat(prior["effective_date"])
            if prior and prior["to_stage"] == step["from_stage"]
            else now.date()
        )
        self._set_stage(
            db,
            user,
            step["patient_id"],
            Stage(step["to_stage"]),
            Stage(step["from_stage"]),
            since,
            "correction",
            {"undoes_transition": step["id"], "reason": reason},
        )

    # -- internals -------------------------------------------------------------------------
    def _stage_of(self, db: sqlite_utils.Database, person_id: int) -> Stage:
        row = db.execute("SELECT stage FROM patients WHERE id = ?", [person_id]).fetchone()
        if row is None:
            raise NotFound(f"There is no person with id {person_id}.")
        return Stage(row[0])

    def _apply(
        self,
        db,
        user: User,
        person_id: int,
        current: Stage | None,
        step: str,
        on: date,
        details: dict,
        value: str | None = None,
    ) -> int:
        rule = pathway.transition(step)
        chair = DECIDING.get()  # keyed at a meeting by its minute-taker: the chair's decision (issue 14)
        rule.check(current, user.role, details, chair)
        by_name, by_role = user.name, user.role.value
        if chair is not None and chair.role is not None and rule.for_the_meeting(user.role, chair):
            details = {**details, **attribution(chair, user.name, user.role)}
            by_name, by_role = chair.name, chair.role.value
        now = self.clock()
        cursor = db.execute(
            "INSERT INTO pathway_transitions (patient_id, name, from_stage, to_stage, effective_date,"
            " recorded_at, by_name, by_role, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                person_id,
                step,
                current.value if current else None,
                rule.target.value,
                on.isoformat(),
                now.isoformat(timespec="seconds"),
                by_name,
                by_role,
                to_json(details) or "{}",
            ),
        )
        transition_id = cursor.lastrowid
        if rule.concept is not None:
            db.execute(
                "INSERT INTO coded_events (patient_id, transition_id, snomed_code, term, value,"
                " effective_date, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    person_id,
                    transition_id,
                    rule.concept.code,
                    rule.concept.term,
                    value,
                    on.isoformat(),
                    user.name,
                    now.isoformat(timespec="seconds"),
                ),
            )
        if current is not None:
            self._set_stage(db, user, person_id, current, rule.target, on, step, details)
        return transition_id

    def _set_stage(
        self,
        db,
        user: User,
        person_id: int,
        before: Stage,
        after: Stage,
        on: date,
        step: str = "correction",
        details: dict | None = None,
    ) -> None:
        db.execute(
            "UPDATE patients SET stage = ?, stage_since = ? WHERE id = ?", (after.value, on.isoformat(), person_id)
        )
        write_audit(
            db,
            user,
            self.clock(),
            step,
            "patient",
            person_id,
            {"stage": before.value},
            {"stage": after.value, **(details or {})},
        )


def insert_patient(db: sqlite_utils.Database, patient: Patient, on: date) -> int:
    data = patient.model_dump(mode="json", exclude={"carer_links", "next_of_kin"})
    data.update(
        next_of_kin=to_json(patient.next_of_kin.model_dump() if patient.next_of_kin else None),
        stage=Stage.IDENTIFIED.value,
        stage_since=on.isoformat(),
        identified_on=on.isoformat(),
        in_latest_search=1,
        search_text=search_text(patient.family_name, patient.given_name, patient.nhs_number),
    )
    columns = ", ".join(data)
    cursor = db.execute(f"INSERT INTO patients ({columns}) VALUES ({', '.join('?' * len(data))})", list(data.values()))
    person_id = inserted_id(cursor)
    for link in patient.carer_links:
        db.execute(
            "INSERT INTO carer_links (patient_id, kind, name, relationship, related_nhs_number) VALUES (?, ?, ?, ?, ?)",
            (person_id, link.kind, link.name, link.relationship, link.nhs_number),
        )
    return person_id


def insert_cohort_entry(db: sqlite_utils.Database, person_id: int, entry: CohortEntry) -> None:
    data = entry.model_dump(mode="json")
    data["patient_id"] = person_id
    columns = ", ".join(data)
    cursor = db.execute(
        f"INSERT INTO cohort_entries ({columns}) VALUES ({', '.join('?' * len(data))})", list(data.values())
    )
    db.execute("UPDATE patients SET latest_entry_id = ? WHERE id = ?", (cursor.lastrowid, person_id))


def search_text(family_name: str, given_name: str, nhs_number: str) -> str:
    return fold(f"{family_name} {given_name} {nhs_number}")


def latest_step(db: sqlite_utils.Database, person_id: int, *, before: int | None = None) -> dict | None:
    """The person's latest step that still stands (before step ``before`` if given): corrections and the
    steps they reversed do not count."""
    reversed_ = reversed_steps(db, person_id)
    for row in db.query(
        "SELECT * FROM pathway_transitions WHERE patient_id = ? AND name != 'correction' AND id < ? ORDER BY id DESC",
        [person_id, before or 2**62],
    ):
        if row["id"] not in reversed_:
            return row
    return None


def reversed_steps(db: sqlite_utils.Database, person_id: int) -> set[int]:
    return {
        r[0]
        for r in db.execute(
            "SELECT json_extract(details, '$.undoes_transition') FROM pathway_transitions"
            " WHERE patient_id = ? AND name = 'correction'",
            [person_id],
        )
    }


def _correction_of(db: sqlite_utils.Database, event_id: int) -> int | None:
    row = db.execute("SELECT id FROM coded_events WHERE corrects_event_id = ?", [event_id]).fetchone()
    return row[0] if row else None


def _reason(reason: str) -> str:
    if not reason.strip():
        raise MissingRequirement("Say why the entry was made in error; the reason goes to the practice.")
    return reason.strip()


def _step_label(name: str) -> str:
    return pathway.TRANSITIONS[name].label if name in pathway.TRANSITIONS else name.replace("_", " ")


def _check_may_correct(user: User, step: str, what: str) -> None:
    """Whoever may record a step may correct it (a CGA score: whoever may complete the CGA)."""
    rule = pathway.TRANSITIONS.get(step)
    if rule is not None and user.role not in rule.roles and not rule.for_the_meeting(user.role, DECIDING.get()):
        raise NotPermitted(
            f"A {user.role.label} cannot correct '{what}': only a role that may {rule.label.lower()} can."
        )
