"""The theograph: a person's service use run by run, with their pathway milestones between the runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from mdt_tui.impact.service_use import bar, since_latest_run, timeline, trend
from mdt_tui.privacy import show_name
from mdt_tui.screens.kit.keys import binding
from mdt_tui.screens.kit.plain_text import plain

if TYPE_CHECKING:
    from textual import getters

    from mdt_tui.screens.app import MdtApp

THEOGRAPH_BINDING = binding("theograph", "theograph")


class TheographDialog(ModalScreen[None]):
    if TYPE_CHECKING:  # Textual types self.app as App[Any]
        app = getters.app(MdtApp)

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="theograph_close", tooltip="Close the theograph"),
        binding("theograph", "dismiss", name="Close", description="Close the theograph (t opens and closes it)"),
    ]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id

    def show_privacy(self, private: bool) -> None:
        """p while it is open: the title names the person with or without privacy (nothing else names them)."""
        person = self.app.store.person(self.person_id)
        for title in self.query(".theograph-title").results(Label):
            what = str(title.name)
            title.update(plain(f"{what} — {show_name(person.family_name, person.given_name, private=private)}"))

    def compose(self) -> ComposeResult:
        store, private = self.app.store, self.app.privacy
        person = store.person(self.person_id)
        entries, history = store.cohort_entries(self.person_id), store.history(self.person_id)
        contacts = store.activity(self.person_id)
        if contacts:  # dated contacts imported: draw them month by month; otherwise the search-run totals
            yield from _dated(person, contacts, history, self.app.today, private)
            return
        lines = timeline(entries, history)
        most = max([0, *(n for line in lines for n in (line.admissions, line.attendances) if n is not None)])
        table = Table(box=None, padding=(0, 1), header_style="bold")
        for column in ("Run", "Emergency adm.", "A&E", "eFI", "Risk", "Pathway since"):
            table.add_column(column, no_wrap=column != "Pathway since")
        for line in lines:
            table.add_row(
                f"{line.run_date:%d %b %Y}",
                _count(line.admissions, most),
                _count(line.attendances, most),
                "—" if line.efi is None else f"{line.efi:.2f}",
                line.risk_grade or "—",
                ", ".join(line.since_last) or "",
            )
        after = since_latest_run(entries, history)
        body: list[RenderableType] = [table, Text(), Text(trend(lines), style="bold")]
        if after:
            body.append(Text(f"Since the latest run: {', '.join(after)}."))
        body.append(Text("Each run counts the twelve months before it.", style="dim"))
        with Vertical(classes="dialog", id="theograph"):
            who = show_name(person.family_name, person.given_name, private=private)
            yield Label(
                plain(f"Service use over time — {who}"),
                classes="panel-title theograph-title",
                name="Service use over time",
            )
            yield Static(Group(*body))
            yield Static("escape or t closes", classes="hint")


def _dated(person, contacts, history, today, private: bool) -> ComposeResult:  # noqa: ANN001
    from mdt_tui.impact.activity_timeline import SETTING_LABELS, cell, month_grid, summary

    grid = month_grid(contacts, history, today)
    table = Table(box=None, padding=(0, 0), header_style="bold")
    table.add_column("", no_wrap=True)
    for month in grid.months:
        table.add_column(month.strftime("%b")[0], justify="center")
    for setting, counts in grid.rows.items():
        table.add_row(SETTING_LABELS[setting] + " ", *(cell(n) for n in counts))
    table.add_row("Pathway ", *(mark or " " for mark in grid.marks), style="bold")
    first, last = grid.months[0], grid.months[-1]
    body: list[RenderableType] = [
        table,
        Text(),
        Text(f"{first:%b %Y} to {last:%b %Y}: {summary(contacts) or 'no contacts'}."),
    ]
    body.append(Text("One column a month; C joined the caseload, R an MDT review; · none, + ten or more.", style="dim"))
    with Vertical(classes="dialog", id="theograph"):
        who = show_name(person.family_name, person.given_name, private=private)
        yield Label(
            plain(f"Service use by month — {who}"), classes="panel-title theograph-title", name="Service use by month"
        )
        yield Static(Group(*body))
        yield Static("escape or t closes", classes="hint")


def _count(count: int | None, most: int) -> Text:
    if count is None:
        return Text("not reported", style="dim")
    return Text(f"{count:>2} ").append(bar(count, most, width=6), style="bold")
