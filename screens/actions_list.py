"""A list of open actions with owners and due dates (overdue ones, or one person's)."""

from __future__ import annotations

from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label

from mdt_tui.models import ActionItem
from mdt_tui.privacy import show_name
from mdt_tui.screens.base import MdtScreen


class ActionsScreen(MdtScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="back", tooltip="Go back")]

    def __init__(self, title: str, *, due_before: date | None = None, person_id: int | None = None) -> None:
        super().__init__()
        self.list_title = title
        self.due_before = due_before
        self.person_id = person_id
        self.items: list[ActionItem] = []

    def compose_body(self) -> ComposeResult:
        yield Label(self.list_title, classes="panel-title")
        yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Due", "Person", "Action", "Owner")
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        items = self.app.store.actions(person_id=self.person_id, due_before=self.due_before)
        self.app.call_from_thread(self._loaded, items)

    def _loaded(self, items: list[ActionItem]) -> None:
        self.items = items
        self.show_privacy(self.app.privacy)
        self.query_one(DataTable).focus()

    def show_privacy(self, private: bool) -> None:
        table = self.query_one(DataTable)
        table.clear()
        today = self.app.today
        for item in self.items:
            due = item.due_date.strftime("%d %b %Y") if item.due_date else "no date"
            if item.due_date and item.due_date < today:
                due = f"! {due}"
            table.add_row(due, show_name(item.family_name, item.given_name, private=private),
                          item.description, item.owner, key=str(item.id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from mdt_tui.screens.person import PersonScreen

        item = next(i for i in self.items if str(i.id) == event.row_key.value)
        self.app.push_screen(PersonScreen(item.person_id))
