"""First contact, contact attempts and consent: the validated details each one records."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from mdt_tui.errors import MdtError
from mdt_tui.privacy import initials

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


@dataclass(frozen=True, slots=True)
class LatestDecline:
    """When a person now declined last declined, and the reason they gave ('' when none)."""

    on: date
    reason: str


@dataclass(frozen=True, slots=True)
class NamedPerson:
    """A person as a refusal names them: the screen decides how (initials in privacy mode)."""

    id: int
    family_name: str
    given_name: str


def _initials(person: NamedPerson) -> str:
    return initials(person.family_name, person.given_name)


class NotAwaitingReview(MdtError):
    """A bulk 'suitable' refused as a whole: some of the selection are not awaiting desktop review.

    ``people`` are those not awaiting it; ``sentence(name)`` names up to three of them with ``name``
    (the default, initials, is what ``str()`` says, so a notice shown elsewhere never shows a full name)."""

    def __init__(self, selected: int, people: Sequence[NamedPerson]) -> None:
        self.selected, self.people = selected, tuple(people)
        super().__init__(self.sentence())

    def sentence(self, name: Callable[[NamedPerson], str] = _initials) -> str:
        names = ", ".join(name(p) for p in self.people[:3]) + ("…" if len(self.people) > 3 else "")
        return (
            f"{len(self.people)} of the {self.selected} selected are not awaiting desktop review ({names});"
            " nothing was changed."
        )
