"""First contact, contact attempts and consent: the validated details each one records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

ContactMethod = Literal["phone", "visit", "letter", "next_appointment"]
CONTACT_METHODS: dict[str, str] = {
    "phone": "Phone call",
    "visit": "Home visit",
    "letter": "Letter",
    "next_appointment": "At next appointment",
}
ATTEMPT_OUTCOMES: dict[str, str] = {"no_answer": "No answer", "left_message": "Left message", "spoke": "Spoke"}
CONSENT_BY: dict[str, str] = {
    "patient": "The person",
    "next_of_kin": "Next of kin",
    "best_interests": "Best-interests decision",
}


class _Details(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ContactAttempt(_Details):
    on: date
    method: ContactMethod
    outcome: Literal["no_answer", "left_message", "spoke"]
    note: str = ""


class Consent(_Details):
    """Consent to join the caseload. Consent by someone else needs who gave it and why."""

    on: date
    consent_by: Literal["patient", "next_of_kin", "best_interests"] = "patient"
    given_by_name: str = ""
    reason: str = ""
    share_records: bool
    leaflet_given: bool = False
    method: ContactMethod | None = None

    @model_validator(mode="after")
    def _someone_else_needs_who_and_why(self) -> Consent:
        if self.consent_by != "patient" and not (self.given_by_name and self.reason):
            raise ValueError(f"consent by {CONSENT_BY[self.consent_by].lower()} needs who gave it and why")
        return self


class Decline(_Details):
    on: date
    reason: str = ""
    method: ContactMethod | None = None


@dataclass(frozen=True, slots=True)
class FirstContact:
    """Who makes a person's first contact (a team member, or unassigned: no id and no name) and how."""

    member_id: int | None
    member_name: str | None
    method: str | None

    @property
    def who(self) -> str:
        return self.member_name or "unassigned"


@dataclass(frozen=True, slots=True)
class AwaitingContact:
    """One person waiting for first contact, as the consent screen's waiting list shows them.

    The name is kept as its two parts (a family name may itself contain ', '); the screen formats it.
    """

    patient_id: int
    family_name: str
    given_name: str
    nhs_number: str
    days_waiting: int
    contact_member_id: int | None
    contact_member_name: str | None
    method: str | None
    attempts: int

    @property
    def first_contact(self) -> FirstContact:
        return FirstContact(self.contact_member_id, self.contact_member_name, self.method)
