"""Dialogs of the household screen: link a household, add a member, record a carer, strain, a date, support."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict
from textual.app import ComposeResult
from textual.widgets import Input

from mdt_tui.households.records import (
    KIND_WORDS,
    STRAIN_WORDS,
    CarerDetails,
    HouseholdKind,
    HouseholdMember,
    StrainReport,
)
from mdt_tui.screens.consent.dialogs import date_input
from mdt_tui.screens.kit.forms import Choice, FormDialog, row

YES_NO = [(True, "yes"), (False, "no")]


class Linking(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: HouseholdKind
    other_id: int
    relationship: str
    """The other person's place in the household ('wife')."""
    own_relationship: str
    """This person's ('husband')."""


class LinkDialog(FormDialog[Linking]):
    """Link this person with someone in the cohort: a suggested person (number key) or an NHS number."""

    def __init__(self, title: str, suggestions: Sequence[tuple[int, str]], find) -> None:
        super().__init__(title)
        self.suggestions, self.find = list(suggestions), find

    def compose_fields(self) -> ComposeResult:
        yield row("Household", Choice(list(KIND_WORDS.items()), value="couple", id="kind"))
        if self.suggestions:
            yield row("Suggested", Choice(self.suggestions[:9], id="suggested"))
        yield row("Or NHS no.", Input(placeholder="the other person's NHS number", id="nhs", compact=True))
        yield row("They are", Input(placeholder="e.g. wife", id="relationship", compact=True))
        yield row("This person", Input(placeholder="e.g. husband", id="own", compact=True))

    def build(self) -> Linking:
        other = self.query_one("#suggested", Choice).value if self.suggestions else None
        if self.text("nhs"):
            other = self.find(self.text("nhs"))  # ValueError in words when not found
        if other is None:
            raise ValueError("pick a suggested person or type their NHS number")
        return Linking(
            kind=self.picked("kind", "choose the kind of household"),
            other_id=other,
            relationship=self.text("relationship"),
            own_relationship=self.text("own"),
        )


class MemberDialog(FormDialog[HouseholdMember]):
    """Someone in the household who is not in the cohort (the daughter)."""

    def compose_fields(self) -> ComposeResult:
        yield row("Name", Input(placeholder="e.g. Jane Hughes", id="name", compact=True))
        yield row("Relationship", Input(placeholder="e.g. daughter", id="relationship", compact=True))
        yield row("Lives there", Choice(YES_NO, value=True, id="lives"))
        yield row("Contact", Input(placeholder="optional", id="contact", compact=True))

    def build(self) -> HouseholdMember:
        return HouseholdMember(
            name=self.text("name"),
            relationship=self.text("relationship"),
            lives_with=self.query_one("#lives", Choice).value,
            contact=self.text("contact"),
        )


class CarerDialog(FormDialog[CarerDetails]):
    """Who cares for this person: a household member in the cohort (number key) or anyone, by name."""

    def __init__(self, title: str, cohort_members: Sequence[tuple[int, str]]) -> None:
        super().__init__(title)
        self.cohort_members = list(cohort_members)

    def compose_fields(self) -> ComposeResult:
        if self.cohort_members:
            yield row(
                "In household", Choice([(None, "someone else"), *self.cohort_members], value=None, first=0, id="member")
            )
        yield row("Name", Input(placeholder="e.g. Jane Hughes", id="name", compact=True))
        yield row("Relationship", Input(placeholder="e.g. daughter", id="relationship", compact=True))
        yield row("Main carer", Choice(YES_NO, value=True, id="main"))
        yield row("Consent to hold", Choice(YES_NO, value=False, id="consent"))
        yield row("Contact", Input(placeholder="only with their consent", id="contact", compact=True))

    def build(self) -> CarerDetails:
        member = self.query_one("#member", Choice).value if self.cohort_members else None
        name = self.text("name") or (dict(self.cohort_members).get(member, "") if member is not None else "")
        return CarerDetails(
            name=name,
            relationship=self.text("relationship"),
            carer_person_id=member,
            main_carer=self.query_one("#main", Choice).value,
            consent_to_hold=self.query_one("#consent", Choice).value,
            contact=self.text("contact"),
        )


class StrainDialog(FormDialog[StrainReport]):
    """Strain as the carer reported it: none / some / high, their words, the day."""

    def __init__(self, title: str, today: date) -> None:
        super().__init__(title)
        self.today = today

    def compose_fields(self) -> ComposeResult:
        yield row("Strain", Choice(list(STRAIN_WORDS.items()), id="level"))
        yield row("Their words", Input(placeholder="what the carer said", id="words", compact=True))
        yield row("Date", date_input(self.today))

    def build(self) -> StrainReport:
        return StrainReport(
            level=self.picked("level", "choose none, some or high"),
            words=self.text("words"),
            reported_on=self.read_date("on", self.today),
        )


class DateDialog(FormDialog[date]):
    def __init__(self, title: str, today: date) -> None:
        super().__init__(title)
        self.today = today

    def compose_fields(self) -> ComposeResult:
        yield row("Date", date_input(self.today))

    def build(self) -> date:
        return self.read_date("on", self.today)


class TextDialog(FormDialog[str]):
    def __init__(self, title: str, label: str, value: str = "") -> None:
        super().__init__(title)
        self.label, self.value = label, value

    def compose_fields(self) -> ComposeResult:
        yield row(self.label, Input(value=self.value, id="text", compact=True))

    def build(self) -> str:
        return self.text("text")


class PickDialog(FormDialog[int]):
    """One of several people, by number key."""

    def __init__(self, title: str, people: Sequence[tuple[int, str]]) -> None:
        super().__init__(title)
        self.people = list(people)

    def compose_fields(self) -> ComposeResult:
        yield row("Person", Choice(self.people[:9], id="person"))

    def build(self) -> int:
        return self.picked("person", "pick a person")

    def on_choice_changed(self, event: Choice.Changed) -> None:
        self.action_save()


class CaresFor(BaseModel):
    model_config = ConfigDict(frozen=True)

    person_id: int | None
    """The person cared for, when they are in the cohort."""
    name: str
    relationship: str
    """This person's relationship to them ('grandmother')."""


class CaresForDialog(FormDialog[CaresFor]):
    """Whom this person cares for: someone in the cohort (by NHS number) or anyone else, by name."""

    def __init__(self, title: str, find) -> None:
        super().__init__(title)
        self.find = find

    def compose_fields(self) -> ComposeResult:
        yield row("NHS no.", Input(placeholder="if they are in the cohort", id="nhs", compact=True))
        yield row("Or name", Input(placeholder="e.g. Tom Hughes (grandson)", id="name", compact=True))
        yield row("As their", Input(placeholder="e.g. grandmother", id="relationship", compact=True))

    def build(self) -> CaresFor:
        person = self.find(self.text("nhs")) if self.text("nhs") else None
        if person is None and not self.text("name"):
            raise ValueError("give their NHS number (in the cohort) or their name")
        return CaresFor(person_id=person, name=self.text("name"), relationship=self.text("relationship"))
