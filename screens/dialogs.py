"""Small typed dialogs for desktop review and consent; each dismisses with a validated model or None."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Input, Label

from mdt_tui.cohort.dates import DATE_FORMATS, format_date, parse_date
from mdt_tui.consent import ATTEMPT_OUTCOMES, CONTACT_METHODS, Consent, ContactAttempt, ContactMethod, Decline
from mdt_tui.errors import MdtError
from mdt_tui.models import TeamMember
from mdt_tui.roles import Role

if TYPE_CHECKING:
    from mdt_tui.screens.base import MdtScreen

T = TypeVar("T")
YES_NO = {True: "Yes", False: "No"}
FIRST_CONTACT_ROLES = (Role.CARE_COORDINATOR, Role.GP, Role.NURSE, Role.SOCIAL_PRESCRIBER)
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


class Choice(Widget, can_focus=True):
    """Options picked with a number key (or arrows and enter, or a click); ● marks the one picked."""

    DEFAULT_CSS = """
    Choice { height: auto; width: 1fr; }
    Choice:focus { background: $boost; }
    """
    BINDINGS = [
        *(Binding(str(n), f"pick({n})", f"Pick {n}", show=False, id=f"pick_{n}", tooltip=f"Pick option {n}")
          for n in range(10)),
        Binding("down,right", "move(1)", "Next option", show=False, id="choice_next", tooltip="Next option"),
        Binding("up,left", "move(-1)", "Previous option", show=False, id="choice_previous", tooltip="Previous option"),
        Binding("enter,space", "pick_cursor", "Pick", show=False, id="choice_pick", tooltip="Pick this option"),
    ]
    cursor = reactive(0)
    value = reactive(None, init=False)

    class Changed(Message):
        def __init__(self, choice: Choice) -> None:
            super().__init__()
            self.choice = choice

    def __init__(self, options: Sequence[tuple[object, str]], *, value: object = None, first: int = 1,
                 inline: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = list(options)
        self.first = first
        self.inline = inline
        self.set_reactive(Choice.value, value)
        keys = [key for key, _ in self.options]
        self.set_reactive(Choice.cursor, keys.index(value) if value in keys else 0)

    def render(self) -> Content:
        parts = []
        for index, (key, label) in enumerate(self.options):
            number = index + self.first
            mark = "●" if key == self.value and self.value is not None else "○"
            text = f"{mark} {number if number < 10 else ' '} {escape(label)}"
            style = "reverse" if index == self.cursor and self.has_focus else ("bold" if mark == "●" else "")
            parts.append(f"[@click=pick({number})]" + (f"[{style}]{text}[/]" if style else text) + "[/]")
        return Content.from_markup(("  " if self.inline else "\n").join(parts))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.options)

    def action_pick(self, number: int) -> None:
        index = number - self.first
        if 0 <= index < len(self.options):
            self.cursor = index
            self.action_pick_cursor()
        else:
            self.app.bell()

    def action_pick_cursor(self) -> None:
        self.value = self.options[self.cursor][0]
        self.refresh()
        self.post_message(self.Changed(self))


class FormDialog(ModalScreen[T]):
    """A titled form: fields, an error line and Save / Cancel. Enter in a text field saves."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog_cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "save", "Save", id="dialog_save", tooltip="Save and close"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.form_title = title

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form", can_focus=False):
            yield Label(self.form_title, classes="panel-title")
            yield from self.compose_fields()
            yield Label("", id="form-error", classes="error")
            with Horizontal(classes="form-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def build(self) -> T:
        """The validated result; raise ValueError (or ValidationError) with words for the user."""
        raise NotImplementedError

    def action_save(self) -> None:
        try:
            result = self.build()
        except ValidationError as exc:
            self.show_error(exc.errors()[0]["msg"].removeprefix("Value error, "))
        except ValueError as exc:
            self.show_error(str(exc))
        else:
            self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, message: str) -> None:
        self.query_one("#form-error", Label).update(Text(f"! {message[:1].upper()}{message[1:]}"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_choice_changed(self, event: Choice.Changed) -> None:
        """An option picked: focus moves on, so a form is filled with one key a field."""
        shown = self.choice_changed(event.choice)
        if shown is not None:
            shown.focus()  # a field the choice has just shown: not yet laid out, so not yet in focus order
        else:
            self.focus_next()

    def choice_changed(self, choice: Choice) -> Widget | None:
        """Show or hide the fields that depend on a choice; return a field just shown to fill next."""
        return None

    # -- field helpers ---------------------------------------------------------------------
    def text(self, id: str) -> str:
        return self.query_one(f"#{id}", Input).value.strip()

    def picked(self, id: str, missing: str) -> object:
        value = self.query_one(f"#{id}", Choice).value
        if value is None:
            raise ValueError(missing)
        return value

    def read_date(self, id: str, today: date) -> date:
        raw = self.text(id).lower()
        try:
            day = {"today": today, "yesterday": today - timedelta(days=1)}.get(raw) or parse_date(raw)
        except ValueError:
            raise ValueError(f"'{self.text(id)}' is not a date: use {DATE_FORMATS}, or 'today'") from None
        if day > today:
            raise ValueError(f"{format_date(day)} is in the future: record what has happened")
        return day


def row(label: str, widget: Widget) -> Horizontal:
    """A label beside its field."""
    return Horizontal(Label(label, classes="form-label"), widget, classes="form-row")


def method_choice(value: str | None, id: str = "method") -> Choice:
    return Choice(list(METHOD_WORDS.items()), value=value, id=id)


def date_input(today: date) -> Input:
    return Input(format_date(today), placeholder="dd/mm/yyyy or today", id="on", compact=True)


class ReasonDialog(FormDialog[Reasoned]):
    """A reason (required when asked) and optionally a note: not appropriate, re-approach."""

    def __init__(self, title: str, *, reason_label: str = "Reason", required: bool = True, with_note: bool = True,
                 suggestions: Sequence[str] = ()) -> None:
        super().__init__(title)
        self.reason_label, self.required, self.with_note, self.suggestions = reason_label, required, with_note, suggestions

    def compose_fields(self) -> ComposeResult:
        hint = "required — start typing for common reasons" if self.suggestions else (
            "required" if self.required else "optional")
        yield row(self.reason_label, Input(placeholder=hint, id="reason", compact=True,
                                           suggester=SuggestFromList(self.suggestions, case_sensitive=False)))
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
        # Those who usually make first contact come first, so they have number keys.
        self.team = sorted(team, key=lambda m: (FIRST_CONTACT_ROLES.index(m.role) if m.role in FIRST_CONTACT_ROLES
                                                else len(FIRST_CONTACT_ROLES), m.name))
        self.current = current

    def compose_fields(self) -> ComposeResult:
        who = [(None, "Unassigned for now"), *((m.id, f"{m.name} — {m.role.label}") for m in self.team)]
        yield Label("Who (0–9, or ↑ ↓ and enter)", classes="form-heading")
        yield Choice(who, value=self.current[0], first=0, inline=False, id="who")
        yield Label("How", classes="form-heading")
        yield method_choice(self.current[1])

    def build(self) -> FirstContactChoice:
        return FirstContactChoice(member_id=self.query_one("#who", Choice).value,
                                  method=self.picked("method", "choose how to make contact"))


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
        return ContactAttempt(on=self.read_date("on", self.today), method=self.picked("method", "choose how"),
                              outcome=self.picked("outcome", "choose the outcome: no answer, left message or spoke"),
                              note=self.text("note"))


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
        if choice.id != "by" or who.parent.display == (choice.value != "patient"):
            return None
        for field in (who, self.query_one("#why", Input)):
            field.parent.display = choice.value != "patient"
        return who if who.parent.display else None

    def build(self) -> Consent:
        share = self.query_one("#share", Choice).value
        consent = Consent(on=self.read_date("on", self.today), consent_by=self.picked("by", "choose who consented"),
                          given_by_name=self.text("who"), reason=self.text("why"), share_records=share is True,
                          leaflet_given=self.query_one("#leaflet", Choice).value is True,
                          method=self.query_one("#method", Choice).value)
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
        return Decline(on=self.read_date("on", self.today), reason=self.text("reason"),
                       method=self.query_one("#method", Choice).value)


# -- saving from a screen ------------------------------------------------------------------
def save(screen: MdtScreen, write: Callable[[], object], done: str) -> bool:
    """Run one store write; show its error in the user's words, or a quiet 'saved HH:MM'."""
    try:
        write()
    except MdtError as exc:
        screen.notify(str(exc), severity="error", timeout=8, markup=False)
        return False
    stamp = f"saved {datetime.now():%H:%M}"
    screen.sub_title = f"{screen.app.sub_title} · {stamp}"
    screen.notify(f"{done} — {stamp}", timeout=3, markup=False)
    return True


def ask_first_contact(screen: MdtScreen, ids: list[int], who_for: str, after: Callable[[], None]) -> None:
    """Open the first-contact dialog for ``ids`` and save the choice for all of them."""
    store, user = screen.app.store, screen.app.user
    current: tuple[int | None, str | None] = (None, None)
    if len(ids) == 1:
        who, how = store.first_contact(ids[0])
        current = (next((m.id for m in store.team() if m.name == who), None), how)

    def chosen(choice: FirstContactChoice | None) -> None:
        if choice is None:
            return
        how = CONTACT_METHODS[choice.method].lower()
        if save(screen, lambda: store.assign_first_contact(user, ids, member_id=choice.member_id, method=choice.method),
                f"First contact for {who_for}: {how}"):
            after()

    screen.app.push_screen(FirstContactDialog(f"First contact — {who_for}", store.team(), current), chosen)
