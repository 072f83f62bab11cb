"""First start: who is at the keyboard. Every audit row will carry this name and role."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from mdt_tui.models import User
from mdt_tui.roles import Role


class FirstRunScreen(ModalScreen[User]):
    def compose(self) -> ComposeResult:
        with Vertical(id="first-run", classes="dialog"):
            yield Label("Welcome to mdt-tui", classes="panel-title")
            yield Label("Your name (it goes on every record you make):")
            yield Input(placeholder="e.g. Jo Bennett", id="name")
            yield Label("Your role — choose with ↑ ↓ and enter:")
            yield OptionList(*[Option(role.label, id=role.value) for role in Role], id="role")
            yield Label("", id="first-run-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#role", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.query_one("#first-run-error", Label).update("Type your name first.")
            self.query_one("#name", Input).focus()
            return
        self.dismiss(User(name=name, role=Role(event.option.id)))
