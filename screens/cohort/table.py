"""The virtual cohort table: knows how many people match, draws only the rows on screen.

Rows come in pages of PAGE from the store (the screen reads them in thread workers), so 10,000
people scroll and filter as quickly as 100 and the scroll bar spans all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from mdt_tui.models import CohortListRow
from mdt_tui.pathway import Stage
from mdt_tui.safe_text import terminal_text

PAGE = 100
# (column key, header, width, sort key when the header is clicked)
COLUMNS = (
    ("sel", "✔", 1, None),
    ("name", "Name", 22, "name"),
    ("age", "Age", 3, "age"),
    ("status", "Status", 15, "status"),
    ("risk", "Risk", 6, "risk"),
    ("nhs", "NHS no.", 12, "nhs"),
    ("practice", "Practice", 8, "practice"),
    ("segment", "Segment", 17, "segment"),
    ("efi", "eFI/CFS", 7, "efi"),
    ("admissions", "EA/A&E", 6, "admissions"),
    ("days", "Days", 4, "identified"),
)
RIGHT = {"age", "efi", "admissions", "days"}
SORT_ORDER = (
    "name",
    "age",
    "status",
    "risk",
    "nhs",
    "practice",
    "segment",
    "efi",
    "cfs",
    "admissions",
    "ae",
    "identified",
)
SORT_WORDS = {
    "nhs": "NHS number",
    "efi": "eFI",
    "cfs": "CFS",
    "admissions": "emergency admissions",
    "ae": "A&E attendances",
    "identified": "days since identified",
}
INVERTED = {"age", "identified"}  # shown as age and days, stored as dates
HIGHEST_FIRST = {"efi", "cfs", "admissions", "ae", "identified"}
STATUS_WORDS = {
    Stage.IDENTIFIED: "awaiting review",
    Stage.NOT_APPROPRIATE: "✘ not approp.",
    Stage.AWAITING_CONTACT: "waiting contact",
    Stage.DECLINED: "✘ declined",
    Stage.ON_CASELOAD: "✔ caseload",
    Stage.ASSESSED: "✔ assessed",
    Stage.PLANNED: "✔ planned",
    Stage.REVIEW_DUE: "⏰ review due",
    Stage.STEPPED_DOWN: "stepped down",
    Stage.PALLIATIVE_GSF: "GSF",
}
SEGMENT_WORDS = {
    "Living with illness": "Living w/ illness",
    "Advanced disease & complexity": "Advanced disease",
    "End of life, frailty & dementia": "EoL/frailty/dem.",
}
HINT = "/ words or status:awaiting practice:X99001 segment:frail risk:high · o O sort · t service use"


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

    def __init__(
        self,
        columns: Sequence[tuple[str, str, int, str | None]],
        cells: Callable[[CohortListRow], Sequence[str]],
        *,
        id: str | None = None,
    ) -> None:
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
            for _key, _, width, sort in self.columns:
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
            strip = self._line(
                [label for _, label, _, _ in self.columns], base + self.get_component_rich_style("cohort-table--header")
            )
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
        for (key, _, width, _), text in zip(self.columns, map(terminal_text, cells), strict=True):
            if cell_len(text) > width:
                text = set_cell_size(text, width - 1) + "…"
            pad = " " * (width - cell_len(text))
            segments.append(Segment(f" {pad}{text} " if key in RIGHT else f" {text}{pad} ", style))
        return Strip(segments, self.line_width)


def number_text(value: object, spec: str = "") -> str:
    return "—" if value is None else format(value, spec)


class ListTable(CohortTable):
    """The same virtual table over rows already read (the actions and consent lists): only the rows on screen
    are drawn, so a list of 15,000 opens and filters as quickly as one of 15 (a DataTable measured and laid out
    every cell of every row on the UI thread: over a second)."""

    def __init__(
        self,
        columns: Sequence[tuple[str, str, int, str | None]],
        cells: Callable[[Any], Sequence[str]],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(columns, cells, id=id)
        self.items: Sequence[Any] = ()  # one list's rows (ActionItem, consent items…)

    def show(self, items: Sequence[Any], cursor: int | None = None) -> None:
        """New rows; the cursor stays on the same line number unless told (kept within the list)."""
        self.items = items
        self.reset(len(items), 0, [], self.cursor if cursor is None else cursor)

    def set_columns(self, columns: Sequence[tuple[str, str, int, str | None]]) -> None:
        self.columns = columns
        self.line_width = sum(width + 2 for _, _, width, _ in columns)
        self.refresh()

    def row(self, index: int) -> Any:
        return self.items[index] if 0 <= index < len(self.items) else None

    @property
    def current(self) -> Any:
        return self.row(self.cursor)

    @property
    def row_count(self) -> int:
        return len(self.items)

    def get_row_at(self, index: int) -> list[str]:
        """The cells of one row as shown (control characters as �; segments are never read as markup)."""
        return [terminal_text(cell) for cell in self.cells(self.items[index])]
