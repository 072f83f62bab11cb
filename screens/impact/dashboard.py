"""The INT dashboard (blueprint step 4): every measure by month with a small chart; any number opens its people.

Read in a worker (the measures scan the whole record); `[` `]` step through ALL and each practice.
"""

from __future__ import annotations

from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label, Static

from mdt_tui.impact.dashboard import ALL, MEASURES, Dashboard, period_of, spark
from mdt_tui.impact.evaluation import add_months
from mdt_tui.impact.maturity import MaturityEntry, current_answers, history, level
from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.plain_text import PlainTable, plain

SHOWN_MONTHS = 6
FIRST_MONTH_COLUMN = 2  # measure, trend, then the months


class DashboardScreen(MdtScreen):
    BINDINGS = [
        Binding(
            "left_square_bracket",
            "practice(-1)",
            "Practice",
            id="dashboard_previous",
            key_display="[",
            tooltip="Dashboard: the previous practice (or ALL)",
        ),
        Binding(
            "right_square_bracket",
            "practice(1)",
            "Practice",
            id="dashboard_next",
            key_display="]",
            tooltip="Dashboard: the next practice (or ALL)",
        ),
        Binding(
            "v",
            "maturity",
            "Maturity",
            id="dashboard_maturity",
            tooltip="Dashboard: the maturity self-assessment (Emerging / Maturing / Independent)",
        ),
    ]
    DEFAULT_CSS = """
    DashboardScreen #dashboard { height: 1fr; }
    DashboardScreen #dashboard-evaluation { height: auto; }
    DashboardScreen #dashboard-note { height: auto; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.board: Dashboard | None = None
        self.place = ALL
        self.maturity_line = ""

    def compose_body(self) -> ComposeResult:
        yield Label("INT dashboard — reading…", id="dashboard-title", classes="panel-title")
        yield PlainTable(id="dashboard", cursor_type="cell", zebra_stripes=True)
        yield Static(plain("Evaluation: reading…"), id="dashboard-evaluation")
        yield Static(
            plain("enter on a number: the people counted · [ ] practice · v maturity · for learning, not ranking"),
            id="dashboard-note",
        )

    def on_mount(self) -> None:
        self.load()
        self.load_evaluation()

    def came_back(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="evaluation")
    def load_evaluation(self) -> None:
        """The evaluation panel: 1,000 resamples can take a moment at scale, so it fills in after the table."""
        from mdt_tui.impact.evaluation import evaluate

        today = self.app.today
        self.deliver_read(
            self._evaluated, lambda store: evaluate(*store.evaluation_input(), today=today), self.app.store
        )

    def _evaluated(self, result: dict) -> None:
        self.query_one("#dashboard-evaluation", Static).update(plain(evaluation_line(result)))

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        today = self.app.today
        last = period_of(today)
        first = period_of(add_months(today.replace(day=1), -(SHOWN_MONTHS - 1)))
        self.deliver_read(
            self._loaded, lambda store: (store.dashboard(first, last, today), store.maturity_entries()), self.app.store
        )

    def _loaded(self, read: tuple[Dashboard, list[MaturityEntry]]) -> None:
        self.board, entries = read
        reached, progress = level(current_answers(entries))
        past = history(entries)
        self.maturity_line = (f"Maturity: {reached} ({progress})" if entries else "Maturity: not yet assessed") + (
            " · history: " + ", ".join(f"{day:%b %Y} {name}" for day, name in past[-4:]) if past else ""
        )
        self.show()
        self.query_one(DataTable).focus()

    def show(self) -> None:
        board, table = self.board, self.query_one(DataTable)
        if board is None:
            return
        where = "all practices" if self.place == ALL else f"practice {self.place}"
        self.query_one("#dashboard-title", Label).update(
            plain(f"INT dashboard — {where}, {board.periods[0]} to {board.periods[-1]} · {self.maturity_line}")
        )
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        months = [f"{date(int(p[:4]), int(p[5:]), 1):%b}" for p in board.periods]  # the title gives the years
        table.add_columns("Measure", "Trend", *months)
        for measure in MEASURES:
            if measure == "meetings_held" and self.place != ALL:
                continue
            series = board.series(self.place, measure)
            table.add_row(measure.replace("_", " "), spark(series), *map(str, series), key=measure)
        if cursor.row < table.row_count:
            table.cursor_coordinate = cursor

    def action_practice(self, step: int) -> None:
        if self.board is None:
            return
        places = [ALL, *self.board.practices]
        self.place = places[(places.index(self.place) + step) % len(places)]
        self.show()

    def action_maturity(self) -> None:
        from mdt_tui.screens.impact.maturity import MaturityScreen

        self.app.push_screen(MaturityScreen())

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        """Why is this person counted: the people behind the number."""
        if self.board is None or event.coordinate.column < FIRST_MONTH_COLUMN:
            return
        measure = event.cell_key.row_key.value
        if measure is None:  # every row is a measure, keyed by its name
            return
        period = self.board.periods[event.coordinate.column - FIRST_MONTH_COLUMN]
        if measure == "meetings_held":
            self.notify("Meetings are counted, not people: the agenda (m) lists them.")
            return
        ids = sorted(self.board.people.get((period, self.place, measure), set()))
        from mdt_tui.screens.people.listing import PeopleScreen

        title = f"{measure.replace('_', ' ')} · {period} · {self.place}: {MEASURES[measure]}"
        self.app.push_screen(PeopleScreen(title, lambda store: store.people_by_ids(ids)))


def evaluation_line(result: dict) -> str:
    """One line for the panel: the estimate against the comparison arm, never the caseload's own fall."""
    head = "Evaluation (emergency admissions, 12 months before/after, against the comparison arm): "
    if result["insufficient"]:
        return head + "no estimate yet: too few people or too short a follow-up (mdt report evaluation says which)."
    low, high = result["ci95"]
    return (
        head + f"ratio of rate ratios {result['ratio_of_rate_ratios']:.2f} (95% {low:.2f}–{high:.2f}). "
        "A fall on the caseload alone is regression to the mean, not an effect: see mdt report evaluation."
    )
