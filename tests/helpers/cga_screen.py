"""Driving the CGA screen with Pilot: the terminal size, the next-tab key, opening a caseload person's CGA."""

from __future__ import annotations

from mdt_tui.pathway import Stage
from mdt_tui.screens.cga.assessment import CgaScreen
from tests.pilot_helpers import SIZE, app_for, open_person_step
from tests.pilot_helpers import text_of as _text_of

__all__ = ["NEXT_TAB", "SIZE", "app_for", "caseload_person", "open_cga", "text_of"]

NEXT_TAB = "right_square_bracket"


def text_of(widget) -> str:
    """What a Static shows, as plain text, wrapped at 100 columns as the CGA tests expect."""
    return _text_of(widget, width=100)


async def open_cga(app, pilot, person_id: int) -> CgaScreen:
    return await open_person_step(app, pilot, person_id, "a", CgaScreen)


def caseload_person(app):
    return app.store.people([Stage.ON_CASELOAD])[0]
