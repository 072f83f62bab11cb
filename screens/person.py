"""One person: identity, household and carers, service use, and their pathway history."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Label, Static

from mdt_tui.codes import TERMS
from mdt_tui.screens.base import MdtScreen
from mdt_tui.screens.navigation import STEP_BINDINGS, STEP_HINT
from mdt_tui.screens.person_details import approach_text, household_text, identity_table, service_use_text
from mdt_tui.screens.step_bar import StepBar
from mdt_tui.screens.theograph import THEOGRAPH_BINDING, TheographDialog


class PersonScreen(MdtScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="back", tooltip="Go back"), THEOGRAPH_BINDING,
                *STEP_BINDINGS]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id

    def compose_body(self) -> ComposeResult:
        yield StepBar(id="step-bar")
        yield Static(STEP_HINT, classes="hint")
        with Horizontal(id="person"):
            with VerticalScroll(classes="panel", id="person-details"):
                yield Static(id="identity")
                yield Static(id="household")
                yield Static(id="service-use")
                yield Static(id="approach")
            with Vertical(classes="panel"):  # the table scrolls itself, drawing only the rows in view
                yield Label("Pathway history", classes="panel-title")
                yield DataTable(id="history", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#history", DataTable).add_columns("Date", "Step", "Now", "Code", "By")
        self.show_privacy(self.app.privacy)
        self.query_one("#history").focus()

    def came_back(self) -> None:
        self.show_privacy(self.app.privacy)

    def show_privacy(self, private: bool) -> None:
        store, today = self.app.store, self.app.today
        summary = store.person(self.person_id)
        patient = store.patient(self.person_id)
        self.query_one(StepBar).show(summary.stage)
        self.query_one("#identity", Static).update(identity_table(patient, today, private))
        self.query_one("#household", Static).update(household_text(patient, private))
        self.query_one("#service-use", Static).update(service_use_text(store.cohort_entries(self.person_id)))
        contact = approach_text(store.first_contact(self.person_id), store.contact_attempts(self.person_id))
        self.query_one("#approach", Static).update(Text("\n").append_text(contact))
        self._fill_history()

    def _fill_history(self) -> None:
        table = self.query_one("#history", DataTable)
        table.clear()
        for entry in reversed(self.app.store.history(self.person_id)):
            code = f"{entry.snomed_code} {TERMS.get(entry.snomed_code, '')}" if entry.snomed_code else ""
            table.add_row(f"{entry.effective_date:%d %b %Y}", entry.step.replace("_", " "), entry.to_stage.label,
                          code, entry.by_name)

    def action_theograph(self) -> None:
        self.app.push_screen(TheographDialog(self.person_id))

    def action_open_step(self, step: str) -> None:
        self.app.open_step(step, self.person_id)

