"""Undo for one-key changes that are not coded outcomes (done, remove, cancel): the change happens at once,
the key bar says "done — u undo" for a few seconds, and ``u`` reverses it (through the serial writer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.timer import Timer

from mdt_tui.screens.kit.base import ScreenMixin
from mdt_tui.screens.kit.footer import KeyBar
from mdt_tui.screens.kit.keys import binding
from mdt_tui.screens.kit.saving import save_later

UNDO_SECONDS = 8.0
UNDO_BINDING = binding(
    "undo", "undo_last", description="Undo the one-key change just made (while the key bar offers it)", show=False
)


class OffersUndo(ScreenMixin):
    """For a screen: ``offer_undo`` after a one-key change; ``u`` undoes it while the offer stands."""

    _undo: tuple[str, Callable[[], object], Callable[[Any], object] | None] | None = None
    _undo_timer: Timer | None = None

    def offer_undo(self, what: str, undo: Callable[[], object], then: Callable[[Any], object] | None = None) -> None:
        """``what`` happened (e.g. "Falls referral done"); ``undo`` is the store write that reverses it."""
        self._undo = (what, undo, then)
        if self._undo_timer is not None:
            self._undo_timer.stop()
        self._undo_timer = self.set_timer(UNDO_SECONDS, self._withdraw_undo)
        self._bar(f"{what} — u undo")

    def _withdraw_undo(self) -> None:
        self._undo = self._undo_timer = None
        self._bar("")

    def _bar(self, text: str) -> None:
        for bar in self.query(KeyBar):
            bar.flash(text)

    def action_undo_last(self) -> None:
        if self._undo is None:
            self.notify(
                "Nothing to undo: u undoes a one-key change while the key bar offers it.",
                severity="warning",
                timeout=4,
            )
            return
        what, undo, then = self._undo
        if self._undo_timer is not None:
            self._undo_timer.stop()
        self._withdraw_undo()
        save_later(self, undo, f"Undone: {what}", then=then)
