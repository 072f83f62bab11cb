"""Carers under strain (from home): each carer, the person they care for, latest strain and assessment offered.

enter opens the cared-for person's household and carers screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label

from mdt_tui.households.records import shown_name, strain_text
from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.plain_text import PlainTable


class CarersScreen(MdtScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back", tooltip="Go back"),
        Binding("enter", "open", "Open", id="carers_open", tooltip="The cared-for person's household and carers"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Label("Carers under strain", classes="panel-title")
        yield PlainTable(id="carers-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Carer", "Cares for", "Latest strain", "Carer's assessment")
        self.show_privacy(self.app.privacy)
        self.query_one(DataTable).focus()

    def came_back(self) -> None:
        self.show_privacy(self.app.privacy)

    def show_privacy(self, private: bool) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for c in self.app.store.carer_strain_list():
            carer = c.name if c.id < 0 else shown_name(c.name, private=private)
            offered = f"offered {c.assessment_offered_on:%d %b %Y}" if c.assessment_offered_on else "not offered"
            table.add_row(
                carer,
                shown_name(c.cared_for_name, private=private),
                strain_text(c),
                offered,
                key=f"{c.id}:{c.cared_for_id or c.carer_person_id}",
            )
        if not table.row_count:
            table.add_row("No carer is under strain", "", "", "", key="none:")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # the table takes enter itself: it opens the row here
        self.action_open()

    def action_open(self) -> None:
        from mdt_tui.screens.households.household import HouseholdScreen

        table = self.query_one(DataTable)
        if not table.row_count:
            return
        person = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value).split(":")[1]
        if person:
            self.app.push_screen(HouseholdScreen(int(person)))
