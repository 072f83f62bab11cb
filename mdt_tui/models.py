"""Pydantic models of the people, team and records the app works with."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from mdt_tui.meeting.agenda import agenda_fit
from mdt_tui.nhs_number import format_nhs_number, normalise_nhs_number
from mdt_tui.pathway import Stage
from mdt_tui.roles import Role

NHSNumber = Annotated[str, AfterValidator(normalise_nhs_number)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
_ODS = re.compile(r"^[A-Z0-9]{3,6}$")


def _ods_code(value: str) -> str:
    code = value.strip().upper()
    if not _ODS.match(code):
        raise ValueError(f"'{value}' is not an ODS practice code (3–6 letters and digits, e.g. E82001)")
    return code


ODSCode = Annotated[str, AfterValidator(_ods_code)]


def age_on(date_of_birth: date, day: date) -> int:
    """Completed years of age on ``day``."""
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def saved_id(record_id: int | None) -> int:
    """The id of a record the store has saved (models carry ``id: int | None``: None only before saving)."""
    if record_id is None:
        raise ValueError("this record has not been saved yet, so it has no id")
    return record_id


class Model(BaseModel):
    # defer_build: validators are built on first use, keeping start-up fast.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class User(Model):
    """Who is at the keyboard; every audit row carries this."""

    name: Text
    role: Role


class NextOfKin(Model):
    name: Text
    relationship: OptionalText = ""
    phone: OptionalText = ""


class CarerLink(Model):
    """A household or caring relationship; the other person may or may not be in the cohort."""

    kind: Literal["cares_for", "cared_for_by", "lives_with"]
    name: Text
    relationship: OptionalText = ""
    nhs_number: NHSNumber | None = None


class Patient(Model):
    nhs_number: NHSNumber
    family_name: Text
    given_name: Text
    date_of_birth: date
    sex: Literal["female", "male", "other", "unknown"] = "unknown"
    # "" only for a person stored without one (an import before practices were checked): shown, never a crash.
    practice_code: ODSCode | Literal[""]
    practice_name: OptionalText = ""
    neighbourhood: OptionalText = ""
    postcode: OptionalText = ""
    usual_gp: OptionalText = ""
    next_of_kin: NextOfKin | None = None
    carer_links: tuple[CarerLink, ...] = ()

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    def age_on(self, day: date) -> int:
        return age_on(self.date_of_birth, day)


class CohortEntry(Model):
    """One person's row in one run of a cohort search, with the service use it reported."""

    search_name: Text
    run_date: date
    segment: OptionalText = ""
    risk_grade: Literal["High", "Medium", "Low", ""] = ""
    risk_score: float | None = None
    efi: float | None = Field(default=None, ge=0, le=1)
    cfs: int | None = Field(default=None, ge=1, le=9)
    ae_attendances_12m: int | None = Field(default=None, ge=0)
    emergency_admissions_12m: int | None = Field(default=None, ge=0)
    housebound: bool | None = None
    care_home_resident: bool | None = None
    end_of_life_register: bool | None = None


class TeamMember(Model):
    id: int | None = None
    name: Text
    role: Role
    organisation: OptionalText = ""
    core: bool = True
    contact: OptionalText = ""


class CodedEvent(Model):
    id: int | None = None
    nhs_number: NHSNumber
    snomed_code: Annotated[str, StringConstraints(pattern=r"^\d{6,18}$")]
    term: Text
    value: str | None = None
    effective_date: date
    recorded_by: Text
    recorded_at: datetime
    entered_in_error: bool = False


class PersonSummary(Model):
    """What lists show about a person: identity, stage and the latest search's view of them."""

    id: int
    nhs_number: str
    family_name: str
    given_name: str
    date_of_birth: date
    practice_code: str
    stage: Stage
    identified_on: date
    in_latest_search: bool
    segment: str = ""
    risk_grade: str = ""
    next_review: date | None = None

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    @property
    def nhs_display(self) -> str:
        return format_nhs_number(self.nhs_number)

    def age_on(self, day: date) -> int:
        return age_on(self.date_of_birth, day)


class MeetingSummary(Model):
    """One meeting at a glance: when, its status, and how many cases fill how much of the session."""

    id: int
    held_on: date
    starts_at: str
    status: Literal["upcoming", "in_progress", "held"]
    cases: int
    minutes: int
    session_minutes: int

    @property
    def over_by(self) -> int:
        """Minutes the agenda runs past the session (0 when it fits)."""
        return agenda_fit([self.minutes], self.session_minutes).over_by


class PipelineCounts(Model):
    """The home screen's numbers, all for one neighbourhood store."""

    by_stage: dict[Stage, int]
    caseload: int
    capacity: int
    reviews_due_this_week: int
    reviews_overdue: int
    actions_overdue: int
    actions_open: int = 0
    oldest_waiting_days: int | None = None
    next_meeting: MeetingSummary | None = None
    """The earliest upcoming meeting held today or later."""
    meeting_to_run: MeetingSummary | None = None
    """The meeting the meeting key opens (in progress, else the earliest not held, whatever its date)."""
    carers_with_strain: int = 0
    """People on the caseload whose latest completed CGA flagged carer strain."""


class HistoryEntry(Model):
    """One step in a person's pathway history."""

    step: str
    from_stage: Stage | None
    to_stage: Stage
    effective_date: date
    recorded_at: datetime
    by_name: str
    by_role: str
    details: dict
    snomed_code: str | None = None
    transition_id: int | None = None
    event_id: int | None = None
    """The step's coded event, if it wrote one."""
    corrected_reason: str | None = None
    """Set when the step was reversed as entered in error: why."""


class CodedEventRow(Model):
    """One line of the coded-events export, in the column order the GP record import expects."""

    event_id: int
    nhs_number: str
    practice_code: str
    effective_date: date
    snomed_code: str
    term: str
    value: str | None
    recorded_by: str
    recorded_at: datetime


class ActionItem(Model):
    """An action with its owner and the person it is for, as lists show it."""

    id: int
    person_id: int
    family_name: str
    given_name: str
    description: str
    owner: str
    due_date: date | None
    status: Literal["open", "done", "cancelled"]
    owner_id: int | None = None
    problem_id: int | None = None
    closed_by: str | None = None
    closed_at: datetime | None = None
    cancel_reason: str | None = None


class ImportSummary(Model):
    """What one cohort import did; a refused import has everything but ``rejected`` at 0."""

    search_name: str
    run_date: date
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    no_longer_in_search: int = 0
    rejected: int = 0

    def line(self) -> str:
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.no_longer_in_search} no longer in search, {self.rejected} rejected"
        )


class CohortListRow(PersonSummary):
    """One person in the cohort review table: the summary plus the latest search's service use."""

    efi: float | None = None
    cfs: int | None = None
    emergency_admissions_12m: int | None = None
    ae_attendances_12m: int | None = None
