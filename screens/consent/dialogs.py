"""Small typed dialogs for desktop review and consent; each dismisses with a validated model or None."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict
from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label

from mdt_tui.cohort.dates import format_date
from mdt_tui.consent.records import ATTEMPT_OUTCOMES, CONTACT_METHODS, Consent, ContactAttempt, ContactMethod, Decline
from mdt_tui.errors import MdtError
from mdt_tui.models import TeamMember
from mdt_tui.screens.kit.forms import Choice, FormDialog, row

if TYPE_CHECKING:
    from mdt_tui.screens.kit.base import MdtScreen

YES_NO = {True: "Yes", False: "No"}
BY_WORDS = {"patient": "The person", "next_of_kin": "Next of kin", "best_interests": "Best interests"}
METHOD_WORDS = {"phone": "Phone", "visit": "Visit", "letter": "Letter", "next_appointment": "Next appointment"}
NOT_APPROPRIATE_REASONS = (
    "Already known to another MDT or specialist team",
    "Care home resident with its own MDT review",
    "On the palliative care (GSF) register",
    "Needs are met by current care",
    "Low risk on clinical review",
    "Moved away or registered elsewhere",
)


class Reasoned(BaseModel):
    """A reason (required or not, as the dialog asked) and an optional note."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    reason: str = ""
    note: str = ""


class FirstContactChoice(BaseModel):
    """Who makes first contact (a team member's id, or None for unassigned) and how."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    member_id: int | None
    method: ContactMethod


def method_choice(value: str | None, id: str = "method") -> Choice:
    return Choice(list(METHOD_WORDS.items()), value=value, id=id)


def date_input(today: date) -> Input:
    return Input(format_date(today), placeholder="dd/mm/yyyy or today", id="on", compact=True)


class ReasonDialog(FormDialog[Reasoned]):
    """A reason (required when asked) and optionally a note: not appropriate, re-approach."""

    def __init__(
        self,
        title: str,
        *,
        reason_label: str = "Reason",
        required: bool = True,
        with_note: bool = True,
        suggestions: Sequence[str] = (),
    ) -> None:
        super().__init__(title)
        self.reason_label, self.required, self.with_note, self.suggestions = (
            reason_label,
            required,
            with_note,
            suggestions,
        )

    def compose_fields(self) -> ComposeResult:
        hint = (
            "required — start typing for common reasons"
            if self.suggestions
            else ("required" if self.required else "optional")
        )
        yield row(
            self.reason_label,
            Input(
                placeholder=hint,
                id="reason",
                compact=True,
                suggester=SuggestFromList(self.suggestions, case_sensitive=False),
            ),
        )
        if self.with_note:
            yield row("Note", Input(placeholder="optional", id="note", compact=True))

    def build(self) -> Reasoned:
        reason = self.text("reason")
        if self.required and not reason:
            raise ValueError(f"give a {self.reason_label.lower()}: it is recorded with the coded entry")
        return Reasoned(reason=reason, note=self.text("note") if self.with_note else "")


class FirstContactDialog(FormDialog[FirstContactChoice]):
    """Who makes first contact — a team member or unassigned until then — and how."""

    def __init__(self, title: str, team: Sequence[TeamMember], current: tuple[int | None, str | None] = (None, None)):
        super().__init__(title)
        self.team = list(team)  # roster order: a member has the same number in every picker
        self.current = current

    def compose_fields(self) -> ComposeResult:
        who = [(None, "Unassigned for now"), *((m.id, f"{m.name} — {m.role.label}") for m in self.team)]
        yield Label("Who (its number on the roster, or ↑ ↓ and enter)", classes="form-heading")
        yield Choice(who, value=self.current[0], first=0, inline=False, id="who")
        yield Label("How", classes="form-heading")
        yield method_choice(self.current[1])

    def build(self) -> FirstContactChoice:
        return FirstContactChoice(
            member_id=self.query_one("#who", Choice).value, method=self.picked("method", "choose how to make contact")
        )


class ContactAttemptDialog(FormDialog[ContactAttempt]):
    def __init__(self, title: str, today: date, method: str | None) -> None:
        super().__init__(title)
        self.today, self.method = today, method

    def compose_fields(self) -> ComposeResult:
        yield row("How", method_choice(self.method or "phone"))
        yield row("Outcome", Choice(list(ATTEMPT_OUTCOMES.items()), id="outcome"))
        yield row("Date", date_input(self.today))
        yield row("Note", Input(placeholder="optional", id="note", compact=True))

    def build(self) -> ContactAttempt:
        return ContactAttempt(
            on=self.read_date("on", self.today),
            method=self.picked("method", "choose how"),
            outcome=self.picked("outcome", "choose the outcome: no answer, left message or spoke"),
            note=self.text("note"),
        )


class ConsentDialog(FormDialog[Consent]):
    """Consent by the person, their next of kin or a best-interests decision (then who and why)."""

    def __init__(self, title: str, today: date, method: str | None) -> None:
        super().__init__(title)
        self.today, self.method = today, method

    def compose_fields(self) -> ComposeResult:
        yield row("Consent by", Choice(list(BY_WORDS.items()), value="patient", id="by"))
        yield row("Who gave it", Input(placeholder="name and relationship", id="who", compact=True))
        yield row("Why not them", Input(placeholder="e.g. lacks capacity to decide", id="why", compact=True))
        yield row("Share records", Choice(list(YES_NO.items()), id="share"))
        yield row("Leaflet given", Choice(list(YES_NO.items()), value=False, id="leaflet"))
        yield row("How", method_choice(self.method))
        yield row("Date", date_input(self.today))

    def on_mount(self) -> None:
        self.choice_changed(self.query_one("#by", Choice))

    def choice_changed(self, choice: Choice) -> Widget | None:
        who = self.query_one("#who", Input)
        who_row = who.parent  # each field sits in its labelled row
        if choice.id != "by" or who_row is None or who_row.display == (choice.value != "patient"):
            return None
        for field in (who, self.query_one("#why", Input)):
            if field.parent is not None:
                field.parent.display = choice.value != "patient"
        return who if who_row.display else None

    def build(self) -> Consent:
        share = self.query_one("#share", Choice).value
        consent = Consent(
            on=self.read_date("on", self.today),
            consent_by=self.picked("by", "choose who consented"),
            given_by_name=self.text("who"),
            reason=self.text("why"),
            share_records=share is True,
            leaflet_given=self.query_one("#leaflet", Choice).value is True,
            method=self.query_one("#method", Choice).value,
        )
        if share is None:  # checked after who and why, so problems are reported in the order of the form
            raise ValueError("say whether they agree to share records with INT partners")
        return consent


class DeclineDialog(FormDialog[Decline]):
    def __init__(self, title: str, today: date, method: str | None) -> None:
        super().__init__(title)
        self.today, self.method = today, method

    def compose_fields(self) -> ComposeResult:
        yield row("Reason", Input(placeholder="in their words, if they gave one", id="reason", compact=True))
        yield row("How", method_choice(self.method))
        yield row("Date", date_input(self.today))

    def build(self) -> Decline:
        return Decline(
            on=self.read_date("on", self.today),
            reason=self.text("reason"),
            method=self.query_one("#method", Choice).value,
        )


# -- saving from a screen ------------------------------------------------------------------
def save(screen: MdtScreen, write: Callable[[], object], done: str) -> bool:
    """Run one store write now, on the UI thread; show its error in the user's words, or 'saved HH:MM'.

    Prefer ``saving.save_later``: it writes off the UI thread (the screen never waits for another
    mdt-tui's lock), in order with every other write. No screen uses this any more."""
    try:
        write()
    except MdtError as exc:
        screen.notify(str(exc), severity="error", timeout=8, markup=False)
        return False
    stamp = f"saved {datetime.now():%H:%M}"
    screen.sub_title = f"{screen.app.sub_title} · {stamp}"
    screen.notify(f"{done} — {stamp}", timeout=3, markup=False)
    return True


def ask_first_contact(screen: MdtScreen, ids: list[int], who_for: str, after: Callable[[], object]) -> None:
    """Open the first-contact dialog for ``ids`` and save the choice for all of them."""
    store, user = screen.app.store, screen.app.user
    current: tuple[int | None, str | None] = (None, None)
    if len(ids) == 1:
        now = store.first_contact(ids[0])
        current = (now.member_id, now.method)

    def chosen(choice: FirstContactChoice | None) -> None:
        if choice is None:
            return
        how = CONTACT_METHODS[choice.method].lower()
        from mdt_tui.screens.kit.saving import save_later

        save_later(
            screen,
            lambda: store.assign_first_contact(user, ids, member_id=choice.member_id, method=choice.method),
            f"First contact for {who_for}: {how}",
            then=lambda _: after(),
        )

    screen.app.push_screen(FirstContactDialog(f"First contact — {who_for}", store.team(), current), chosen)
