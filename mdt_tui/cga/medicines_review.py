"""The pharmacist's confirmation of a CGA's medicines list: until the list scored has one, the ACB total is provisional.

Instruments.md Revision 2: the ACB is only as good as the medicines list it is scored on, so the total
is marked provisional until a pharmacist confirms the list (one key, audited). Changing the list after
a confirmation makes the total provisional again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from mdt_tui.instruments.acb import normalise_drug_name
from mdt_tui.roles import Role

PROVISIONAL = "ACB provisional: a pharmacist has not confirmed this medicines list"


class MedicinesConfirmation(BaseModel):
    """Who confirmed which medicines list, and when."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    medicines: tuple[str, ...]
    confirmed_at: datetime
    confirmed_by: str

    def covers(self, names: Iterable[str]) -> bool:
        """True when ``names`` is the list that was confirmed (order, case and spacing aside)."""
        return list_key(names) == list_key(self.medicines)


def list_key(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(normalise_drug_name(name) for name in names))


def confirmation_refusal(role: Role) -> str | None:
    """Why this role cannot confirm a medicines list, or None for a pharmacist."""
    if role is Role.PHARMACIST:
        return None
    return f"Only a pharmacist can confirm the medicines list; you are signed in as {role.label.lower()}."


def medication_review_refusal(role: Role) -> str | None:
    """Why this role cannot record a structured medication review, or None for a pharmacist."""
    if role is Role.PHARMACIST:
        return None
    return f"Only a pharmacist can record a structured medication review; you are signed in as {role.label.lower()}."


def review_line(names: list[str], confirmation: MedicinesConfirmation | None) -> str:
    """What the medicines tab says under the ACB total about the list's confirmation."""
    if confirmation is not None and confirmation.covers(names):
        return (
            f"✔ Medicines list confirmed by {confirmation.confirmed_by} (pharmacist), "
            f"{confirmation.confirmed_at:%d %b %Y %H:%M}"
        )
    changed = " (changed since it was confirmed)" if confirmation is not None else ""
    return f"{PROVISIONAL}{changed} — c confirms it (pharmacist)"
