"""Saved views (issue 14): a list's `/` filter kept under a name, recalled by its number after a restart.

A view is a filter as typed, so it means on recall what it meant when saved; it names no person, only what a
list is narrowed by (a filter may hold a name: it is shown on screen only as the filter box shows it)."""

from __future__ import annotations

from datetime import datetime

from mdt_tui.cohort.values import text_parser
from mdt_tui.errors import MdtError
from mdt_tui.models import Model

NAME_LIMIT = 40
FILTER_LIMIT = 200
_name = text_parser(NAME_LIMIT)
_filter = text_parser(FILTER_LIMIT)


class SavedView(Model):
    id: int
    list_key: str
    """Which list the view is for ("cohort", "actions", "people"…): views are offered only on their own list."""
    name: str
    filter: str
    saved_by: str
    saved_at: datetime

    def line(self) -> str:
        return f"{self.name} — /{self.filter}"


def checked_view(name: str, filter_text: str) -> tuple[str, str]:
    """The name and filter as they are stored, or MdtError with one sentence (nothing is saved)."""
    name, filter_text = " ".join(name.split()), filter_text.strip()
    if not name:
        raise MdtError("Give the view a name, such as 'frail, awaiting review'.")
    if not filter_text:
        raise MdtError("There is no filter to save: press / and type one first.")
    try:
        name = _name(name)
    except ValueError as error:
        raise MdtError(f"The view's name {error}.") from None
    try:
        filter_text = _filter(filter_text)
    except ValueError as error:
        raise MdtError(f"The filter {error}.") from None
    return name, filter_text
