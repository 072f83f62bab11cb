"""Write and read methods for steps 1–2 after import: desktop review, first contact, consent."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from mdt_tui.consent.records import (
    CONTACT_METHODS,
    AwaitingContact,
    Consent,
    ContactAttempt,
    Decline,
    FirstContact,
    NamedPerson,
    NotAwaitingReview,
)
from mdt_tui.errors import MissingRequirement, NotFound
from mdt_tui.models import User
from mdt_tui.pathway import Stage
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.connection import inserted_id

_CHUNK = 500  # people per IN list: well under any database's limit on bound parameters


class ConsentWrites(_StoreBase):
    def mark_suitable_many(
        self, user: User, person_ids: Iterable[int], *, note: str = "", on: date | None = None
    ) -> int:
        """Desktop review 'suitable' for a selection, all or nothing.

        A selection of more than one person in which anyone is not awaiting desktop review is refused as a
        whole before any step is taken (NotAwaitingReview names them; one query, in the writer's thread)."""
        ids = list(person_ids)
        with self.transaction() as db:
            if len(ids) > 1:
                others = [
                    NamedPerson(*row)
                    for start in range(0, len(ids), _CHUNK)
                    for row in db.execute(
                        "SELECT id, family_name, given_name FROM patients WHERE stage != ? AND id IN"
                        f" ({', '.join('?' * len(ids[start : start + _CHUNK]))}) ORDER BY id",
                        [Stage.IDENTIFIED.value, *ids[start : start + _CHUNK]],
                    )
                ]
                if others:
                    raise NotAwaitingReview(len(ids), sorted(others, key=lambda p: p.id))
            for person_id in ids:
                self.mark_suitable(user, person_id, note=note, on=on)
        return len(ids)

    def assign_first_contact(self, user: User, person_ids: Iterable[int], *, member_id: int | None, method: str) -> int:
        """Who makes first contact (a team member, or unassigned until then) and how, for a selection."""
        if method not in CONTACT_METHODS:
            raise MissingRequirement(f"Choose how to make contact: {', '.join(CONTACT_METHODS.values())}.")
        ids = list(person_ids)
        with self.transaction() as db:
            if member_id is not None:
                self.team_member(member_id)
            for person_id in ids:
                row = db.execute(
                    "SELECT first_contact_member_id, first_contact_method FROM patients WHERE id = ?", [person_id]
                ).fetchone()
                if row is None:
                    raise NotFound(f"There is no person with id {person_id}.")
                db.execute(
                    "UPDATE patients SET first_contact_member_id = ?, first_contact_method = ? WHERE id = ?",
                    (member_id, method, person_id),
                )
                write_audit(
                    db,
                    user,
                    self.clock(),
                    "assign_first_contact",
                    "patient",
                    person_id,
                    {"member_id": row[0], "method": row[1]},
                    {"member_id": member_id, "method": method},
                )
        return len(ids)

    def record_contact_attempt(self, user: User, person_id: int, attempt: ContactAttempt) -> int:
        now = self.clock()
        with self.transaction() as db:
            self._stage_of(db, person_id)
            cursor = db.execute(
                "INSERT INTO contact_attempts (patient_id, attempted_on, method, outcome, note, by_name, recorded_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    person_id,
                    attempt.on.isoformat(),
                    attempt.method,
                    attempt.outcome,
                    attempt.note,
                    user.name,
                    now.isoformat(timespec="seconds"),
                ),
            )
            write_audit(
                db, user, now, "record_contact_attempt", "patient", person_id, None, attempt.model_dump(mode="json")
            )
        return inserted_id(cursor)

    def consent(self, user: User, person_id: int, consent: Consent) -> int:
        """Consented: on the caseload, coded 818241000000105."""
        return self.take_step(
            user, person_id, "record_consent", on=consent.on, details=consent.model_dump(mode="json", exclude={"on"})
        )

    def decline(self, user: User, person_id: int, decline: Decline) -> int:
        """Declined, coded 877011000000107; the person can be re-approached later."""
        return self.take_step(
            user, person_id, "record_decline", on=decline.on, details=decline.model_dump(mode="json", exclude={"on"})
        )

    def reapproach(self, user: User, person_id: int, *, note: str = "", on: date | None = None) -> int:
        return self.take_step(user, person_id, "reapproach", on=on, details={"note": note})

    def contact_attempts(self, person_id: int) -> list[ContactAttempt]:
        return [
            ContactAttempt(on=r["attempted_on"], method=r["method"], outcome=r["outcome"], note=r["note"])
            for r in self.db.query(
                "SELECT * FROM contact_attempts WHERE patient_id = ? ORDER BY attempted_on, id", [person_id]
            )
        ]

    def first_contact(self, person_id: int) -> FirstContact:
        """Who makes first contact (the team member's id and name, or unassigned) and how."""
        row = self.db.execute(
            "SELECT p.first_contact_member_id, m.name, p.first_contact_method FROM patients p"
            " LEFT JOIN team_members m ON m.id = p.first_contact_member_id WHERE p.id = ?",
            [person_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"There is no person with id {person_id}.")
        return FirstContact(row[0] if row[1] is not None else None, row[1], row[2])

    def waiting_for_contact(self, today: date) -> list[AwaitingContact]:
        """Everyone awaiting first contact, longest first: name parts, days waiting, who, how and attempts."""
        rows = self.db.execute(
            "SELECT p.id, p.family_name, p.given_name, p.nhs_number, p.stage_since, m.id, m.name,"
            " p.first_contact_method, (SELECT count(*) FROM contact_attempts a WHERE a.patient_id = p.id)"
            " FROM patients p LEFT JOIN team_members m ON m.id = p.first_contact_member_id"
            " WHERE p.stage = ? ORDER BY p.stage_since, p.id",
            [Stage.AWAITING_CONTACT.value],
        ).fetchall()
        return [
            AwaitingContact(r[0], r[1], r[2], r[3], (today - date.fromisoformat(r[4])).days, r[5], r[6], r[7], r[8])
            for r in rows
        ]
