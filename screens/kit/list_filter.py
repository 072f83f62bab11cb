"""The `/` filter every list screen shares: a box shown on `/`, narrowing the rows as you type; escape clears it.
S saves the filter as a named view and V recalls one by number (screens/kit/saved_views.py)."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import DataTable, Input

from mdt_tui.finder import fold
from mdt_tui.saved_views import SavedView
from mdt_tui.screens.kit.base import ScreenMixin
from mdt_tui.screens.kit.saved_views import SAVED_VIEW_BINDINGS, SavesViews

FILTER_BINDINGS: list[BindingType] = [
    Binding("escape", "back", "Back", id="back", tooltip="Clear the filter, or go back"),
    Binding("slash", "filter", "Filter", id="filter", tooltip="Filter this list by the words typed"),
    *SAVED_VIEW_BINDINGS,
]


class FilteredList(SavesViews, ScreenMixin):
    """Mixed into a list screen with an Input (id ``FILTER_ID``) above its table; it redraws in ``show_rows``."""

    FILTER_ID = "filter"

    def show_rows(self) -> None:
        raise NotImplementedError

    def rows_table(self) -> Widget:
        """The list's table (a DataTable unless the screen says otherwise): focused when the filter is done."""
        return self.query_one(DataTable)

    @property
    def filter_box(self) -> Input:
        return self.query_one(f"#{self.FILTER_ID}", Input)

    def view_filter_box(self) -> Input:
        return self.filter_box

    def apply_view(self, view: SavedView) -> None:
        super().apply_view(view)
        self.rows_table().focus()

    def needle(self) -> str:
        """The filter as typed, folded (case and accents ignored); '' lets every row through."""
        return fold(self.filter_box.value.strip())

    def row_matcher(self) -> Callable[..., bool]:
        """Whether a row holding these texts passes the filter; read the box once, then test each row."""
        needle = self.needle()
        return lambda *texts: not needle or needle in fold(" ".join(texts))

    def hide_filter(self) -> None:
        """Call from on_mount: the box shows only once `/` is pressed."""
        self.filter_box.display = False

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == self.FILTER_ID:
            self.show_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == self.FILTER_ID:
            self.rows_table().focus()

    def action_filter(self) -> None:
        self.filter_box.display = True
        self.filter_box.focus()

    def action_back(self) -> None:
        box = self.filter_box
        if box.display and (box.has_focus or box.value):
            box.value = ""
            box.display = False
            self.rows_table().focus()
        else:
            self.app.pop_screen()
