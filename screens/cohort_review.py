"""Cohort review: the identified cohort filtered, sorted and paged from the store; desktop review by keys.

The table is virtual: it knows how many people match and draws only the rows on screen, from pages
of PAGE rows that the screen reads from the store in thread workers (the page under the cursor on
each keystroke of the filter, other pages as they scroll into view). 10,000 people are as quick to
filter and move through as 100, and the scroll bar spans all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, Static

from mdt_tui.cohort_filter import parse_filter
from mdt_tui.models import CohortListRow, age_on
from mdt_tui.pathway import Stage
from mdt_tui.privacy import show_name, show_nhs_number
from mdt_tui.screens.base import MdtScreen
from mdt_tui.screens.dialogs import NOT_APPROPRIATE_REASONS, ReasonDialog, Reasoned, ask_first_contact, save
from mdt_tui.screens.person_details import PersonDetails, load_person_file

PAGE = 100
# (column key, header, width, sort key when the header is clicked)
COLUMNS = (("sel", "✔", 1, None), ("name", "Name", 22, "name"), ("age", "Age", 3, "age"),
           ("status", "Status", 15, "status"), ("risk", "Risk", 6, "risk"), ("nhs", "NHS no.", 12, "nhs"),
           ("practice", "Practice", 8, "practice"), ("segment", "Segment", 17, "segment"),
           ("efi", "eFI/CFS", 7, "efi"), ("admissions", "EA/A&E", 6, "admissions"), ("days", "Days", 4, "identified"))
RIGHT = {"age", "efi", "admissions", "days"}
SORT_ORDER = ("name", "age", "status", "risk", "nhs", "practice", "segment", "efi", "cfs", "admissions", "ae",
              "identified")
SORT_WORDS = {"nhs": "NHS number", "efi": "eFI", "cfs": "CFS", "admissions": "emergency admissions",
              "ae": "A&E attendances", "identified": "days since identified"}
INVERTED = {"age", "identified"}  # shown as age and days, stored as dates
HIGHEST_FIRST = {"efi", "cfs", "admissions", "ae", "identified"}
STATUS_WORDS = {
    Stage.IDENTIFIED: "awaiting review", Stage.NOT_APPROPRIATE: "✘ not approp.", Stage.AWAITING_CONTACT: "waiting contact",
    Stage.DECLINED: "✘ declined", Stage.ON_CASELOAD: "✔ caseload", Stage.ASSESSED: "✔ assessed",
    Stage.PLANNED: "✔ planned", Stage.REVIEW_DUE: "⏰ review due", Stage.STEPPED_DOWN: "stepped down",
    Stage.PALLIATIVE_GSF: "GSF",
}
SEGMENT_WORDS = {"Living with illness": "Living w/ illness", "Advanced disease & complexity": "Advanced disease",
                 "End of life, frailty & dementia": "EoL/frailty/dem."}
HINT = "/ words or status:awaiting practice:X99001 segment:frail risk:high · o O sort"


@dataclass(frozen=True)
class Page:
    """What one filter keystroke reads: the page under the cursor and the counts."""

    generation: int
    number: int
    rows: list[CohortListRow]
    total: int
    cohort: int
    cursor: int
    ignored: tuple[str, ...]


class CohortTable(ScrollView, can_focus=True):
    """A virtual table over ``total`` rows held in pages; asks for a page when a row of it comes into view."""

    COMPONENT_CLASSES = {"cohort-table--header", "cohort-table--cursor", "cohort-table--even"}
    DEFAULT_CSS = """
    CohortTable { height: 1fr; background: $surface; }
    CohortTable > .cohort-table--header { text-style: bold; background: $panel; color: $foreground; }
    CohortTable > .cohort-table--even { background: $surface-lighten-1 50%; }
    CohortTable > .cohort-table--cursor { background: $block-cursor-blurred-background; }
    CohortTable:focus > .cohort-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False, id="row_up", tooltip="Previous person"),
        Binding("down", "move(1)", "Down", show=False, id="row_down", tooltip="Next person"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="page_up", tooltip="A screenful up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="page_down", tooltip="A screenful down"),
        Binding("home,ctrl+home", "move_to(0)", "First", show=False, id="first", tooltip="First person"),
        Binding("end,ctrl+end", "last", "Last", show=False, id="last", tooltip="Last person"),
        Binding("enter", "select", "Open", show=False, id="open", tooltip="Open the person"),
    ]

    class Highlighted(Message):
        """The cursor is on another row (or its row has just been read)."""

    class Selected(Message):
        """Enter or a double click on the row under the cursor."""

    class PageWanted(Message):
        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    class HeaderClicked(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, columns: Sequence[tuple[str, str, int, str | None]],
                 cells: Callable[[CohortListRow], Sequence[str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns, self.cells = columns, cells
        self.total, self.cursor = 0, 0
        self.pages: dict[int, list[CohortListRow]] = {}
        self.wanted: set[int] = set()
        self.line_width = sum(width + 2 for _, _, width, _ in columns)

    # -- data in -----------------------------------------------------------------------------
    def reset(self, total: int, number: int, rows: list[CohortListRow], cursor: int) -> None:
        """New rows (another filter, sort or a write): one page read, the rest on demand."""
        self.total, self.pages, self.wanted = total, {number: rows}, set()
        self.virtual_size = Size(self.line_width, total + 1)
        self.move_to(cursor, always=True)
        self.refresh()

    def add_page(self, number: int, rows: list[CohortListRow]) -> None:
        self.pages[number] = rows
        self.wanted.discard(number)
        near = (self.cursor // PAGE, int(self.scroll_y) // PAGE)
        for far in [n for n in self.pages if min(abs(n - k) for k in near) > 3]:  # memory stays flat
            del self.pages[far]
        self.refresh()
        if self.cursor // PAGE == number:
            self.post_message(self.Highlighted())

    def row(self, index: int) -> CohortListRow | None:
        page = self.pages.get(index // PAGE)
        return page[index % PAGE] if page is not None and index % PAGE < len(page) else None

    # -- moving ------------------------------------------------------------------------------
    @property
    def visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def move_to(self, index: int, *, always: bool = False) -> None:
        index = max(0, min(index, self.total - 1))
        if index == self.cursor and not always:
            return
        self.cursor = index
        top = self.scroll_y
        if index < top:
            top = index
        elif index >= top + self.visible_rows:
            top = index - self.visible_rows + 1
        self.scroll_to(y=top, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted())

    def action_move(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * self.visible_rows)

    def action_move_to(self, index: int) -> None:
        self.move_to(index)

    def action_last(self) -> None:
        self.move_to(self.total - 1)

    def action_select(self) -> None:
        if self.row(self.cursor) is not None:
            self.post_message(self.Selected())

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = event.x + int(self.scroll_x)
            for key, _, width, sort in self.columns:
                if x < width + 2:
                    if sort:
                        self.post_message(self.HeaderClicked(sort))
                    return
                x -= width + 2
        elif self.scroll_y + event.y - 1 < self.total:
            self.move_to(int(self.scroll_y) + event.y - 1)
            if event.chain == 2:
                self.action_select()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- drawing -----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        base = self.rich_style
        if y == 0:
            strip = self._line([label for _, label, _, _ in self.columns],
                               base + self.get_component_rich_style("cohort-table--header"))
        elif (index := scroll_y + y - 1) >= self.total:
            return Strip.blank(self.size.width, base)
        elif (row := self.row(index)) is None:
            if index // PAGE not in self.wanted:
                self.wanted.add(index // PAGE)
                self.post_message(self.PageWanted(index // PAGE))
            strip = Strip([Segment("  …", base + Style(dim=True))])
        else:
            style = base
            if index == self.cursor:
                style += self.get_component_rich_style("cohort-table--cursor")
            elif index % 2:
                style += self.get_component_rich_style("cohort-table--even")
            strip = self._line(self.cells(row), style)
        return strip.crop_extend(scroll_x, scroll_x + self.size.width, base)

    def _line(self, cells: Sequence[str], style: Style) -> Strip:
        segments = []
        for (key, _, width, _), text in zip(self.columns, cells):
            if cell_len(text) > width:
                text = set_cell_size(text, width - 1) + "…"
            pad = " " * (width - cell_len(text))
            segments.append(Segment(f" {pad}{text} " if key in RIGHT else f" {text}{pad} ", style))
        return Strip(segments, self.line_width)


class CohortReviewScreen(MdtScreen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="back", tooltip="Clear the filter, then the selection, or go back",
                show=False),
        Binding("slash", "filter", "Filter", id="filter", tooltip="Filter: words, status:, practice:, segment:, risk:",
                show=False),
        Binding("s", "suitable", "Suitable", id="suitable", tooltip="Desktop review: suitable (selection or person)"),
        Binding("n", "not_appropriate", "Not approp…", id="not_appropriate",
                tooltip="Desktop review: not appropriate, with a reason (coded 1239441000000103)"),
        Binding("c", "first_contact", "Contact…", id="first_contact",
                tooltip="Assign who makes first contact and how (selection or person)"),
        Binding("space", "toggle_select", "Select", id="select", tooltip="Select or unselect for bulk actions"),
        Binding("o", "next_sort", "Sort", id="sort", tooltip="Sort by the next column", show=False),
        Binding("O", "reverse_sort", "Reverse", id="reverse_sort", tooltip="Reverse the sort", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort, self.descending = "name", False
        self.cohort, self.ignored = 0, ()
        self.selected: set[int] = set()
        self.generation = 0
        self.details_for: int | None = None  # whose details the pane shows; None: redraw it
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

    def on_screen_resume(self) -> None:
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

    @work(thread=True, exclusive=True, group="cohort-filter")
    def fetch(self, generation: int, text: str, cursor: int) -> None:
        self.app.call_from_thread(self.show_page, self.read_page(generation, text, cursor))

    def read_page(self, generation: int, text: str, cursor: int) -> Page:
        """The count and the page under the cursor: the store's work, safe in any thread."""
        flt, number = parse_filter(text), cursor // PAGE
        rows, total = self.read_rows(flt, number)
        if number and not rows and total:  # fewer rows than before: the cursor goes to the last
            number = (total - 1) // PAGE
            rows, total = self.read_rows(flt, number)
        return Page(generation, number, rows, total, self.app.store.cohort_size(), min(cursor, total - 1),
                    flt.unknown)

    def read_rows(self, flt, number: int) -> tuple[list[CohortListRow], int]:
        return self.app.store.cohort_page(flt, sort=self.sort, descending=self.descending != (self.sort in INVERTED),
                                          offset=number * PAGE, limit=PAGE)

    def show_page(self, page: Page) -> None:
        if page.generation != self.generation:
            return  # a later keystroke has asked for another page
        self.cohort, self.ignored = page.cohort, page.ignored
        self.table.reset(page.total, page.number, page.rows, page.cursor)

    def on_cohort_table_page_wanted(self, event: CohortTable.PageWanted) -> None:
        self.fetch_more(self.generation, self.query_one("#cohort-filter", Input).value, event.number)

    @work(thread=True, group="cohort-pages")
    def fetch_more(self, generation: int, text: str, number: int) -> None:
        rows, _ = self.read_rows(parse_filter(text), number)
        self.app.call_from_thread(self.add_page, generation, number, rows)

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
        return ("✔" if r.id in self.selected else "", show_name(r.family_name, r.given_name, private=private),
                str(age_on(r.date_of_birth, today)), STATUS_WORDS[r.stage], r.risk_grade or "—",
                show_nhs_number(r.nhs_number, private=private), r.practice_code,
                SEGMENT_WORDS.get(r.segment, r.segment) or "—", f"{_n(r.efi, '.2f')}/{_n(r.cfs)}",
                f"{_n(r.emergency_admissions_12m)}/{_n(r.ae_attendances_12m)}", str((today - r.identified_on).days))

    def on_cohort_table_highlighted(self, event: CohortTable.Highlighted) -> None:
        self.show_details()

    def show_details(self) -> None:
        """The status line, and the detail pane when it is someone else's turn (or after a write)."""
        self.show_status()
        person = self.current
        if person is None or person.id != self.details_for:
            self.details_for = person.id if person else None
            file = load_person_file(self.app.store, person.id) if person else None
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
        self.query_one("#cohort-status", Static).update(text)

    def show_privacy(self, private: bool) -> None:
        self.details_for = None
        self.table.refresh()
        self.show_details()

    def on_cohort_table_selected(self, event: CohortTable.Selected) -> None:
        from mdt_tui.screens.person import PersonScreen

        self.reload_on_resume = True
        self.app.push_screen(PersonScreen(self.current.id))

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
        ids, store = self.targets(), self.app.store
        waiting = [p for p in map(store.person, ids) if p.stage is not Stage.IDENTIFIED]
        if len(ids) > 1 and waiting:
            names = ", ".join(show_name(p.family_name, p.given_name, private=self.app.privacy) for p in waiting[:3])
            self.notify(f"{len(waiting)} of the {len(ids)} selected are not awaiting desktop review ({names}"
                        f"{'…' if len(waiting) > 3 else ''}); nothing was changed.", severity="error", timeout=8,
                        markup=False)
        elif ids and save(self, lambda: store.mark_suitable_many(self.app.user, ids), f"Suitable: {self.who(ids)}"):
            self.saved()

    def action_not_appropriate(self) -> None:
        person = self.current
        if person is None:
            return
        who = self.who([person.id])

        def chosen(result: Reasoned | None) -> None:
            if result is not None and save(self, lambda: self.app.store.mark_not_appropriate(
                    self.app.user, person.id, reason=result.reason, note=result.note), f"Not appropriate: {who}"):
                self.saved()

        self.app.push_screen(ReasonDialog(f"Not appropriate for proactive care — {who}",
                                          suggestions=NOT_APPROPRIATE_REASONS), chosen)

    def action_first_contact(self) -> None:
        ids = self.targets()
        if ids:
            ask_first_contact(self, ids, self.who(ids), self.saved)


def _n(value: object, spec: str = "") -> str:
    return "—" if value is None else format(value, spec)
