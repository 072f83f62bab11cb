"""Saved views (issue 14): on a list with a `/` filter, S keeps the filter under a name and V recalls one by
its number, the same after a restart (the views are in the database, shared by the team)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Label

from mdt_tui.errors import MdtError
from mdt_tui.safe_text import terminal_text
from mdt_tui.saved_views import NAME_LIMIT, SavedView, checked_view
from mdt_tui.screens.kit.forms import Choice, FormDialog, row
from mdt_tui.screens.kit.keys import binding
from mdt_tui.screens.kit.saving import save_later

# Keys from the registry (screens/kit/keys.py); not in the key bar (it is full at 80 columns beside each list's own
# keys): help, the palette and the README name them.
SAVED_VIEW_BINDINGS = [binding("save_view", "save_view", show=False), binding("saved_views", "saved_views", show=False)]


class SaveViewDialog(FormDialog[str]):
    """The name to keep the filter under; enter saves. A name already used for this list is replaced."""

    def __init__(self, filter_text: str, names: list[str]) -> None:
        super().__init__("Save this filter as a view")
        self.filter_text, self.names = filter_text, names

    def compose_fields(self) -> ComposeResult:
        yield Label(Text(f"Filter: /{terminal_text(self.filter_text)}"), classes="form-heading")
        if self.names:
            yield Label(Text(terminal_text("Saved already: " + "; ".join(self.names))), classes="hint")
        yield row("Name", Input(placeholder="e.g. frail, awaiting review", id="view-name", max_length=NAME_LIMIT))

    def build(self) -> str:
        try:
            name, _ = checked_view(self.text("view-name"), self.filter_text)
        except MdtError as error:
            raise ValueError(str(error).rstrip(".")) from None  # shown on the form's error line
        return name


class ViewPicker(FormDialog[SavedView]):
    """The list's saved views by number: a digit recalls one at once."""

    def __init__(self, views: list[SavedView]) -> None:
        super().__init__("Saved views — press a number")
        self.views = {view.id: view for view in views}

    def compose_fields(self) -> ComposeResult:
        yield Choice([(v.id, terminal_text(v.line())) for v in self.views.values()], inline=False, id="views")

    def build(self) -> SavedView:
        return self.views[int(self.picked("views", "pick a view by its number"))]

    def on_choice_changed(self, event: Choice.Changed) -> None:
        event.stop()
        self.action_save()


class SavesViews:
    """Mixed into a list screen with a filter box: ``S`` saves its filter, ``V`` recalls one (see BINDINGS)."""

    app: Any

    def view_filter_box(self) -> Input:
        raise NotImplementedError

    @property
    def view_list_key(self) -> str:
        """Which list the views belong to: the screen's name ("ActionsScreen" → "actions")."""
        return type(self).__name__.removesuffix("Screen").lower()

    def apply_view(self, view: SavedView) -> None:
        """Show the view's filter in the box; the list narrows as it does when the filter is typed."""
        box = self.view_filter_box()
        box.display = True
        box.value = view.filter

    def action_save_view(self) -> None:
        text, key = self.view_filter_box().value.strip(), self.view_list_key
        if not text:
            self.app.notify("No filter to save: press / and type one, then S saves it.", severity="warning")
            return
        store, user = self.app.store, self.app.user
        names = [v.name for v in store.saved_views(key)]

        def named(name: str | None) -> None:
            if name:
                save_later(self, lambda: store.save_view(user, key, name, text), f"View '{name}' saved (V recalls it)")

        self.app.push_screen(SaveViewDialog(text, names), named)

    def action_saved_views(self) -> None:
        views = self.app.store.saved_views(self.view_list_key)
        if not views:
            self.app.notify("No saved views for this list yet: / to filter, then S saves it.", severity="warning")
            return

        def picked(view: SavedView | None) -> None:
            if view is not None:
                self.apply_view(view)

        self.app.push_screen(ViewPicker(views), picked)
