"""The maturity self-assessment: each checklist item's latest answer and note; enter answers one (dated today)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Label, Static

from mdt_tui.impact.maturity import ANSWERS, CHECKLISTS, ITEMS, MaturityEntry, current_answers, history, level
from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.forms import Choice, FormDialog, row
from mdt_tui.screens.kit.plain_text import PlainTable, plain
from mdt_tui.screens.kit.saving import save_later


class MaturityDialog(FormDialog[tuple[str, str]]):
    def __init__(self, item: str, current: MaturityEntry | None) -> None:
        super().__init__(f"{ITEMS[item][0]}: {ITEMS[item][1]}")
        self.current = current

    def compose_fields(self) -> ComposeResult:
        yield row(
            "In place?", Choice(list(ANSWERS.items()), value=self.current.answer if self.current else None, id="answer")
        )
        yield row("Note", Input(placeholder="required: what is in place, or what is missing", id="note", compact=True))

    def build(self) -> tuple[str, str]:
        answer = self.query_one("#answer", Choice).value
        if answer is None:
            raise ValueError("pick 1 in place, 2 partly or 3 not yet")
        if not self.text("note"):
            raise ValueError("add a note: what is in place, or what is missing")
        return answer, self.text("note")


class MaturityScreen(MdtScreen):
    DEFAULT_CSS = "MaturityScreen #maturity-history { height: auto; }"

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[MaturityEntry] = []

    def compose_body(self) -> ComposeResult:
        yield Label("Maturity self-assessment — reading…", id="maturity-title", classes="panel-title")
        yield PlainTable(id="maturity", cursor_type="row", zebra_stripes=True)
        yield Static("", id="maturity-history")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Level", "Item", "Answer", "On", "Note")
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        self.deliver_read(self._loaded, lambda store: store.maturity_entries(), self.app.store)

    def _loaded(self, entries: list[MaturityEntry]) -> None:
        self.entries = entries
        answers = current_answers(entries)
        reached, progress = level(answers)
        self.query_one("#maturity-title", Label).update(plain(f"Maturity: {reached} ({progress}) — enter answers"))
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for name, items in CHECKLISTS.items():
            for key, text in items:
                entry = answers.get(key)
                table.add_row(
                    name,
                    text,
                    ANSWERS[entry.answer] if entry else "not assessed",
                    entry.assessed_on.strftime("%d %b %Y") if entry else "",
                    entry.note if entry else "",
                    key=key,
                )
        table.move_cursor(row=min(cursor, table.row_count - 1))
        table.focus()
        past = history(entries)
        self.query_one("#maturity-history", Static).update(
            plain(
                "History: " + " · ".join(f"{day:%d %b %Y} {name}" for day, name in past)
                if past
                else "History: no assessment yet"
            )
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        item = str(event.row_key.value)
        self.app.push_screen(
            MaturityDialog(item, current_answers(self.entries).get(item)), lambda result: self._answered(item, result)
        )

    def _answered(self, item: str, result: tuple[str, str] | None) -> None:
        if result is None:
            return
        store, user, today = self.app.store, self.app.user, self.app.today
        answer, note = result
        save_later(
            self,
            lambda: store.record_maturity(user, item, answer, note, on=today),
            f"Maturity: {ITEMS[item][1]} — {ANSWERS[answer]}",
            then=lambda _: self.load(),
        )
