"""Home: the neighbourhood's pipeline at a glance; every count opens the people behind it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.keys import binding
from mdt_tui.screens.kit.navigation import IMPORT_BINDING, STEP_BINDINGS, STEP_HINT

if TYPE_CHECKING:
    from mdt_tui.models import MeetingSummary, PipelineCounts
    from mdt_tui.pipeline import PipelineRow


def _line(label: str, count: int, note: str = "", depth: int = 0) -> Text:
    text = Text("   " * (depth - 1) + " └ " if depth else "")  # a part of the row above it
    text.append(f"{label:<{20 - 3 * depth}}")
    text.append(f"{count:>4}", style="bold")
    if note:
        text.append(f"  {note}", style="dim")
    return text


def _meeting_option(counts: PipelineCounts) -> Option:
    """Two lines: the next meeting and whether its agenda fits, or what the meeting key does without one."""
    from mdt_tui.meeting.agenda import STATUS_WORDS, hours_and_minutes

    upcoming = counts.next_meeting
    if upcoming is not None:
        text = Text(f"  Next meeting  {upcoming.held_on:%a %d %b} {upcoming.starts_at}\n")
        text.append(f"    {upcoming.cases} cases ({hours_and_minutes(upcoming.minutes)}) ")
        text.append(f"! over by {upcoming.over_by} min" if upcoming.over_by else "✔ fits", style="bold")
        return Option(text, id="next_meeting")
    other = counts.meeting_to_run
    if other is None:
        return Option(Text("! No meeting planned\n    m plans one for today"), id="meeting_key")
    return Option(
        Text(f"! No meeting ahead\n    m opens {other.held_on:%a %d %b} ({STATUS_WORDS[other.status]})"),
        id="meeting_key",
    )


def _left_search_option(count: int) -> list[Option]:
    """Caseload people the latest search run no longer finds: named for the MDT to decide, never dropped."""
    if not count:
        return []
    return [Option(Text(f"! {count} on the caseload left\n    the latest search"), id="left_search")]


class HomeScreen(MdtScreen):
    BINDINGS = [
        *STEP_BINDINGS,
        IMPORT_BINDING,
        *(binding(i, show=False) for i in ("dashboard", "my_actions", "team_roster", "practices", "codes_to_send")),
    ]
    DEFAULT_CSS = "HomeScreen #alerts { height: auto; border: none; padding: 0; display: none; }"

    def compose_body(self) -> ComposeResult:
        # Safety first: people whose self-harm answer has no same-day action head the screen.
        yield OptionList(id="alerts")
        with Horizontal(id="home"):
            with Vertical(classes="panel"):
                yield Label("Pipeline", classes="panel-title")
                yield OptionList(id="pipeline")
                yield Label("enter opens · tab: other panel", classes="hint")
            with Vertical(classes="panel"):
                yield Label("This week", classes="panel-title")
                yield OptionList(id="week")
                yield Static(STEP_HINT, classes="hint")

    def on_mount(self) -> None:
        self.refresh_counts()
        self.query_one("#pipeline", OptionList).focus()

    def came_back(self) -> None:
        self.refresh_counts()

    def refresh_counts(self) -> None:
        app = self.app
        if not app.is_ready:  # the app calls again once the database is open
            self._fill("#pipeline", [Option("Opening the database…", id="opening", disabled=True)])
            return
        from mdt_tui.households.records import count_carers
        from mdt_tui.pipeline import pipeline_rows  # here, not at the top: it loads pydantic

        counts = self.counts = app.store.pipeline(app.today, app.policy.caseload_capacity)
        self._show_alerts(len({p.person_id for p in app.store.self_harm_pending()}))
        self.rows = {row.key: row for row in pipeline_rows(counts)}
        self._fill(
            "#pipeline", [Option(_line(r.label, r.count, r.note, r.depth), id=r.key) for r in self.rows.values()]
        )
        self._fill(
            "#week",
            [
                Option(_line("⏰ Reviews ≤ 7 days", counts.reviews_due_this_week), id="reviews_due"),
                Option(_line("⏰ Reviews overdue", counts.reviews_overdue), id="reviews_overdue"),
                Option(_line("! Actions overdue", counts.actions_overdue), id="actions_overdue"),
                Option(_line("  Open actions, by owner", counts.actions_open), id="actions_by_owner"),
                _meeting_option(counts),
                Option(_line("! Carers under strain", count_carers(app.store.carer_strain_list())), id="carer_strain"),
                *_left_search_option(app.store.caseload_left_search()),
            ],
        )
        if not getattr(app, "health_checked", False):  # once a run, after the counts are on screen
            app.health_checked = True
            self.check_health()

    def on_unmount(self) -> None:
        if (store := self.app.opened_store) is not None:
            store.stop_health_check()  # the app is closing: it never waits for the check

    @work(thread=True, group="health-check", exit_on_error=False)
    def check_health(self) -> None:
        """SQLite's quick check, at most daily (the store remembers): silent unless the file is damaged.
        Runs behind the screen, so even a 3 GB file never delays the counts; any error only means no verdict."""
        try:
            verdict = self.app.store.quick_check_if_due()
        except Exception:  # noqa: BLE001 - busy, unreadable: not a verdict, and never worth stopping the app
            return
        if verdict:
            message = f"! The database failed its health check ({verdict}). Run 'mdt check' and restore a backup."
            self.deliver(lambda: self.notify(message, severity="error", timeout=30))

    def _show_alerts(self, self_harm: int) -> None:
        alerts = self.query_one("#alerts", OptionList)
        if self_harm and not alerts.display:
            self.call_after_refresh(alerts.focus)  # appearing: the focus goes to it, so enter opens it
        if not self_harm and alerts.has_focus:
            self.query_one("#pipeline", OptionList).focus()
        alerts.display = bool(self_harm)
        line = Text(f"! self-harm answer not yet actioned — {self_harm}", style="bold reverse")
        self._fill(
            "#alerts",
            [Option(line.append("  enter: who, then record today's action", style="bold"), id="self_harm")]
            if self_harm
            else [],
        )

    def _fill(self, selector: str, options: list[Option]) -> None:
        widget = self.query_one(selector, OptionList)
        highlighted = widget.highlighted
        widget.clear_options()
        widget.add_options(options)
        widget.highlighted = highlighted if highlighted is not None else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.app.still_opening():
            return
        from mdt_tui.screens.people.listing import PeopleScreen
        from mdt_tui.screens.plan.actions import ActionsScreen

        key = event.option.id
        today = self.app.today
        if key == "self_harm":
            from mdt_tui.screens.cga.self_harm import SelfHarmPeopleScreen

            self.app.push_screen(SelfHarmPeopleScreen())
        elif key == "reviews_due":
            self.app.push_screen(
                PeopleScreen("Reviews due in the next 7 days (not the overdue)", lambda store: store.reviews_due(today))
            )  # the count's own list
        elif key == "reviews_overdue":
            self.app.push_screen(PeopleScreen("Reviews overdue", lambda store: store.reviews_overdue(today)))
        elif key == "actions_overdue":
            self.app.push_screen(ActionsScreen("Overdue actions", due_before=today))
        elif key == "actions_by_owner":
            self.app.push_screen(ActionsScreen("Everyone's open actions", by_owner=True))
        elif key == "next_meeting":
            if self.counts.next_meeting is not None:  # the line is shown only when there is one
                self._open_agenda(self.counts.next_meeting)
        elif key == "meeting_key":
            self.app.open_step("meeting")  # what the line promises: exactly what m does
        elif key == "carer_strain":
            from mdt_tui.screens.households.carers import CarersScreen

            self.app.push_screen(CarersScreen())
        elif key == "left_search":
            self.app.push_screen(
                PeopleScreen(
                    "On the caseload, no longer in the latest search: for the MDT",
                    lambda store: store.caseload_left_search_people(),
                )
            )
        elif key is not None:  # a pipeline row
            row: PipelineRow = self.rows[key]
            self.app.push_screen(PeopleScreen(f"{row.label} ({row.count})", lambda store: store.people(row.stages)))

    def _open_agenda(self, meeting: MeetingSummary) -> None:
        # Not open_step("meeting"): that opens a meeting in progress first, and this line names another one.
        from mdt_tui.screens.meeting.agenda import AgendaScreen

        self.app.push_screen(AgendaScreen(meeting.id))

    def action_open_step(self, step: str) -> None:
        self.app.open_step(step)
