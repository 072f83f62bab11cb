"""Same-day self-harm actions: positive PHQ-9 item 9 answers still waiting for one, and recording it.

A positive answer is pending while its CGA has no action row; nothing else marks it, so no
screen can clear it by accident. The action names a clinician from the roster and the outcome,
in one transaction with its audit row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlite_utils

from mdt_tui.cga.self_harm import ITEM_ID, ROUTES, Outcome, PendingSelfHarm, SelfHarmAction, clinician_refusal
from mdt_tui.errors import IllegalTransition, MissingRequirement, NotFound, StoreError
from mdt_tui.models import User
from mdt_tui.roles import Role
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase

# Positive item 9 answers (either route) in CGAs with no same-day action recorded, latest answer first.
_PENDING = f"""
SELECT b.patient_id, b.id, e.section, CAST(e.value AS INTEGER), e.updated_at FROM cga_entries e
JOIN cga_bundles b ON b.id = e.bundle_id
WHERE e.kind = 'answer' AND e.key = '{ITEM_ID}' AND e.section IN ({", ".join(f"'{r}'" for r in ROUTES)})
  AND CAST(e.value AS INTEGER) > 0
  AND NOT EXISTS (SELECT 1 FROM self_harm_actions a WHERE a.bundle_id = b.id)
  {{where}}
ORDER BY e.updated_at DESC, b.id DESC
"""
_ACTION = (
    "SELECT patient_id, bundle_id, route, answer, clinician_id, clinician_name, clinician_role, outcome,"
    " detail, recorded_at, recorded_by FROM self_harm_actions WHERE {where} ORDER BY id DESC LIMIT 1"
)


class SelfHarmWrites(_StoreBase):
    """Mixed into Store; relies on ``transaction()``, ``clock``, ``db`` and ``team_member``."""

    def self_harm_pending(self, person_id: int | None = None) -> list[PendingSelfHarm]:
        """Positive item 9 answers with no same-day action, one per CGA (everyone's, or one person's)."""
        where, params = ("AND b.patient_id = ?", [person_id]) if person_id is not None else ("", [])
        found: dict[int, PendingSelfHarm] = {}
        for patient_id, bundle_id, route, answer, at in self.db.execute(_PENDING.format(where=where), params):
            found.setdefault(
                bundle_id,
                PendingSelfHarm(
                    person_id=patient_id,
                    cga_id=bundle_id,
                    route=route,
                    answer=answer,
                    answered_on=date.fromisoformat(at[:10]),
                ),
            )
        return list(found.values())

    def self_harm_people(self) -> list:
        """The people with a pending self-harm answer, as the people lists show them."""
        wanted = {p.person_id for p in self.self_harm_pending()}
        return [self.person(person_id) for person_id in sorted(wanted)]

    def self_harm_action(self, cga_id: int) -> SelfHarmAction | None:
        """The same-day action recorded for this CGA, or None."""
        return _load(self.db, "bundle_id = ?", [cga_id])

    def latest_self_harm_action(self, person_id: int) -> SelfHarmAction | None:
        """The person's most recent same-day action (for the meeting summary and minutes)."""
        return _load(self.db, "patient_id = ?", [person_id])

    def record_self_harm_action(
        self, user: User, person_id: int, clinician_id: int, outcome: Outcome | str, detail: str = ""
    ) -> SelfHarmAction:
        """Record who is doing today's risk assessment and its outcome, for the person's pending answer."""
        try:
            outcome = Outcome(outcome)
        except ValueError:
            raise MissingRequirement("Choose the outcome: " + "; ".join(o.label for o in Outcome) + ".") from None
        detail = detail.strip()
        if outcome is Outcome.OTHER and not detail:
            raise MissingRequirement("Say what was done: 'other' needs a few words.")
        if len(detail) > 2000:
            raise MissingRequirement("Keep what was done under 2,000 characters.")
        now = self.clock()
        with self.transaction() as db:
            pending = [p for p in self.self_harm_pending(person_id)]
            if not pending:
                raise IllegalTransition("This person has no self-harm answer waiting for a same-day action.")
            row = db.execute("SELECT name, role, active FROM team_members WHERE id = ?", [clinician_id]).fetchone()
            if row is None or not row[2]:
                raise NotFound("Choose the clinician from the team roster.")
            name, role = row[0], Role(row[1])
            if refusal := clinician_refusal(role):
                raise MissingRequirement(refusal)
            for item in pending:
                action_id = db.execute(
                    "INSERT INTO self_harm_actions (patient_id, bundle_id, route, answer, clinician_id, clinician_name,"
                    " clinician_role, outcome, detail, recorded_at, recorded_by)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        person_id,
                        item.cga_id,
                        item.route,
                        item.answer,
                        clinician_id,
                        name,
                        role.value,
                        outcome.value,
                        detail,
                        _stamp(now),
                        user.name,
                    ),
                ).lastrowid
                write_audit(
                    db,
                    user,
                    now,
                    "record_self_harm_action",
                    "self_harm_action",
                    action_id,
                    None,
                    {
                        "patient_id": person_id,
                        "cga_id": item.cga_id,
                        "route": item.route,
                        "answer": item.answer,
                        "clinician": name,
                        "clinician_role": role.value,
                        "outcome": outcome.value,
                        "detail": detail,
                    },
                )
        recorded = self.self_harm_action(pending[0].cga_id)
        if recorded is None:  # written just above, in the same transaction
            raise StoreError("The same-day action was not found after it was recorded.")
        return recorded


def _load(db: sqlite_utils.Database, where: str, params: list[Any]) -> SelfHarmAction | None:
    row = db.execute(_ACTION.format(where=where), params).fetchone()
    if row is None:
        return None
    keys = (
        "person_id",
        "cga_id",
        "route",
        "answer",
        "clinician_id",
        "clinician_name",
        "clinician_role",
        "outcome",
        "detail",
        "recorded_at",
        "recorded_by",
    )
    data = dict(zip(keys, row, strict=True))
    data["recorded_at"] = datetime.fromisoformat(data["recorded_at"])
    return SelfHarmAction(**data)


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
