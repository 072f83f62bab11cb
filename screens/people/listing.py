"""A list of people (behind a pipeline count, or any query), filterable, opening a person."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Label

from mdt_tui.finder import fold
from mdt_tui.models import PersonSummary
from mdt_tui.privacy import show_name, show_nhs_number
from mdt_tui.screens.kit.base import MdtScreen, row_id
from mdt_tui.screens.kit.list_filter import FILTER_BINDINGS, FilteredList
from mdt_tui.screens.kit.plain_text import PlainTable

if TYPE_CHECKING:
    from mdt_tui.store.store import Store

Loader = Callable[["Store"], list[PersonSummary]]
COLUMNS = ("Name", "Age", "NHS no.", "Practice", "Segment", "Risk", "Stage", "Next review")
PAGE = 200
"""Rows added to the table at a time: the next page is added as the cursor nears the last one added, so a list of
14,000 people opens (and each filter keystroke redraws) as quickly as one of 200."""


class PeopleScreen(FilteredList, MdtScreen):
    BINDINGS = FILTER_BINDINGS

    def __init__(self, title: str, loader: Loader) -> None:
        super().__init__()
        self.list_title = title
        self.loader = loader
        self.people: list[PersonSummary] = []
        self.search: list[str] = []  # what the filter searches, per person, folded once per load
        self.matching: list[PersonSummary] = []
        self.added = 0  # how many of ``matching`` are in the table

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
        today = self.app.today
        self.search = [
            fold(
                " ".join(
                    (
                        p.family_name,
                        p.given_name,
                        p.nhs_number,
                        str(p.age_on(today)),
                        p.practice_code,
                        p.segment,
                        p.risk_grade,
                        p.stage.label,
                        _review(p),
                    )
                )
            )
            for p in people
        ]
        self.show_rows()
        self.query_one(DataTable).focus()

    def show_rows(self) -> None:
        needle = self.needle()
        self.matching = (
            [p for p, text in zip(self.people, self.search, strict=True) if needle in text] if needle else self.people
        )
        self.query_one(DataTable).clear()
        self.added = 0
        self.add_page()
        self.query_one("#list-title", Label).update(
            f"{self.list_title} — showing {len(self.matching)} of {len(self.people)}"
        )

    def add_page(self) -> None:
        private, today = self.app.privacy, self.app.today
        table = self.query_one(DataTable)
        for p in self.matching[self.added : self.added + PAGE]:
            table.add_row(
                show_name(p.family_name, p.given_name, private=private),
                str(p.age_on(today)),
                show_nhs_number(p.nhs_number, private=private),
                p.practice_code,
                p.segment,
                p.risk_grade,
                p.stage.label,
                _review(p),
                key=str(p.id),
            )
        self.added = table.row_count

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.added - 20 and self.added < len(self.matching):
            self.add_page()  # the cursor nears the last row added: the next page follows

    def show_privacy(self, private: bool) -> None:
        self.show_rows()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from mdt_tui.screens.people.person import PersonScreen

        self.app.push_screen(PersonScreen(row_id(event.row_key.value)))


def _review(p: PersonSummary) -> str:
    return p.next_review.strftime("%d %b %Y") if p.next_review else ""
