"""Consent and first contact: who is waiting and for how long, the caseload against capacity, declines.

Three tabs (1 waiting, 2 caseload, 3 declined) over one detail pane that shows the highlighted
person's first-contact assignment, contact attempts and every approach in their pathway history.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date

from rich.console import Console, ConsoleOptions, JustifyMethod, RenderResult
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static, TabbedContent, TabPane

from mdt_tui.consent.records import CONTACT_METHODS, AwaitingContact, LatestDecline
from mdt_tui.finder import fold
from mdt_tui.models import PersonSummary
from mdt_tui.pathway import CASELOAD_STAGES, Stage
from mdt_tui.privacy import show_name, show_nhs_number
from mdt_tui.screens.cohort.table import CohortTable, ListTable
from mdt_tui.screens.consent.dialogs import (
    ConsentDialog,
    ContactAttemptDialog,
    DeclineDialog,
    ReasonDialog,
    ask_first_contact,
)
from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.list_filter import FilteredList
from mdt_tui.screens.kit.saved_views import SAVED_VIEW_BINDINGS
from mdt_tui.screens.kit.saving import save_later
from mdt_tui.screens.people.details import PersonDetails, PersonFile, load_person_file

Cells = Callable[[bool, date], tuple]
# Each tab's columns (header, width); fixed widths, so the cells need no measuring (see Cell).
TABS = {
    "waiting": (("Name", 22), ("Waiting", 7), ("Who", 20), ("How", 19), ("Attempts", 8)),
    "caseload": (("Name", 22), ("Age", 3), ("NHS no.", 12), ("Status", 21), ("Next review", 22)),
    "declined": (("Name", 22), ("Age", 3), ("NHS no.", 12), ("Declined", 11), ("Reason", 40)),
}
# The keys that act on one tab's people; elsewhere they are shown greyed out.
ACTION_TABS = {
    "attempt": "waiting",
    "consent": "waiting",
    "decline": "waiting",
    "first_contact": "waiting",
    "reapproach": "declined",
}


@dataclass(frozen=True)
class Item:
    """One row: the person, what the filter searches, and the cells (which depend on privacy mode)."""

    id: int
    family_name: str
    given_name: str
    search: str
    cells: Cells


@dataclass(frozen=True)
class Lists:
    waiting: list[Item]
    caseload: list[Item]
    declined: list[Item]
    capacity: int
    first_file: PersonFile | None = None


class ConsentScreen(FilteredList, MdtScreen):
    FILTER_ID = "consent-filter"
    BINDINGS = [
        Binding("escape", "back", "Back", id="back", tooltip="Clear the filter, or go back", show=False),
        Binding("slash", "filter", "Filter", id="filter", tooltip="Filter by name or NHS number", show=False),
        *SAVED_VIEW_BINDINGS,
        Binding("t", "attempt", "Attempt…", id="contact_attempt", tooltip="Record a contact attempt"),
        Binding("y", "consent", "Consented…", id="consent", tooltip="Record consent (coded 818241000000105)"),
        Binding("d", "decline", "Declined…", id="decline", tooltip="Record a decline (coded 877011000000107)"),
        Binding("r", "reapproach", "Re-approach…", id="reapproach", tooltip="Approach a declined person again"),
        Binding(
            "c", "first_contact", "Contact…", id="first_contact", tooltip="Change who makes first contact, and how"
        ),
        *(
            Binding(
                str(n), f"tab('{tab}')", tab.capitalize(), id=f"tab_{tab}", show=False, tooltip=f"Show the {tab} tab"
            )
            for n, tab in enumerate(TABS, 1)
        ),
    ]

    def __init__(self, person_id: int | None = None) -> None:
        super().__init__()
        self.lists = Lists([], [], [], 0)
        self.reload_on_resume = False
        self.find = person_id  # opened from a person: show them once the lists are read
        self.detail_request = 0  # the newest detail-pane read: an older one finishing late is not shown
        self.detail_for: int | None = None  # whose details were last asked for
        self.first_file: PersonFile | None = None  # the first person's details, read with the lists

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder="filter by name or NHS number", id="consent-filter", compact=True)
        with TabbedContent(id="consent-tabs", initial=self.first_tab()):
            for tab in TABS:
                with TabPane(tab.capitalize(), id=tab):
                    if tab == "caseload":
                        yield Static(id="capacity")
                    # Only the rows on screen are drawn: 1,400 people on the caseload open as quickly as 14.
                    yield ListTable(
                        [(label.lower(), label, width, None) for label, width in TABS[tab]],
                        self.cells,
                        id=f"{tab}-table",
                    )
        yield PersonDetails(id="consent-details")

    def on_mount(self) -> None:
        self.hide_filter()
        self.load()

    def came_back(self) -> None:
        if self.reload_on_resume:
            self.reload_on_resume = False
            self.load()

    # -- loading ---------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="consent-lists", exit_on_error=False)
    def load(self) -> None:
        # Delivered as a message: dropped if escape closed the screen while the lists were read.
        self.deliver_read(
            self.show_lists, read_lists_and_first, self.app.store, self.app.today, self.app.policy.caseload_capacity
        )

    def show_lists(self, lists: Lists) -> None:
        caseload, capacity = len(lists.caseload), lists.capacity
        over = caseload > capacity
        if over and self.lists.capacity and caseload > len(self.lists.caseload):  # someone has just consented
            self.notify(f"! The caseload is over capacity: {caseload} / {capacity}", severity="warning", timeout=8)
        self.lists = lists
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("waiting").label = f"Waiting for first contact ({len(lists.waiting)})"
        tabs.get_tab("caseload").label = f"Caseload {caseload} / {capacity}{' !' if over else ''}"
        tabs.get_tab("declined").label = f"Declined ({len(lists.declined)})"
        self.query_one("#capacity", Static).update(
            Text(f"! Over capacity: {caseload} on the caseload for {capacity} places", style="bold")
            if over
            else Text(f"{caseload} on the caseload of {capacity} places; {capacity - caseload} free", style="dim")
        )
        self.detail_for = None  # after a write: the same person's details are read again
        self.first_file = lists.first_file  # shown by fill() if it is the highlighted person, else never
        self.fill()
        self.first_file = None
        ids = [item.id for item in self.table.items]
        if self.find in ids:
            self.table.move_to(ids.index(self.find))
        self.find = None

    def first_tab(self) -> str:
        """The tab to open on: the one that lists the person this screen was opened from."""
        stage = self.app.store.person(self.find).stage if self.find is not None else None
        return "declined" if stage is Stage.DECLINED else "caseload" if stage in CASELOAD_STAGES else "waiting"

    def fill(self) -> None:
        needle = self.needle()  # each item's search text is folded once, when listed
        for tab in TABS:
            items = getattr(self.lists, tab)
            self.query_one(f"#{tab}-table", ListTable).show(
                [i for i in items if needle in i.search] if needle else items
            )
        self.show_person()

    def cells(self, item: Item) -> list[str]:
        """One row's cells, made only while the row is on screen."""
        return [str(cell) for cell in item.cells(self.app.privacy, self.app.today)]

    # -- the highlighted person ------------------------------------------------------------
    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active or "waiting"

    @property
    def table(self) -> ListTable:
        return self.query_one(f"#{self.tab}-table", ListTable)

    @property
    def current(self) -> Item | None:
        return self.table.current

    def show_person(self) -> None:
        """The detail pane is read in a worker, so cursor moves never wait for it; the newest request wins."""
        item = self.current
        if item is not None and item.id == self.detail_for:
            return  # a table refilled under the cursor, or a hidden tab's table: nothing new to show
        self.detail_for = item.id if item else None
        self.detail_request += 1
        first = self.first_file
        if item is None:
            self.show_file(self.detail_request, None)
        elif first is not None and first.summary.id == item.id:  # read with the lists: painted with them, at once
            self.show_file(self.detail_request, first)
        else:
            self.read_person(self.detail_request, item.id)

    @work(thread=True, group="consent-detail", exit_on_error=False)
    def read_person(self, request: int, person_id: int) -> None:
        self.deliver_read(lambda file: self.show_file(request, file), load_person_file, self.app.store, person_id)

    def show_file(self, request: int, file) -> None:  # noqa: ANN001 - PersonFile | None
        if request == self.detail_request:
            self.query_one(PersonDetails).show(file, self.app.today, self.app.privacy)

    def show_privacy(self, private: bool) -> None:
        self.detail_for = None
        for tab in TABS:
            self.query_one(f"#{tab}-table", ListTable).refresh()
        self.show_person()

    def on_cohort_table_highlighted(self, event: CohortTable.Highlighted) -> None:
        self.show_person()

    def on_cohort_table_selected(self, event: CohortTable.Selected) -> None:
        from mdt_tui.screens.people.person import PersonScreen

        item = self.current
        if item is not None:
            self.reload_on_resume = True
            self.app.push_screen(PersonScreen(item.id))

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.table.focus()
        self.show_person()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = ACTION_TABS.get(action)
        return True if tab is None or not self.is_mounted or tab == self.tab else None

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    # -- filter (FilteredList) --------------------------------------------------------------
    def show_rows(self) -> None:
        self.fill()

    def rows_table(self) -> ListTable:
        return self.table

    # -- recording -------------------------------------------------------------------------
    def ask(self, dialog_for: Callable, write: Callable, done: str) -> None:
        """Open the dialog for the highlighted person; write its result and reload."""
        item = self.current
        if item is None:
            return
        store, user, who = self.app.store, self.app.user, self.who(item)
        how = store.first_contact(item.id).method

        def chosen(result: object) -> None:
            if result is not None:
                save_later(
                    self, lambda: write(store, user, item.id, result), f"{done}: {who}", then=lambda _: self.load()
                )

        self.app.push_screen(dialog_for(who, self.app.today, how), chosen)

    def who(self, item: Item) -> str:
        return show_name(item.family_name, item.given_name, private=self.app.privacy)

    def action_attempt(self) -> None:
        self.ask(
            lambda who, today, how: ContactAttemptDialog(f"Contact attempt — {who}", today, how),
            lambda store, user, pid, attempt: store.record_contact_attempt(user, pid, attempt),
            "Contact attempt recorded",
        )

    def action_consent(self) -> None:
        self.ask(
            lambda who, today, how: ConsentDialog(f"Consented — {who}", today, how),
            lambda store, user, pid, consent: store.consent(user, pid, consent),
            "Consented, on the caseload",
        )

    def action_decline(self) -> None:
        self.ask(
            lambda who, today, how: DeclineDialog(f"Declined — {who}", today, how),
            lambda store, user, pid, decline: store.decline(user, pid, decline),
            "Declined",
        )

    def action_reapproach(self) -> None:
        self.ask(
            lambda who, today, how: ReasonDialog(
                f"Re-approach — {who}", reason_label="Why now", required=False, with_note=False
            ),
            lambda store, user, pid, why: store.reapproach(user, pid, note=why.reason),
            "Re-approached, waiting first contact",
        )

    def action_first_contact(self) -> None:
        item = self.current
        if item is not None:
            ask_first_contact(self, [item.id], self.who(item), self.load)


# -- reading the three lists (a worker thread) -------------------------------------------------
def read_lists(store, today: date, capacity: int) -> Lists:
    # Tens of thousands of small objects at once (14,000 on the caseload at L): the cycle collector would walk the
    # whole heap several times over while they are made (half the time at L), and none of them forms a cycle.
    with _no_cycle_collection():
        return _read_lists(store, today, capacity)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _read_lists(store, today: date, capacity: int) -> Lists:
    waiting = [
        Item(
            w.patient_id,
            w.family_name,
            w.given_name,
            fold(f"{w.family_name}, {w.given_name} {w.nhs_number}"),
            _waiting_cells(w),
        )
        for w in store.waiting_for_contact(today)
    ]
    caseload = [_person_item(p, _caseload_cells(p)) for p in store.people(CASELOAD_STAGES)]
    declines = store.latest_declines()  # one query, not one history per person
    declined = [_person_item(p, _declined_cells(declines.get(p.id))) for p in store.people([Stage.DECLINED])]
    return Lists(waiting, caseload, declined, capacity)


def read_lists_and_first(store, today: date, capacity: int) -> Lists:
    """The lists, and the details of the person the pane shows first on opening (the first waiting) read in the same
    worker: the screen opens with its lists and its pane in one paint, not a second read and layout after it."""
    lists = read_lists(store, today, capacity)
    return replace(lists, first_file=load_person_file(store, lists.waiting[0].id)) if lists.waiting else lists


def _person_item(p: PersonSummary, rest: Callable[[date], tuple]) -> Item:
    def cells(private: bool, today: date) -> tuple:
        return (
            show_name(p.family_name, p.given_name, private=private),
            Cell(p.age_on(today), "right"),
            show_nhs_number(p.nhs_number, private=private),
            *rest(today),
        )

    return Item(p.id, p.family_name, p.given_name, fold(f"{p.display_name} {p.nhs_number}"), cells)


def _waiting_cells(w: AwaitingContact) -> Cells:
    return lambda private, today: (
        show_name(w.family_name, w.given_name, private=private),
        Cell(f"{w.days_waiting} d", "right"),
        w.first_contact.who,
        CONTACT_METHODS[w.method] if w.method else "not agreed",
        Cell(w.attempts, "right"),
    )


def _caseload_cells(p: PersonSummary) -> Callable[[date], tuple]:
    def rest(today: date) -> tuple:
        review = p.next_review
        due = "—" if review is None else f"{review:%d %b %Y}" + (" ⏰ overdue" if review < today else "")
        return p.stage.label, due

    return rest


def _declined_cells(decline: LatestDecline | None) -> Callable[[date], tuple]:
    when = f"{decline.on:%d %b %Y}" if decline else "—"
    why = (decline.reason or "no reason given") if decline else "—"
    return lambda today: (when, why)


class Cell:
    """One line of plain text in a fixed-width column: no markup to parse, nothing to measure.

    DataTable measures every cell of every new row unless the cell has no ``__rich_measure__``;
    with fixed column widths that is wasted work, and most of the cost of refilling a table.
    """

    __slots__ = ("text", "justify")

    def __init__(self, value: object, justify: JustifyMethod = "left") -> None:
        self.text, self.justify = str(value), justify

    def __str__(self) -> str:
        return self.text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(self.text, justify=self.justify, overflow="ellipsis", no_wrap=True, end="")
