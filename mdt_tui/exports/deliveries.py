"""Deliveries: one export of coded events to one practice. The CSV, the checklist and the pack are views
of the same delivery, so making one never empties another; a delivery can be printed again."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

CONFIRM_WITHIN = timedelta(weeks=4)
"""A delivery whose codes no later cohort file shows recorded by then is flagged on the codes screen."""

DELIVERIES_HEADER = (
    "delivery_id",
    "made_at",
    "practice_code",
    "kind",
    "events",
    "removals",
    "confirmed",
    "include_unsigned",
    "file",
    "made_by",
)


class Delivery(BaseModel):
    """One delivery as `mdt deliveries` lists it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    delivery_id: int
    made_at: datetime
    practice_code: str
    kind: Literal["codes", "pack"]
    events: int
    """Codes to add."""
    removals: int
    confirmed: int
    """Codes to add that a later cohort file shows recorded in the GP record."""
    include_unsigned: bool
    file: str
    made_by: str

    def unconfirmed_after(self, today: date) -> bool:
        """Codes still not seen in the GP record four weeks after they were sent."""
        return self.confirmed < self.events and self.made_at.date() + CONFIRM_WITHIN <= today
