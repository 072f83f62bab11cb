"""One person: identity, household and carers, service use, and their pathway history."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Label, Static

from mdt_tui.codes import TERMS
from mdt_tui.privacy import show_address, show_date_of_birth, show_name, show_nhs_number
from mdt_tui.screens.base import MdtScreen
from mdt_tui.screens.navigation import STEP_BINDINGS, STEP_HINT
from mdt_tui.screens.step_bar import StepBar

LINK_WORDS = {"lives_with": "lives with", "cares_for": "cares for", "cared_for_by": "cared for by"}


class PersonScreen(MdtScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="back", tooltip="Go back"), *STEP_BINDINGS]

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
            with VerticalScroll(classes="panel"):
                yield Label("Pathway history", classes="panel-title")
                yield DataTable(id="history", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#history", DataTable).add_columns("Date", "Step", "Now", "Code", "By")
        self.show_privacy(self.app.privacy)
        self.query_one("#history").focus()

    def on_screen_resume(self) -> None:
        self.show_privacy(self.app.privacy)

    def show_privacy(self, private: bool) -> None:
        store, today = self.app.store, self.app.today
        summary = store.person(self.person_id)
        patient = store.patient(self.person_id)
        self.query_one(StepBar).show(summary.stage)
        name = show_name(patient.family_name, patient.given_name, private=private)
        identity = Table.grid(padding=(0, 1))
        identity.add_column(style="dim")
        identity.add_column()
        for label, value in (
            ("Name", Text(name, style="bold")),
            ("Age", str(patient.age_on(today))),
            ("Born", show_date_of_birth(patient.date_of_birth, today, private=private)),
            ("NHS no.", show_nhs_number(patient.nhs_number, private=private)),
            ("Postcode", show_address(patient.postcode, private=private)),
            ("Practice", f"{patient.practice_code} {patient.practice_name}"),
            ("Usual GP", patient.usual_gp or "—"),
            ("Next of kin", "(hidden)" if private else
             (f"{patient.next_of_kin.name}, {patient.next_of_kin.relationship} {patient.next_of_kin.phone}"
              if patient.next_of_kin else "not recorded")),
        ):
            identity.add_row(label, value)
        self.query_one("#identity", Static).update(identity)
        self.query_one("#household", Static).update(self._household(patient, private))
        self.query_one("#service-use", Static).update(self._service_use())
        self._fill_history()

    def _household(self, patient, private: bool) -> Text:
        text = Text("\nHousehold and carers\n", style="bold")
        if not patient.carer_links:
            text.append("none recorded\n", style="dim")
        for link in patient.carer_links:
            other = show_name(*reversed(link.name.split(" ", 1)), private=private) if " " in link.name else link.name
            text.append(f"{LINK_WORDS[link.kind]} {other} ({link.relationship})")
            text.append("  — also in the cohort\n" if link.nhs_number else "\n", style="dim")
        return text

    def _service_use(self) -> Text:
        entries = self.app.store.cohort_entries(self.person_id)
        text = Text("\nLatest search\n", style="bold")
        if not entries:
            return text.append("no search results\n", style="dim")
        e = entries[0]
        text.append(f"{e.search_name}, run {e.run_date:%d %b %Y}\n")
        text.append(f"Segment {e.segment or '—'} · risk {e.risk_grade or '—'}\n")
        text.append(f"eFI {e.efi if e.efi is not None else '—'} · CFS {e.cfs or '—'}\n")
        text.append(f"Last 12 m: {_n(e.emergency_admissions_12m)} emergency admissions, "
                    f"{_n(e.ae_attendances_12m)} A&E\n")
        flags = [w for w, on in (("housebound", e.housebound), ("care home", e.care_home_resident),
                                 ("end-of-life register", e.end_of_life_register)) if on]
        if flags:
            text.append(" · ".join(flags) + "\n")
        return text

    def _fill_history(self) -> None:
        table = self.query_one("#history", DataTable)
        table.clear()
        for entry in reversed(self.app.store.history(self.person_id)):
            code = f"{entry.snomed_code} {TERMS.get(entry.snomed_code, '')}" if entry.snomed_code else ""
            table.add_row(f"{entry.effective_date:%d %b %Y}", entry.step.replace("_", " "), entry.to_stage.label,
                          code, entry.by_name)

    def action_open_step(self, step: str) -> None:
        self.app.open_step(step, self.person_id)


def _n(value: int | None) -> str:
    return "—" if value is None else str(value)
