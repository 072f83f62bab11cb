"""The frame every screen shares: header, privacy banner, the screen's body, footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

if TYPE_CHECKING:
    from mdt_tui.screens.app import MdtApp


class MdtScreen(Screen):
    """Subclasses implement ``compose_body`` and, if they show identifiers, ``show_privacy``."""

    app: MdtApp

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("PRIVACY MODE — identifiers hidden  (p to show)", id="privacy-banner", classes="banner")
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def show_privacy(self, private: bool) -> None:
        """Redraw whatever shows names, NHS numbers, dates of birth or addresses."""
