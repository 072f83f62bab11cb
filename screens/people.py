"""A list of people (behind a pipeline count, or any query), filterable, opening a person."""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Label

from mdt_tui.models import PersonSummary
from mdt_tui.privacy import show_name, show_nhs_number
from mdt_tui.screens.base import MdtScreen
from mdt_tui.screens.list_filter import FILTER_BINDINGS, FilteredList
from mdt_tui.screens.plain_text import PlainTable

Loader = Callable[[object], list[PersonSummary]]
COLUMNS = ("Name", "Age", "NHS no.", "Practice", "Segment", "Risk", "Stage", "Next review")


class PeopleScreen(FilteredList, MdtScreen):
    BINDINGS = FILTER_BINDINGS

    def __init__(self, title: str, loader: Loader) -> None:
        super().__init__()
        self.list_title = title
        self.loader = loader
        self.people: list[PersonSummary] = []

    def compose_body(self) -> ComposeResult:
        yield Label(self.list_title, id="list-title", classes="panel-title")
        yield Input(placeholder="filter: name, NHS number, practice, stage…", id="filter")
        yield PlainTable(id="people", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.hide_filter()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        self.deliver_read(self._loaded, self.loader, self.app.store)  # dropped if the list was closed meanwhile

    def _loaded(self, people: list[PersonSummary]) -> None:
        self.people = people
        self.show_rows()
        self.query_one(DataTable).focus()

    def show_rows(self) -> None:
        private = self.app.privacy
        today, matches = self.app.today, self.row_matcher()
        table = self.query_one(DataTable)
        table.clear()
        shown = 0
        for p in self.people:
            cells = (show_name(p.family_name, p.given_name, private=private), str(p.age_on(today)),
                     show_nhs_number(p.nhs_number, private=private), p.practice_code, p.segment, p.risk_grade,
                     p.stage.label, p.next_review.strftime("%d %b %Y") if p.next_review else "")
            if not matches(p.family_name, p.given_name, p.nhs_number, *cells):
                continue
            table.add_row(*cells, key=str(p.id))
            shown += 1
        self.query_one("#list-title", Label).update(f"{self.list_title} — showing {shown} of {len(self.people)}")

    def show_privacy(self, private: bool) -> None:
        self.show_rows()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from mdt_tui.screens.person import PersonScreen

        self.app.push_screen(PersonScreen(int(event.row_key.value)))
