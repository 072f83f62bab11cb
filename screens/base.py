"""The frame every screen shares: header, privacy banner, the screen's body, footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header, Static

from mdt_tui.screens.footer import KeyBar

if TYPE_CHECKING:
    from mdt_tui.screens.app import MdtApp


class MdtScreen(Screen):
    """Subclasses implement ``compose_body`` and, if they show identifiers, ``show_privacy``."""

    app: MdtApp
    _shown_before = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("PRIVACY MODE — identifiers hidden  (p to show)", id="privacy-banner", classes="banner")
        yield from self.compose_body()
        yield KeyBar()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler. The first resume follows the mount, which has just drawn
        # and styled everything: doing both again made every screen load its data twice and restyle
        # every widget, a third of the time a busy screen took to open.
        if self._shown_before:
            self.came_back()
        else:
            self._shown_before = True
            event.refresh_styles = False

    def came_back(self) -> None:
        """A screen above this one closed: redraw whatever it may have changed (mounting drew it first)."""

    def compose_body(self) -> ComposeResult:
        yield from ()

    def show_privacy(self, private: bool) -> None:
        """Redraw whatever shows names, NHS numbers, dates of birth or addresses."""
