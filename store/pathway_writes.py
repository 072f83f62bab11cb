"""Write methods for the pathway: adding people, taking blueprint steps, correcting events."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import sqlite_utils

from mdt_tui import pathway
from mdt_tui.errors import IllegalTransition, NotFound
from mdt_tui.finder import fold
from mdt_tui.models import CohortEntry, Patient, User
from mdt_tui.pathway import Stage
from mdt_tui.store.audit import to_json, write_audit


class PathwayWrites:
    """Mixed into Store; relies on ``self.transaction()``, ``self.clock`` and ``self.db``."""

    # -- adding people ---------------------------------------------------------------------
    def add_person(self, user: User, patient: Patient, entry: CohortEntry, *, on: date | None = None,
                   earlier: Sequence[CohortEntry] = ()) -> int:
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
            write_audit(db, user, self.clock(), "add_person", "patient", person_id,
                        None, patient.model_dump(mode="json"))
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
            return self._apply(db, user, person_id, current, step, on or self.clock().date(),
                               dict(details or {}), value)

    def mark_suitable(self, user: User, person_id: int, *, note: str = "", on: date | None = None) -> int:
        return self.take_step(user, person_id, "mark_suitable", on=on, details={"note": note})

    def mark_not_appropriate(self, user: User, person_id: int, *, reason: str, note: str = "",
                             on: date | None = None) -> int:
        return self.take_step(user, person_id, "mark_not_appropriate", on=on,
                              details={"reason": reason, "note": note})

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
            write_audit(db, user, self.clock(), "set_next_review", "patient", person_id,
                        {"next_review": row[0]}, {"next_review": day.isoformat(), "reason": reason})

    # -- corrections -----------------------------------------------------------------------
    def mark_entered_in_error(self, user: User, event_id: int, *, reason: str) -> int:
        """Add an 'entered in error' event for ``event_id``; the original row is never changed.

        When the event came from the person's latest step, the step is undone as well."""
        if not reason.strip():
            raise IllegalTransition("Say why the entry was made in error.")
        with self.transaction() as db:
            event = next(db.query("SELECT * FROM coded_events WHERE id = ?", [event_id]), None)
            if event is None:
                raise NotFound(f"There is no coded event {event_id}.")
            if event["status"] != "final":
                raise IllegalTransition("A correction cannot itself be marked as entered in error.")
            if db.execute("SELECT 1 FROM coded_events WHERE corrects_event_id = ?", [event_id]).fetchone():
                raise IllegalTransition(f"Event {event_id} is already marked as entered in error.")
            now = self.clock()
            cursor = db.execute(
                "INSERT INTO coded_events (patient_id, transition_id, snomed_code, term, value,"
                " effective_date, recorded_by, recorded_at, status, corrects_event_id, reason)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'entered_in_error', ?, ?)",
                (event["patient_id"], event["transition_id"], event["snomed_code"], event["term"],
                 event["value"], event["effective_date"], user.name, now.isoformat(timespec="seconds"),
                 event_id, reason.strip()),
            )
            write_audit(db, user, now, "mark_entered_in_error", "coded_event", event_id,
                        {"status": "final"}, {"status": "entered_in_error", "reason": reason.strip()})
            self._undo_step_if_latest(db, user, event)
            return cursor.lastrowid

    def _undo_step_if_latest(self, db: sqlite_utils.Database, user: User, event: dict) -> None:
        if event["transition_id"] is None:
            return
        latest = db.execute(
            "SELECT id, from_stage, to_stage FROM pathway_transitions WHERE patient_id = ?"
            " ORDER BY id DESC LIMIT 1", [event["patient_id"]],
        ).fetchone()
        if latest is None or latest[0] != event["transition_id"] or latest[1] is None:
            return
        now = self.clock()
        db.execute(
            "INSERT INTO pathway_transitions (patient_id, name, from_stage, to_stage, effective_date,"
            " recorded_at, by_name, by_role, details) VALUES (?, 'correction', ?, ?, ?, ?, ?, ?, ?)",
            (event["patient_id"], latest[2], latest[1], now.date().isoformat(),
             now.isoformat(timespec="seconds"), user.name, user.role.value,
             json.dumps({"undoes_transition": latest[0]})),
        )
        self._set_stage(db, user, event["patient_id"], Stage(latest[2]), Stage(latest[1]), now.date())

    # -- internals -------------------------------------------------------------------------
    def _stage_of(self, db: sqlite_utils.Database, person_id: int) -> Stage:
        row = db.execute("SELECT stage FROM patients WHERE id = ?", [person_id]).fetchone()
        if row is None:
            raise NotFound(f"There is no person with id {person_id}.")
        return Stage(row[0])

    def _apply(self, db, user: User, person_id: int, current: Stage | None, step: str, on: date,
               details: dict, value: str | None = None) -> int:
        rule = pathway.transition(step)
        rule.check(current, user.role, details)
        now = self.clock()
        cursor = db.execute(
            "INSERT INTO pathway_transitions (patient_id, name, from_stage, to_stage, effective_date,"
            " recorded_at, by_name, by_role, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (person_id, step, current.value if current else None, rule.target.value, on.isoformat(),
             now.isoformat(timespec="seconds"), user.name, user.role.value, to_json(details) or "{}"),
        )
        transition_id = cursor.lastrowid
        if rule.concept is not None:
            db.execute(
                "INSERT INTO coded_events (patient_id, transition_id, snomed_code, term, value,"
                " effective_date, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (person_id, transition_id, rule.concept.code, rule.concept.term, value,
                 on.isoformat(), user.name, now.isoformat(timespec="seconds")),
            )
        if current is not None:
            self._set_stage(db, user, person_id, current, rule.target, on, step, details)
        return transition_id

    def _set_stage(self, db, user: User, person_id: int, before: Stage, after: Stage, on: date,
                   step: str = "correction", details: dict | None = None) -> None:
        db.execute("UPDATE patients SET stage = ?, stage_since = ? WHERE id = ?",
                   (after.value, on.isoformat(), person_id))
        write_audit(db, user, self.clock(), step, "patient", person_id,
                    {"stage": before.value}, {"stage": after.value, **(details or {})})


def insert_patient(db: sqlite_utils.Database, patient: Patient, on: date) -> int:
    data = patient.model_dump(mode="json", exclude={"carer_links", "next_of_kin"})
    data.update(
        next_of_kin=to_json(patient.next_of_kin.model_dump() if patient.next_of_kin else None),
        stage=Stage.IDENTIFIED.value, stage_since=on.isoformat(), identified_on=on.isoformat(),
        in_latest_search=1, search_text=search_text(patient.family_name, patient.given_name, patient.nhs_number),
    )
    columns = ", ".join(data)
    cursor = db.execute(f"INSERT INTO patients ({columns}) VALUES ({', '.join('?' * len(data))})",
                        list(data.values()))
    person_id = cursor.lastrowid
    for link in patient.carer_links:
        db.execute(
            "INSERT INTO carer_links (patient_id, kind, name, relationship, related_nhs_number)"
            " VALUES (?, ?, ?, ?, ?)",
            (person_id, link.kind, link.name, link.relationship, link.nhs_number),
        )
    return person_id


def insert_cohort_entry(db: sqlite_utils.Database, person_id: int, entry: CohortEntry) -> None:
    data = entry.model_dump(mode="json")
    data["patient_id"] = person_id
    columns = ", ".join(data)
    cursor = db.execute(f"INSERT INTO cohort_entries ({columns}) VALUES ({', '.join('?' * len(data))})",
                        list(data.values()))
    db.execute("UPDATE patients SET latest_entry_id = ? WHERE id = ?", (cursor.lastrowid, person_id))


def search_text(family_name: str, given_name: str, nhs_number: str) -> str:
    return fold(f"{family_name} {given_name} {nhs_number}")
