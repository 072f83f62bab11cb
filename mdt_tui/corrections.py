"""Correcting a coded entry made in error: what one coded event is, and whether it still stands."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict


class CodedEvent(BaseModel):
    """One coded event as stored, with the correction that withdrew it (if any)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: int
    person_id: int
    transition_id: int | None
    snomed_code: str
    term: str
    value: str | None
    effective_date: date
    recorded_by: str
    recorded_at: datetime
    status: str
    """'final', or 'entered_in_error' for a correction row."""
    corrected_by_event: int | None = None
    corrected_at: datetime | None = None
    reason: str | None = None
    """Why it was entered in error (on a corrected event: its correction's reason)."""

    @property
    def stands(self) -> bool:
        return self.status == "final" and self.corrected_by_event is None
