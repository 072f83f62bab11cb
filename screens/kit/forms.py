"""The form kit every dialog is built from: number-key choices and a typed, validating dialog."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar

from pydantic import ValidationError
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Label

from mdt_tui.cohort.dates import entered_date
from mdt_tui.safe_text import terminal_text

T = TypeVar("T")
TWO_DIGIT_WAIT = 0.8  # seconds a first digit waits for a second in a list of more than ten options


class Choice(Widget, can_focus=True):
    """Options picked with a number key (or arrows and enter, or a click); ● marks the one picked."""

    DEFAULT_CSS = """
    Choice { height: auto; width: 1fr; }
    Choice:focus { background: $boost; }
    """
    BINDINGS = [
        *(
            Binding(str(n), f"pick({n})", f"Pick {n}", show=False, id=f"pick_{n}", tooltip=f"Pick option {n}")
            for n in range(10)
        ),
        Binding("down,right", "move(1)", "Next option", show=False, id="choice_next", tooltip="Next option"),
        Binding("up,left", "move(-1)", "Previous option", show=False, id="choice_previous", tooltip="Previous option"),
        Binding("enter,space", "pick_cursor", "Pick", show=False, id="choice_pick", tooltip="Pick this option"),
    ]
    cursor = reactive(0)
    value: reactive[Any] = reactive(None, init=False)  # the chosen option's key (a str, int, bool… as given)

    class Changed(Message):
        def __init__(self, choice: Choice) -> None:
            super().__init__()
            self.choice = choice

    def __init__(
        self,
        options: Sequence[tuple[object, str]],
        *,
        value: object = None,
        first: int = 1,
        inline: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.options = list(options)
        self.first = first
        self.inline = inline
        self.set_reactive(Choice.value, value)
        keys = [key for key, _ in self.options]
        self.set_reactive(Choice.cursor, keys.index(value) if value in keys else 0)
        self._pending: int | None = None  # a first digit waiting for a second (lists of more than ten)
        self._pending_timer: Timer | None = None

    def render(self) -> Content:
        parts, width = [], len(str(self.first + len(self.options) - 1))
        for index, (key, label) in enumerate(self.options):
            number = index + self.first
            mark = "●" if key == self.value and self.value is not None else "○"
            text = f"{mark} {number:>{width}} {escape(terminal_text(label))}"  # names, as typed
            style = "reverse" if index == self.cursor and self.has_focus else ("bold" if mark == "●" else "")
            parts.append(f"[@click=pick({number})]" + (f"[{style}]{text}[/]" if style else text) + "[/]")
        return Content.from_markup(("  " if self.inline else "\n").join(parts))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.options)

    def _index(self, number: int) -> int | None:
        index = number - self.first
        return index if 0 <= index < len(self.options) else None

    def action_pick(self, number: int) -> None:
        """A digit picks at once; in a list of more than ten (the roles), a digit that starts a two-digit
        number (1 of 10, 11) waits a moment for the second, so 11 is never taken as 1 and then 1 again."""
        pending, self._pending = self._pending, None
        if self._pending_timer is not None:
            self._pending_timer.stop()
            self._pending_timer = None
        if pending is not None and self._index(pending * 10 + number) is not None:
            number = pending * 10 + number
        elif number > 0 and any(self._index(number * 10 + d) is not None for d in range(10)):
            if (index := self._index(number)) is not None:
                self.cursor = index
            self._pending = number
            self._pending_timer = self.set_timer(TWO_DIGIT_WAIT, self._pick_pending)
            return
        index = self._index(number)
        if index is not None:
            self.cursor = index
            self.action_pick_cursor()
        else:
            self.app.bell()

    def on_key(self, event: events.Key) -> None:
        """Typing on after a first digit (``1`` then a name): the 1 stands, and the letters go to the next
        field rather than being lost on this one."""
        if self._pending is not None and event.is_printable and not (event.character or "").isdigit():
            event.stop()
            event.prevent_default()
            self.action_pick_cursor()  # the form moves the focus on as the choice is picked
            self.call_after_refresh(self.app.simulate_key, event.key)

    def _pick_pending(self) -> None:
        """No second digit came: the first stands (enter does the same at once)."""
        pending, self._pending, self._pending_timer = self._pending, None, None
        if pending is not None and self._index(pending) is not None:
            self.action_pick_cursor()

    def action_pick_cursor(self) -> None:
        if self._pending_timer is not None:
            self._pending_timer.stop()
        self._pending, self._pending_timer = None, None
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
            yield Label(Text(terminal_text(self.form_title)), classes="panel-title")  # titles quote names
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

    def picked(self, id: str, missing: str) -> Any:  # the chosen option's key
        value = self.query_one(f"#{id}", Choice).value
        if value is None:
            raise ValueError(missing)
        return value

    def read_date(self, id: str, today: date) -> date:
        return entered_date(self.text(id), today)


def row(label: str, widget: Widget) -> Horizontal:
    """A label beside its field."""
    return Horizontal(Label(label, classes="form-label"), widget, classes="form-row")
