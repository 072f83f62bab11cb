"""Cohort review: the identified cohort filtered, sorted and paged from the store; desktop review by keys.

The table is virtual: it knows how many people match and draws only the rows on screen, from pages
of PAGE rows that the screen reads from the store in thread workers (the page under the cursor on
each keystroke of the filter, other pages as they scroll into view). 10,000 people are as quick to
filter and move through as 100, and the scroll bar spans all of them.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from mdt_tui.cohort.filter import parse_filter
from mdt_tui.consent.records import NotAwaitingReview
from mdt_tui.models import CohortListRow, age_on
from mdt_tui.privacy import show_name, show_nhs_number
from mdt_tui.saved_views import SavedView
from mdt_tui.screens.cohort.table import (
    COLUMNS,
    HIGHEST_FIRST,
    HINT,
    INVERTED,
    PAGE,
    SEGMENT_WORDS,
    SORT_ORDER,
    SORT_WORDS,
    STATUS_WORDS,
    CohortTable,
    Page,
    number_text,
)
from mdt_tui.screens.consent.dialogs import NOT_APPROPRIATE_REASONS, ReasonDialog, Reasoned, ask_first_contact
from mdt_tui.screens.households.keys import OTHER_MEMBER_BINDING, open_other_member
from mdt_tui.screens.impact.theograph import THEOGRAPH_BINDING, TheographDialog
from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.keys import binding
from mdt_tui.screens.kit.navigation import IMPORT_BINDING
from mdt_tui.screens.kit.saved_views import SAVED_VIEW_BINDINGS, SavesViews
from mdt_tui.screens.kit.saving import save_later
from mdt_tui.screens.people.details import PersonDetails, PersonFile, load_person_file


class CohortReviewScreen(SavesViews, MdtScreen):
    BINDINGS = [
        Binding(
            "escape", "back", "Back", id="back", tooltip="Clear the filter, then the selection, or go back", show=False
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            id="filter",
            tooltip="Filter: words, status:, practice:, segment:, risk:, search:left or search:new",
            show=False,
        ),
        *SAVED_VIEW_BINDINGS,
        Binding("s", "suitable", "Suitable", id="suitable", tooltip="Desktop review: suitable (selection or person)"),
        Binding(
            "n",
            "not_appropriate",
            "Not approp…",
            id="not_appropriate",
            tooltip="Desktop review: not appropriate, with a reason (coded 1239441000000103)",
        ),
        Binding(
            "c",
            "first_contact",
            "Contact…",
            id="first_contact",
            tooltip="Assign who makes first contact and how (selection or person)",
        ),
        Binding("space", "toggle_select", "Select", id="select", tooltip="Select or unselect for bulk actions"),
        binding("sort", "next_sort", description="Sort by the next column", show=False),
        Binding("O", "reverse_sort", "Reverse", id="reverse_sort", tooltip="Reverse the sort", show=False),
        replace(IMPORT_BINDING, action="import_cohort", show=False),
        replace(THEOGRAPH_BINDING, show=False),
        replace(OTHER_MEMBER_BINDING, show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort, self.descending = "name", False
        self.cohort, self.ignored = 0, tuple[str, ...]()
        self.selected: set[int] = set()
        self.generation = 0
        self.details_for: int | None = None  # whose details the pane shows (or is reading); None: read it again
        self.details_request = 0  # the newest detail-pane read: an older one finishing late is not shown
        self.details_file: PersonFile | None = None  # what the pane shows
        self.status_one_line = False  # the status line fitted on one line when last shown
        self.reload_on_resume = False

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder="filter — e.g. frail status:awaiting risk:high", id="cohort-filter", compact=True)
        yield Static(HINT, classes="hint", id="cohort-hint")
        yield Static(id="cohort-status")
        yield CohortTable(COLUMNS, self.cells, id="cohort")
        yield PersonDetails(id="cohort-details")

    def on_mount(self) -> None:
        self.table.focus()
        self.load()

    def action_theograph(self) -> None:
        if (person := self.current) is not None:
            self.app.push_screen(TheographDialog(person.id))

    def action_other_member(self) -> None:
        if (person := self.current) is not None:
            open_other_member(self, person.id)

    def action_import_cohort(self) -> None:
        self.reload_on_resume = True
        self.app.action_import_cohort()

    def came_back(self) -> None:
        if self.reload_on_resume:  # back from the person screen: their stage may have changed
            self.reload_on_resume = False
            self.saved()

    @property
    def table(self) -> CohortTable:
        return self.query_one(CohortTable)

    @property
    def current(self) -> CohortListRow | None:
        return self.table.row(self.table.cursor)

    # -- reading pages -----------------------------------------------------------------------
    def load(self, cursor: int = 0) -> None:
        """Read the filtered, sorted cohort again, with the cursor on row ``cursor``."""
        self.generation += 1
        self.fetch(self.generation, self.query_one("#cohort-filter", Input).value, cursor)

    @work(thread=True, exclusive=True, group="cohort-filter", exit_on_error=False)
    def fetch(self, generation: int, text: str, cursor: int) -> None:
        # Delivered as a message: dropped if the screen was closed while the page was read.
        self.deliver_read(self.show_page, self.read_page, generation, text, cursor)

    def read_page(self, generation: int, text: str, cursor: int) -> Page:
        """The count and the page under the cursor: the store's work, safe in any thread."""
        flt, number = parse_filter(text), cursor // PAGE
        rows, total = self.read_rows(flt, number)
        if number and not rows and total:  # fewer rows than before: the cursor goes to the last
            number = (total - 1) // PAGE
            rows, total = self.read_rows(flt, number)
        return Page(generation, number, rows, total, self.app.store.cohort_size(), min(cursor, total - 1), flt.unknown)

    def read_rows(self, flt, number: int) -> tuple[list[CohortListRow], int]:
        return self.app.store.cohort_page(
            flt, sort=self.sort, descending=self.descending != (self.sort in INVERTED), offset=number * PAGE, limit=PAGE
        )

    def show_page(self, page: Page) -> None:
        if page.generation != self.generation:
            return  # a later keystroke has asked for another page
        self.cohort, self.ignored = page.cohort, page.ignored
        self.table.reset(page.total, page.number, page.rows, page.cursor)

    def on_cohort_table_page_wanted(self, event: CohortTable.PageWanted) -> None:
        self.fetch_more(self.generation, self.query_one("#cohort-filter", Input).value, event.number)

    @work(thread=True, group="cohort-pages", exit_on_error=False)
    def fetch_more(self, generation: int, text: str, number: int) -> None:
        self.deliver_read(
            lambda rows: self.add_page(generation, number, rows), lambda: self.read_rows(parse_filter(text), number)[0]
        )

    def add_page(self, generation: int, number: int, rows: list[CohortListRow]) -> None:
        if generation == self.generation:
            self.table.add_page(number, rows)

    def saved(self) -> None:
        """After a write: read the same rows again, the cursor kept and the detail pane redrawn."""
        self.details_for = None
        self.load(self.table.cursor)

    # -- showing -----------------------------------------------------------------------------
    def cells(self, r: CohortListRow) -> tuple[str, ...]:
        private, today = self.app.privacy, self.app.today
        return (
            "✔" if r.id in self.selected else "",
            show_name(r.family_name, r.given_name, private=private),
            str(age_on(r.date_of_birth, today)),
            STATUS_WORDS[r.stage],
            r.risk_grade or "—",
            show_nhs_number(r.nhs_number, private=private),
            r.practice_code,
            SEGMENT_WORDS.get(r.segment, r.segment) or "—",
            f"{number_text(r.efi, '.2f')}/{number_text(r.cfs)}",
            f"{number_text(r.emergency_admissions_12m)}/{number_text(r.ae_attendances_12m)}",
            str((today - r.identified_on).days),
        )

    def on_cohort_table_highlighted(self, event: CohortTable.Highlighted) -> None:
        self.show_details()

    def show_details(self) -> None:
        """The status line, and the detail pane when it is someone else's turn (or after a write). The pane is
        read in a worker, so a cursor move never waits for it; the newest request wins."""
        self.show_status()
        person = self.current
        if person is None or person.id != self.details_for:
            self.details_for = person.id if person else None
            self.details_request += 1
            if person is None:
                self.show_file(self.details_request, None)
            else:
                self.read_details(self.details_request, person.id)

    @work(thread=True, group="cohort-details", exit_on_error=False)
    def read_details(self, request: int, person_id: int) -> None:
        if request == self.details_request:  # not already overtaken by a later move
            self.deliver_read(lambda file: self.show_file(request, file), load_person_file, self.app.store, person_id)

    def show_file(self, request: int, file: PersonFile | None) -> None:
        if request == self.details_request:  # an older read finishing late is never shown
            self.details_file = file
            self.query_one(PersonDetails).show(file, self.app.today, self.app.privacy)

    def show_status(self) -> None:
        table = self.table
        text = Text(f"showing {table.total:,} of {self.cohort:,} in cohort")
        if table.total:
            text.append(f" · row {table.cursor + 1:,}")
        text.append(f" · sort: {SORT_WORDS.get(self.sort, self.sort)} {'▼' if self.descending else '▲'}", style="dim")
        if self.selected:
            text.append(f" · {len(self.selected)} selected (esc clears)", style="bold")
        if self.ignored:
            text.append(f" · ! ignored {' '.join(self.ignored)}", style="bold")
        status = self.query_one("#cohort-status", Static)
        # One line before and after (the usual cursor move): no layout of the whole screen, just this line redrawn.
        one_line = text.cell_len <= status.content_region.width
        status.update(text, layout=not (one_line and self.status_one_line))
        self.status_one_line = one_line

    def show_privacy(self, private: bool) -> None:
        self.table.refresh()
        self.show_status()
        if self.details_file is not None:  # at once, from what was read: no moment with names showing in privacy mode
            self.query_one(PersonDetails).show(self.details_file, self.app.today, private)
        if self.details_file is None or self.details_file.summary.id != self.details_for:
            self.details_for = None
            self.show_details()

    def on_cohort_table_selected(self, event: CohortTable.Selected) -> None:
        from mdt_tui.screens.people.person import PersonScreen

        if (row := self.current) is None:
            return
        self.reload_on_resume = True
        self.app.push_screen(PersonScreen(row.id))

    # -- sorting, filtering, selecting -------------------------------------------------------
    def on_cohort_table_header_clicked(self, event: CohortTable.HeaderClicked) -> None:
        self.set_sort(event.key, not self.descending if event.key == self.sort else event.key in HIGHEST_FIRST)

    def action_next_sort(self) -> None:
        key = SORT_ORDER[(SORT_ORDER.index(self.sort) + 1) % len(SORT_ORDER)]
        self.set_sort(key, key in HIGHEST_FIRST)

    def action_reverse_sort(self) -> None:
        self.set_sort(self.sort, not self.descending)

    def set_sort(self, key: str, descending: bool) -> None:
        self.sort, self.descending = key, descending
        self.load()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.load()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()

    def action_filter(self) -> None:
        self.query_one("#cohort-filter", Input).focus()

    def view_filter_box(self) -> Input:
        return self.query_one("#cohort-filter", Input)

    def apply_view(self, view: SavedView) -> None:
        super().apply_view(view)
        self.table.focus()

    def action_back(self) -> None:
        box = self.query_one("#cohort-filter", Input)
        if box.value or box.has_focus:
            box.value = ""
            self.table.focus()
        elif self.selected:
            self.selected.clear()
            self.table.refresh()
            self.show_status()
        else:
            self.app.pop_screen()

    def action_toggle_select(self) -> None:
        person = self.current
        if person is not None:
            self.selected ^= {person.id}
            self.table.refresh()
            self.show_status()
            self.table.action_move(1)

    # -- desktop review ----------------------------------------------------------------------
    def targets(self) -> list[int]:
        """The selection, or else the highlighted person."""
        current = self.current
        return sorted(self.selected) or ([current.id] if current else [])

    def who(self, ids: list[int]) -> str:
        if len(ids) != 1:
            return f"{len(ids)} people"
        p = self.app.store.person(ids[0])
        return show_name(p.family_name, p.given_name, private=self.app.privacy)

    def action_suitable(self) -> None:
        """Written off the UI thread; the store refuses a selection with anyone not awaiting desktop review
        (one query, nothing changed), and the list is read again once it is stored."""
        ids, store = self.targets(), self.app.store
        if ids:
            save_later(
                self,
                lambda: store.mark_suitable_many(self.app.user, ids),
                f"Suitable: {self.who(ids)}",
                then=lambda _: self.saved(),
                refused=self.not_awaiting_review,
            )

    def not_awaiting_review(self, error: Exception) -> bool:
        """Name the people a bulk 'suitable' was refused for, as privacy mode shows names."""
        if not isinstance(error, NotAwaitingReview):
            return False
        private = self.app.privacy
        said = error.sentence(lambda p: show_name(p.family_name, p.given_name, private=private))
        self.notify(said, severity="error", timeout=8, markup=False)
        return True

    def action_not_appropriate(self) -> None:
        person = self.current
        if person is None:
            return
        who = self.who([person.id])

        def chosen(result: Reasoned | None) -> None:
            if result is not None:
                save_later(
                    self,
                    lambda: self.app.store.mark_not_appropriate(
                        self.app.user, person.id, reason=result.reason, note=result.note
                    ),
                    f"Not appropriate: {who}",
                    then=lambda _: self.saved(),
                )

        self.app.push_screen(
            ReasonDialog(f"Not appropriate for proactive care — {who}", suggestions=NOT_APPROPRIATE_REASONS), chosen
        )

    def action_first_contact(self) -> None:
        ids = self.targets()
        if ids:
            ask_first_contact(self, ids, self.who(ids), self.saved)
