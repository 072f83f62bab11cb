"""Open actions with owners and due dates — overdue, everyone's by owner, or one person's — closed by keys."""

from __future__ import annotations

from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Label

from mdt_tui.models import ActionItem
from mdt_tui.privacy import show_name
from mdt_tui.screens.base import MdtScreen
from mdt_tui.screens.dialogs import ReasonDialog
from mdt_tui.screens.list_filter import FILTER_BINDINGS, FilteredList
from mdt_tui.screens.plain_text import PlainTable
from mdt_tui.screens.saving import save_later


class ActionsScreen(FilteredList, MdtScreen):
    BINDINGS = [
        *FILTER_BINDINGS,
        Binding("d", "done", "Done", id="action_done", tooltip="Mark the highlighted action done (records who and when)"),
        Binding("delete", "cancel_action", "Cancel…", id="action_cancel",
                tooltip="Cancel the highlighted action, with a reason"),
        Binding("o", "group", "By owner", id="action_group", tooltip="Group by owner, or order by due date"),
    ]

    def __init__(self, title: str, *, due_before: date | None = None, person_id: int | None = None,
                 by_owner: bool = False) -> None:
        super().__init__()
        self.list_title = title
        self.due_before = due_before
        self.person_id = person_id
        self.by_owner = by_owner
        self.items: list[ActionItem] = []

    def compose_body(self) -> ComposeResult:
        yield Label(self.list_title, id="actions-title", classes="panel-title")
        yield Input(placeholder="filter: owner, person, action, due…", id="filter")
        yield PlainTable(id="actions", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.hide_filter()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        self.deliver_read(self._loaded, lambda: self.app.store.actions(
            person_id=self.person_id, due_before=self.due_before, by_owner=self.by_owner))

    def _loaded(self, items: list[ActionItem]) -> None:
        self.items = items
        self.show_privacy(self.app.privacy)
        self.query_one(DataTable).focus()

    def show_privacy(self, private: bool) -> None:
        self.show_rows()

    def show_rows(self) -> None:
        private = self.app.privacy
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        columns = ("Owner", "Due", "Person", "Action") if self.by_owner else ("Due", "Person", "Action", "Owner")
        table.add_columns(*columns)
        today, matches = self.app.today, self.row_matcher()
        for item in self.items:
            due = item.due_date.strftime("%d %b %Y") if item.due_date else "no date"
            if item.due_date and item.due_date < today:
                due = f"! {due}"
            cells = {"Owner": item.owner, "Due": due, "Action": item.description,
                     "Person": show_name(item.family_name, item.given_name, private=private)}
            if matches(item.family_name, item.given_name, *cells.values()):
                table.add_row(*(cells[c] for c in columns), key=str(item.id))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        grouping = "grouped by owner" if self.by_owner else "soonest due first"
        shown = f"showing {table.row_count} of {len(self.items)}" if table.row_count < len(self.items) else \
            f"{len(self.items)} open"
        self.query_one("#actions-title", Label).update(f"{self.list_title} — {shown}, {grouping}")

    def _highlighted(self) -> ActionItem | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            self.notify("No action is highlighted.", severity="warning")
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next(i for i in self.items if str(i.id) == key)

    def action_done(self) -> None:
        item = self._highlighted()
        if item:
            save_later(self, lambda: self.app.store.complete_action(self.app.user, item.id), "Action done",
                       then=lambda _: self.load())

    def action_cancel_action(self) -> None:
        item = self._highlighted()
        if item:
            self.app.push_screen(ReasonDialog("Cancel the action", with_note=False), lambda r: r and self._cancel(item, r))

    def _cancel(self, item: ActionItem, reasoned) -> None:
        save_later(self, lambda: self.app.store.cancel_action(self.app.user, item.id, reason=reasoned.reason),
                   "Action cancelled", then=lambda _: self.load())

    def action_group(self) -> None:
        self.by_owner = not self.by_owner
        self.load()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from mdt_tui.screens.person import PersonScreen

        item = next(i for i in self.items if str(i.id) == event.row_key.value)
        self.app.push_screen(PersonScreen(item.person_id))
