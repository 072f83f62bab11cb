"""A yes-or-no question before a step that is hard to take back."""

from __future__ import annotations

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from mdt_tui.screens.kit.plain_text import plain


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no to one clearly described action."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm_yes", tooltip="Yes, go ahead"),
        Binding("n,escape", "answer(False)", "No", id="confirm_no", tooltip="No, go back"),
    ]

    def __init__(self, title: str, text: RenderableType) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            # Plain text: a title or question may quote a name or a file path (never read as markup).
            yield Label(plain(self.title_text), classes="panel-title")
            yield Static(plain(self.text, multiline=True) if isinstance(self.text, str) else self.text)
            yield Static("y or enter: yes · n or escape: no", classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
