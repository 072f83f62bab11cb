"""The pharmacist's confirmation of a CGA's medicines list (the ACB total is provisional until then): write and read."""

from __future__ import annotations

import json

from mdt_tui.cga.medicines_review import MedicinesConfirmation, confirmation_refusal, medication_review_refusal
from mdt_tui.codes import STRUCTURED_MEDICATION_REVIEW
from mdt_tui.errors import IllegalTransition, MissingRequirement, NotFound, NotPermitted
from mdt_tui.models import User
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.connection import inserted_id


class MedicinesReviewWrites(_StoreBase):
    """Mixed into Store; relies on ``transaction()``, ``clock``, ``db`` and the CGA reads."""

    def confirm_medicines_list(self, user: User, person_id: int) -> MedicinesConfirmation:
        """A pharmacist confirms the medicines list of the person's CGA in progress, as it stands now. Audited."""
        if refusal := confirmation_refusal(user.role):
            raise NotPermitted(refusal)
        draft = self.cga_draft(person_id)
        if draft is None:
            raise NotFound("There is no CGA in progress for this person: its medicines list cannot be confirmed.")
        if not draft.medicines:
            raise MissingRequirement("The medicines list is empty: add the medicines before confirming it.")
        names = [m.name for m in draft.medicines]
        now = self.clock()
        with self.transaction() as db:
            row_id = db.execute(
                "INSERT INTO medicines_reviews (bundle_id, patient_id, medicines, confirmed_at, confirmed_by,"
                " confirmed_role) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    draft.id,
                    person_id,
                    json.dumps(names, ensure_ascii=False),
                    now.isoformat(timespec="seconds"),
                    user.name,
                    user.role.value,
                ),
            ).lastrowid
            write_audit(
                db,
                user,
                now,
                "confirm_medicines_list",
                "cga_bundle",
                draft.id,
                None,
                {"medicines_review_id": row_id, "medicines": names},
            )
        return MedicinesConfirmation(medicines=tuple(names), confirmed_at=now, confirmed_by=user.name)

    def record_structured_medication_review(self, user: User, person_id: int) -> int:
        """A pharmacist records that they completed the person's structured medication review: 1239511000000100,
        effective today (once a day), audited. Returns the coded event's id."""
        if refusal := medication_review_refusal(user.role):
            raise NotPermitted(refusal)
        now = self.clock()
        today = now.date().isoformat()
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM patients WHERE id = ?", [person_id]).fetchone() is None:
                raise NotFound(f"There is no person with id {person_id}.")
            if db.execute(
                "SELECT 1 FROM coded_events e WHERE e.patient_id = ? AND e.snomed_code = ?"
                " AND e.effective_date = ? AND e.status = 'final' AND NOT EXISTS"
                " (SELECT 1 FROM coded_events c WHERE c.corrects_event_id = e.id)",
                (person_id, STRUCTURED_MEDICATION_REVIEW.code, today),
            ).fetchone():
                raise IllegalTransition("A structured medication review is already recorded for this person today.")
            event_id = inserted_id(
                db.execute(
                    "INSERT INTO coded_events (patient_id, transition_id, snomed_code, term, effective_date,"
                    " recorded_by, recorded_at) VALUES (?, NULL, ?, ?, ?, ?, ?)",
                    (
                        person_id,
                        STRUCTURED_MEDICATION_REVIEW.code,
                        STRUCTURED_MEDICATION_REVIEW.term,
                        today,
                        user.name,
                        now.isoformat(timespec="seconds"),
                    ),
                )
            )
            write_audit(
                db,
                user,
                now,
                "record_structured_medication_review",
                "patient",
                person_id,
                None,
                {"coded_event_id": event_id, "snomed_code": STRUCTURED_MEDICATION_REVIEW.code, "effective_date": today},
            )
        return event_id

    def medicines_confirmation(self, person_id: int) -> MedicinesConfirmation | None:
        """The latest confirmation of the medicines list of the person's CGA in progress (else their latest CGA)."""
        row = self.db.execute(
            "SELECT r.medicines, r.confirmed_at, r.confirmed_by FROM medicines_reviews r"
            " JOIN cga_bundles b ON b.id = r.bundle_id WHERE r.patient_id = ?"
            " ORDER BY b.status = 'draft' DESC, b.id DESC, r.id DESC LIMIT 1",
            [person_id],
        ).fetchone()
        if row is None:
            return None
        return MedicinesConfirmation(medicines=tuple(json.loads(row[0])), confirmed_at=row[1], confirmed_by=row[2])
