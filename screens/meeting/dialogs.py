"""The minute-taker's dialogs: an action (owner by number, due by shortcut), a review date, the case notes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from mdt_tui.cohort.dates import format_date
from mdt_tui.meeting.agenda import due_shortcut
from mdt_tui.models import TeamMember
from mdt_tui.screens.kit.forms import Choice, FormDialog, row
from mdt_tui.screens.kit.keys import binding

DUE_SHORTCUTS = (("+1w", "1 week"), ("+2w", "2 weeks"), ("+4w", "4 weeks"), ("+8w", "8 weeks"), ("+12w", "12 weeks"))
REVIEW_WEEKS = ((4, "4 weeks"), (8, "8 weeks"), (12, "12 weeks"), (26, "6 months"))


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class NewAction(_Result):
    description: str
    owner_id: int | None
    due: date


class ReviewDate(_Result):
    day: date
    reason: str
    experience: str | None = None  # the GP Patient Survey support answer, when the review asked it


class MeetingDetails(_Result):
    held_on: date
    starts_at: str
    chair_id: int | None
    minute_taker_id: int | None
    guests: str = ""


class NewMeeting(_Result):
    held_on: date
    starts_at: str


class CaseNotes(_Result):
    know: str = ""
    dont_know: str = ""
    assume: str = ""


class ActionDialog(FormDialog[NewAction]):
    """Owner by number (those present first), due by number (+1w…+12w, or typed), then the words."""

    PRIVACY_SAFE = True  # shows the team and dates, never the person: p works here (privacy_banner.py)

    def __init__(self, title: str, owners: Sequence[TeamMember], today: date) -> None:
        super().__init__(title)
        self.owners, self.today = list(owners), today

    def compose_fields(self) -> ComposeResult:
        yield Label("Owner (roster number, 0 unassigned)", classes="form-heading")
        yield Choice(
            [(None, "Unassigned"), *((m.id, f"{m.name} — {m.role.label}") for m in self.owners)],
            first=0,
            inline=False,
            id="owner",
        )
        yield row("Due", Choice(DUE_SHORTCUTS, id="due-pick"))
        yield row("Due date", Input(placeholder="+2w, +10d, +3m, today or dd/mm/yyyy", id="due", compact=True))
        yield row("Action", Input(placeholder="what, in a few words — enter saves", id="description", compact=True))

    def choice_changed(self, choice: Choice) -> Widget | None:
        if choice.id != "due-pick":
            return None
        self.query_one("#due", Input).value = format_date(due_shortcut(choice.value, self.today))
        return self.query_one("#description", Input)

    def build(self) -> NewAction:
        if not self.text("description"):
            raise ValueError("say what the action is")
        raw = self.text("due")
        if not raw:
            raise ValueError("give a due date: pick 1–5 or type +2w or a date")
        return NewAction(
            description=self.text("description"),
            owner_id=self.query_one("#owner", Choice).value,
            due=due_shortcut(raw, self.today),
        )


class ReviewDialog(FormDialog[ReviewDate]):
    """The suggested next review is option 1 and already filled in; enter accepts it.

    With no suggestion (``suggested`` is ``(None, why)``, e.g. "CFS missing — record it or choose the
    interval") the dialog says why, fills nothing in and waits for an interval or a date."""

    PRIVACY_SAFE = True  # dates and reasons only: p works here (privacy_banner.py)

    def __init__(
        self,
        title: str,
        today: date,
        suggested: tuple[date | None, str],
        *,
        ask_experience: bool = False,
        current: tuple[date, str] | None = None,
    ) -> None:
        self.ask_experience = ask_experience  # at an MDT review: the person's own experience of support
        day, why = suggested
        self.current = current  # the date already chosen (and why): filled in instead of the suggestion
        self.no_suggestion = why if day is None else None
        super().__init__(f"{title} — {self.no_suggestion}" if self.no_suggestion else title)
        self.today = today
        self.suggested: tuple[date, str] | None = None if day is None else (day, why)
        self.options = [
            *([(self.suggested, f"{format_date(day)} — suggested: {why}")] if day is not None else []),
            *(((today + timedelta(weeks=w), label), label) for w, label in REVIEW_WEEKS),
        ]

    def compose_fields(self) -> ComposeResult:
        picked = self.suggested
        current = self.current
        if current is not None:  # its option when it is one of them, else none (the date is typed below)
            picked = next((o for o, _ in self.options if o is not None and o[0] == current[0]), None)
        filled = self.current or self.suggested
        yield Choice(self.options, value=picked, inline=False, id="when")
        yield row(
            "Review on",
            Input(
                format_date(filled[0]) if filled else "",
                placeholder="pick an interval or type a date",
                id="day",
                compact=True,
            ),
        )
        if self.ask_experience:
            from mdt_tui.impact.dashboard import EXPERIENCE_ANSWERS, EXPERIENCE_QUESTION

            yield Label(Text(f"Ask the person (tab, then 1–5): {EXPERIENCE_QUESTION}"), classes="form-heading")
            yield Choice(list(EXPERIENCE_ANSWERS.items()), id="experience")

    def choice_changed(self, choice: Choice) -> Widget | None:
        if choice.id != "when":
            return None
        self.query_one("#day", Input).value = format_date(choice.value[0])
        return self.query_one("#day", Input)

    def build(self) -> ReviewDate:
        if self.no_suggestion and not self.text("day"):
            raise ValueError(f"{self.no_suggestion}: pick an interval (1–4) or type a date")
        day = due_shortcut(self.text("day"), self.today)
        if day <= self.today:
            raise ValueError("the next review must be after today")
        picked = self.query_one("#when", Choice).value
        if picked and picked[0] == day:
            reason = picked[1]
        elif self.current is not None and self.current[0] == day and self.current[1]:
            reason = self.current[1]  # the date already chosen, kept: so is why
        else:
            reason = "date chosen at the meeting"
        experience = self.query_one("#experience", Choice).value if self.ask_experience else None
        return ReviewDate(day=day, reason=reason, experience=experience)


class MeetingDialog(FormDialog[MeetingDetails]):
    """Date, start time, chair and minute-taker (by number from the roster), guests."""

    def __init__(self, title: str, team: Sequence[TeamMember], current: MeetingDetails) -> None:
        super().__init__(title)
        self.team, self.current = list(team), current

    def compose_fields(self) -> ComposeResult:
        c, people = self.current, [(None, "Not set"), *((m.id, f"{m.name} — {m.role.label}") for m in self.team)]
        yield row("Date", Input(format_date(c.held_on), id="held_on", compact=True))
        yield row("Starts", Input(c.starts_at, placeholder="HH:MM", id="starts_at", compact=True))
        yield Label("Chair (roster number)", classes="form-heading")
        yield Choice(people, value=c.chair_id, first=0, id="chair")
        yield Label("Minute-taker (roster number)", classes="form-heading")
        yield Choice(people, value=c.minute_taker_id, first=0, id="taker")
        yield row("Guests", Input(c.guests, placeholder="names and roles, comma-separated", id="guests", compact=True))

    def build(self) -> MeetingDetails:
        return MeetingDetails(
            held_on=due_shortcut(self.text("held_on"), self.current.held_on),
            starts_at=_start_time(self.text("starts_at")),
            chair_id=self.query_one("#chair", Choice).value,
            minute_taker_id=self.query_one("#taker", Choice).value,
            guests=self.text("guests"),
        )


class NewMeetingDialog(FormDialog[NewMeeting]):
    """A further meeting: its date (one a day, not in the past) and start time; the agenda builds itself."""

    def __init__(self, title: str, today: date, suggested: NewMeeting, taken: dict[date, int]) -> None:
        super().__init__(title)
        self.today, self.suggested, self.taken = today, suggested, taken

    def compose_fields(self) -> ComposeResult:
        yield row(
            "Date", Input(format_date(self.suggested.held_on), placeholder="dd/mm/yyyy", id="held_on", compact=True)
        )
        yield row("Starts", Input(self.suggested.starts_at, placeholder="HH:MM", id="starts_at", compact=True))

    def build(self) -> NewMeeting:
        day = due_shortcut(self.text("held_on"), self.today)
        if day < self.today:
            raise ValueError(f"{format_date(day)} is in the past: a new meeting is today or later")
        if day in self.taken:
            raise ValueError(f"there is already a meeting on {format_date(day)} (meeting {self.taken[day]})")
        return NewMeeting(held_on=day, starts_at=_start_time(self.text("starts_at")))


class NotesDialog(FormDialog[CaseNotes]):
    """What do we know, what don't we know, what are we assuming?"""

    def __init__(self, title: str, notes: CaseNotes) -> None:
        super().__init__(title)
        self.notes = notes

    def compose_fields(self) -> ComposeResult:
        yield row("We know", Input(self.notes.know, id="know", compact=True))
        yield row("We don't know", Input(self.notes.dont_know, id="dont_know", compact=True))
        yield row("We assume", Input(self.notes.assume, id="assume", compact=True))

    def build(self) -> CaseNotes:
        return CaseNotes(know=self.text("know"), dont_know=self.text("dont_know"), assume=self.text("assume"))


class MissingDialog(ModalScreen[bool]):
    """The plan is not complete: exactly what is missing; `l` opens the plan to fix it."""

    BINDINGS = [
        binding("step_plan", "dismiss(True)", name="Fix in plan", description="Open the plan to fix it"),
        Binding("escape", "dismiss(False)", "Back", id="missing_back", tooltip="Back to the case"),
    ]

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__()
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="missing"):
            yield Label("The plan cannot be agreed yet — missing:", classes="panel-title")
            yield Static(Text("\n".join(f"✘ {line}" for line in self.lines)))
            yield Label("l fix it in the plan screen · escape back to the case", classes="hint")


def _start_time(text: str) -> str:
    if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", text):
        raise ValueError(f"'{text}' is not a time: use HH:MM, e.g. 13:00")
    return text.zfill(5)
