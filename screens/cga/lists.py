"""A CGA list (medicines, goals, assessments done elsewhere): rows in a table, an entry line to add or edit one."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from mdt_tui.cga.bundle import ListSpec
from mdt_tui.screens.kit.plain_text import PlainTable


class ListEditor(Vertical):
    DEFAULT_CSS = """
    ListEditor { padding: 0 1; height: 1fr; }
    ListEditor #list-rows { height: 1fr; min-height: 4; }
    ListEditor #list-entry { height: auto; }
    ListEditor #list-entry { margin-top: 1; }
    ListEditor #list-entry Input { width: 1fr; height: 1; border: none; padding: 0 1; margin-right: 1;
                                   background: $boost; }
    ListEditor #list-entry Input:focus { border: none; background: $accent 30%; }
    ListEditor #list-error { color: $error; text-style: bold; }
    """
    BINDINGS = [
        Binding("delete", "remove", "Remove", id="cga_list_remove", tooltip="Remove the highlighted row"),
        Binding("shift+up", "shift(-1)", "Move up", id="cga_list_up", tooltip="Move the highlighted row up"),
        Binding("shift+down", "shift(1)", "Move down", id="cga_list_down", tooltip="Move the highlighted row down"),
        Binding("escape", "leave", "Sections", id="cga_list_to_sections", tooltip="Back to this tab's sections"),
    ]

    class Changed(Message):
        """The rows changed (added, edited, removed or reordered)."""

        def __init__(self, section_id: str, rows: list[dict]) -> None:
            super().__init__()
            self.section_id, self.rows = section_id, rows

    class Typed(Message):
        """Text typed into the entry line, not yet added."""

        def __init__(self, section_id: str, field: str, text: str) -> None:
            super().__init__()
            self.section_id, self.field, self.text = section_id, field, text

    class Left(Message):
        """The user went back to the list of sections."""

    def __init__(self, spec: ListSpec, *, id: str) -> None:
        super().__init__(id=id)
        self.spec = spec
        self.rows: list[dict] = []
        self.editing: int | None = None
        self.shown = False
        """True once ``show`` has filled it (typed text is restored only then)."""

    def compose(self) -> ComposeResult:
        yield Static(id="list-extra")
        yield PlainTable(id="list-rows", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="list-entry"):
            for field, label in self.spec.fields:
                yield Input(placeholder=label, id=f"entry-{field}")
        yield Static(id="list-error")
        hint = "enter adds · enter on a row edits it · del removes"
        yield Static(hint + (" · shift+↑↓ reorders" if self.spec.ordered else ""), classes="hint")

    def show(
        self,
        rows: list[dict],
        *,
        extra: Text | str = "",
        badges: list[str] | None = None,
        pending: dict[str, str] | None = None,
        mask: Callable[[str], str] | None = None,
    ) -> None:
        """Redraw the rows (with an optional last column, e.g. each drug's ACB score) and a line above them;
        ``mask`` shows names in the typed text as initials (privacy mode; the rows kept for editing are as typed)."""
        self.rows = [dict(row) for row in rows]
        table = self.query_one(DataTable)
        if not table.columns:
            table.add_columns(*(label for _, label in self.spec.fields), *(("ACB",) if badges is not None else ()))
        cursor = table.cursor_row
        table.clear()
        for index, row in enumerate(self.rows):
            table.add_row(
                *(_shown(row.get(field, ""), mask) for field, _ in self.spec.fields),
                *((badges[index],) if badges is not None else ()),
            )
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))
        self.query_one("#list-extra", Static).update(extra)
        if pending and not self.shown:
            with self.prevent(Input.Changed):
                for field, text in pending.items():
                    self.query_one(f"#entry-{field}", Input).value = text
        self.shown = True

    def entry_selector(self) -> str:
        """Where the focus goes on entering: the first box of the entry line."""
        return f"#{self.id} #entry-{self.spec.fields[0][0]}"

    def enter(self) -> None:
        self.screen.query_one(self.entry_selector()).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Typed(self.spec.id, (event.input.id or "").removeprefix("entry-"), event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        entry = {field: self.query_one(f"#entry-{field}", Input).value for field, _ in self.spec.fields}
        try:
            row = self.spec.model.model_validate(entry).model_dump()
        except ValidationError as exc:
            first = exc.errors()[0]
            label = dict(self.spec.fields).get(str(first["loc"][0]), "Entry")
            self.query_one("#list-error", Static).update(f"✘ {label}: {first['msg'].lower()}")
            return
        self.query_one("#list-error", Static).update("")
        if self.editing is not None and self.editing < len(self.rows):
            self.rows[self.editing] = row
        else:
            self.rows.append(row)
        self.editing = None
        with self.prevent(Input.Changed):
            for field, _ in self.spec.fields:
                self.query_one(f"#entry-{field}", Input).value = ""
        self.post_message(self.Changed(self.spec.id, list(self.rows)))
        self.enter()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.editing = event.cursor_row
        for field, _ in self.spec.fields:
            self.query_one(f"#entry-{field}", Input).value = self.rows[self.editing].get(field, "")
        self.enter()

    def action_remove(self) -> None:
        table = self.query_one(DataTable)
        if self.rows and table.has_focus:
            del self.rows[table.cursor_row]
            self.editing = None
            self.post_message(self.Changed(self.spec.id, list(self.rows)))

    def action_shift(self, step: int) -> None:
        table = self.query_one(DataTable)
        here, there = table.cursor_row, table.cursor_row + step
        if not (self.spec.ordered and table.has_focus and 0 <= there < len(self.rows)):
            return
        self.rows[here], self.rows[there] = self.rows[there], self.rows[here]
        self.post_message(self.Changed(self.spec.id, list(self.rows)))
        table.move_cursor(row=there)

    def action_leave(self) -> None:
        self.post_message(self.Left())


def _shown(value: object, mask: Callable[[str], str] | None) -> object:
    return mask(value) if mask is not None and isinstance(value, str) else value
