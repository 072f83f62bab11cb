"""What the store returns about meetings: the meeting, who came, its cases and their decisions."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from mdt_tui.meeting.agenda import ATTENDANCE_WORDS, Outcome, Source
from mdt_tui.roles import Role


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Attendee(_Model):
    member_id: int
    name: str
    role: Role
    organisation: str = ""
    attendance: str

    @property
    def present(self) -> bool:
        return self.attendance in ("in_person", "remote")

    def line(self) -> str:
        org = f", {self.organisation}" if self.organisation else ""
        return f"{self.name} ({self.role.label}{org}) — {ATTENDANCE_WORDS[self.attendance]}"


class Decision(_Model):
    kind: str
    text: str
    coded_event_id: int | None = None
    action_id: int | None = None
    recorded_at: datetime


class Addendum(_Model):
    """Something learned after the meeting was held; the minutes stay as they were and this follows them."""

    text: str
    by_name: str
    by_role: Role
    at: datetime

    def line(self) -> str:
        return f"{self.at:%d %b %Y %H:%M} — {self.by_name} ({self.by_role.label}): {self.text}"


class MeetingCase(_Model):
    id: int
    person_id: int
    position: int
    source: Source
    detail: str = ""
    new_case: bool = False
    minutes: int
    know: str = ""
    dont_know: str = ""
    assume: str = ""
    outcome: Outcome | None = None
    outcome_reason: str = ""
    seconds_spent: int = 0
    decisions: tuple[Decision, ...] = ()

    @property
    def touched(self) -> bool:
        """Something was recorded for the case (so it cannot be left without an outcome)."""
        return bool(self.decisions or self.know or self.dont_know or self.assume)


class Meeting(_Model):
    id: int
    held_on: date
    starts_at: str
    neighbourhood: str
    session_minutes: int
    chair: str = ""
    minute_taker: str = ""
    chair_member_id: int | None = None
    minute_taker_member_id: int | None = None
    guests: str = ""
    status: str
    started_at: datetime | None = None
    closed_at: datetime | None = None
    attendees: tuple[Attendee, ...] = ()
    cases: tuple[MeetingCase, ...] = ()
    addenda: tuple[Addendum, ...] = ()

    @property
    def closed(self) -> bool:
        """Held: attendance, notes, decisions, actions and outcomes are read-only; addenda may follow."""
        return self.status == "held"

    def case_of(self, person_id: int) -> MeetingCase:
        return next(c for c in self.cases if c.person_id == person_id)


class MeetingRow(_Model):
    """One line of `mdt meetings`."""

    meeting_id: int
    date: date
    status: str
    cases: int
    discussed: int
