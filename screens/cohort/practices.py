"""Practices: the ODS code for each practice name, so a SystmOne export that names practices can be imported.

Codes and names are learned from files that carry both; here they can be added and corrected by keys.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Label, Static

from mdt_tui.cohort.values import looks_like_ods_code
from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.forms import FormDialog, row
from mdt_tui.screens.kit.keys import binding
from mdt_tui.screens.kit.plain_text import PlainTable

HINT = "a add · enter or e edit the highlighted practice · a name in a cohort file gets its code from here"


class PracticeDialog(FormDialog[tuple[str, str]]):
    """An ODS code and the practice's name as GP systems write it."""

    def __init__(self, title: str, code: str = "", name: str = "") -> None:
        super().__init__(title)
        self.code, self.practice_name = code, name

    def compose_fields(self) -> ComposeResult:
        code = Input(self.code, placeholder="e.g. E82001", id="ods-code", compact=True, max_length=6)
        code.disabled = bool(self.code)  # renaming keeps the code: a different code is another practice
        yield row("ODS code", code)
        yield row(
            "Name",
            Input(
                self.practice_name,
                placeholder="as the cohort file writes it",
                id="practice-name",
                compact=True,
                max_length=100,
            ),
        )

    def on_mount(self) -> None:
        self.query_one("#practice-name" if self.code else "#ods-code", Input).focus()

    def build(self) -> tuple[str, str]:
        code = self.query_one("#ods-code", Input).value.strip().upper()
        name = self.query_one("#practice-name", Input).value.strip()
        if not looks_like_ods_code(code):
            raise ValueError("an ODS practice code is a letter then five digits, e.g. E82001")
        if not name:
            raise ValueError("give the practice's name, as the cohort file writes it")
        return code, name


class PracticesScreen(MdtScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back", tooltip="Go back"),
        binding("add", "add", description="Add a practice: its ODS code and name"),
        binding("edit", "edit", description="Correct the highlighted practice's name"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Label("Practices — ODS code and name", classes="panel-title")
        yield Static(HINT, classes="hint")
        yield PlainTable(id="practices", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("ODS code", "Name")
        self.load()
        self.query_one(DataTable).focus()

    def load(self, code: str | None = None) -> None:
        """The practice table (a few dozen rows: read at once), the cursor on ``code`` when given."""
        table = self.query_one(DataTable)
        table.clear()
        self.codes = list(self.app.store.practices().items())
        for ods, name in self.codes:
            table.add_row(ods, name, key=ods)
        if not self.codes:
            table.add_row("", "No practices yet: a to add one, or import a file with ODS codes and names.")
        elif code is not None and code in dict(self.codes):
            table.move_cursor(row=[c for c, _ in self.codes].index(code))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_add(self) -> None:
        self.app.push_screen(PracticeDialog("Add a practice"), self.save)

    def action_edit(self) -> None:
        if not self.codes:
            return self.action_add()
        code, name = self.codes[self.query_one(DataTable).cursor_row]
        self.app.push_screen(PracticeDialog(f"Practice {code}", code, name), self.save)

    def save(self, result: tuple[str, str] | None) -> None:
        if result is None:
            return
        from mdt_tui.screens.kit.saving import save_later

        code, name = result
        store, user = self.app.store, self.app.user
        save_later(
            self,
            lambda: store.save_practice(user, code, name),
            f"Practice {code}: {name}",
            then=lambda stored: self.load(stored),
        )
