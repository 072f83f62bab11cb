"""A placeholder for a blueprint step whose screen is not built yet: says so plainly."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from mdt_tui.screens.kit.base import MdtScreen


class ComingScreen(MdtScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="back", tooltip="Return to where you were")]

    def __init__(self, title: str, explanation: str) -> None:
        super().__init__()
        self.step_title = title
        self.explanation = explanation

    def compose_body(self) -> ComposeResult:
        yield Static(
            f"[b]{self.step_title}[/b]\n\nComing in a later release.\n\n{self.explanation}",
            id="coming",
            classes="panel",
        )
