"""One person: identity, household and carers, service use, and their pathway history.

On the history, `u` marks the highlighted step's code entered in error, reversing the step."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Label, Static

from mdt_tui.codes import TERMS
from mdt_tui.models import HistoryEntry, saved_id
from mdt_tui.screens.cga.self_harm import self_harm_banner
from mdt_tui.screens.consent.dialogs import ReasonDialog
from mdt_tui.screens.households.keys import (
    HOUSEHOLD_BINDING,
    OTHER_MEMBER_BINDING,
    open_household,
    open_other_member,
)
from mdt_tui.screens.impact.theograph import THEOGRAPH_BINDING, TheographDialog
from mdt_tui.screens.kit.base import MdtScreen, row_id
from mdt_tui.screens.kit.keys import binding
from mdt_tui.screens.kit.masked_text import masked, name_mask
from mdt_tui.screens.kit.navigation import STEP_BINDINGS, STEP_HINT
from mdt_tui.screens.kit.plain_text import PlainTable
from mdt_tui.screens.kit.saving import save_later
from mdt_tui.screens.kit.step_bar import StepBar
from mdt_tui.screens.people.details import (
    approach_text,
    correction_refusal,
    history_code,
    history_step,
    household_text,
    identity_table,
    left_search_text,
    service_use_text,
)


class PersonScreen(MdtScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back", tooltip="Go back"),
        THEOGRAPH_BINDING,
        binding(
            "undo",
            "correct",
            name="Entered in error…",
            description="The highlighted step was entered in error: reverse it and its code, with a reason",
        ),
        HOUSEHOLD_BINDING,
        OTHER_MEMBER_BINDING,
        *STEP_BINDINGS,
    ]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self.history: dict[int, HistoryEntry] = {}

    def compose_body(self) -> ComposeResult:
        yield StepBar(id="step-bar")
        yield Static(id="self-harm-banner")  # a self-harm answer not yet actioned, first of all
        yield Static(STEP_HINT, classes="hint")
        with Horizontal(id="person"):
            with VerticalScroll(classes="panel", id="person-details"):
                yield Static(id="left-search")  # no longer found by their search: for the MDT to decide
                yield Static(id="identity")
                yield Static(id="household")
                yield Static(id="service-use")
                yield Static(id="approach")
            with Vertical(classes="panel"):  # the table scrolls itself, drawing only the rows in view
                yield Label("Pathway history", classes="panel-title")
                yield PlainTable(id="history", cursor_type="row", zebra_stripes=True)

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
        banner = self_harm_banner(store, self.person_id, private=private)
        self.query_one("#self-harm-banner", Static).display = banner is not None
        self.query_one("#self-harm-banner", Static).update(banner or "")
        left = left_search_text(store.left_search(self.person_id), summary.stage)
        self.query_one("#left-search", Static).display = bool(left)
        self.query_one("#left-search", Static).update(left)
        self.query_one("#identity", Static).update(identity_table(patient, today, private))
        household = store.household_view(self.person_id)
        self.query_one("#household", Static).update(household_text(patient, private, household))
        self.query_one("#service-use", Static).update(service_use_text(store.cohort_entries(self.person_id)))
        contact = approach_text(store.first_contact(self.person_id), store.contact_attempts(self.person_id))
        mask = name_mask(store, [self.person_id], private=private)  # contact notes are typed text
        self.query_one("#approach", Static).update(Text("\n").append_text(masked(contact, mask)))
        self._fill_history()

    def _fill_history(self) -> None:
        table = self.query_one("#history", DataTable)
        table.clear()
        self.history = {saved_id(entry.transition_id): entry for entry in self.app.store.history(self.person_id)}
        for entry in reversed(self.history.values()):
            table.add_row(
                f"{entry.effective_date:%d %b %Y}",
                history_step(entry),
                entry.to_stage.label,
                history_code(entry, TERMS),
                entry.by_name,
                key=str(entry.transition_id),
            )

    def action_correct(self) -> None:
        table = self.query_one("#history", DataTable)
        if not table.row_count:
            return
        entry = self.history[row_id(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)]
        if refusal := correction_refusal(entry):
            self.notify(refusal, severity="warning", timeout=5, markup=False)
            return
        what = (
            f"{entry.snomed_code} {TERMS.get(entry.snomed_code, '')}".strip()
            if entry.snomed_code
            else entry.step.replace("_", " ")
        )
        self.app.push_screen(
            ReasonDialog(f"Entered in error: {what} — why?", with_note=False),
            lambda r: r and self._correct(entry, r.reason),
        )

    def _correct(self, entry: HistoryEntry, reason: str) -> None:
        store, user = self.app.store, self.app.user
        save_later(
            self,
            lambda: store.correct_step(user, saved_id(entry.transition_id), reason=reason),
            "Marked entered in error",
            then=lambda _: self.show_privacy(self.app.privacy),
        )

    def action_household(self) -> None:
        open_household(self, self.person_id)

    def action_other_member(self) -> None:
        open_other_member(self, self.person_id)

    def action_theograph(self) -> None:
        self.app.push_screen(TheographDialog(self.person_id))

    def action_open_step(self, step: str) -> None:
        if step == "reviews":  # this person's review step (triggered, step down, GSF), not everyone's list
            from mdt_tui.screens.reviews.person import ask_review_step

            ask_review_step(self, self.person_id, then=lambda _: self.came_back())
            return
        self.app.open_step(step, self.person_id)
