"""The CGA Summary tab: every result beside the previous one, the suggested problems, and completing the CGA."""

from __future__ import annotations

from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from mdt_tui.cga.bundle import CgaBundle, CompletionCheck, RecordedResult, SuggestedProblem, domain_instruments
from mdt_tui.cga.coding import administration_date, planned_codes
from mdt_tui.codes import CGA_RECORDED
from mdt_tui.instruments import INSTRUMENTS, ScoreResult
from mdt_tui.instruments.results import format_total


class SummaryView(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding(
            "enter",
            "complete",
            "Complete CGA",
            id="cga_complete",
            tooltip=(
                f"Complete: record the CGA ({CGA_RECORDED.code}) and its coded entries, each dated the day it was given"
            ),
        ),
        Binding(
            "r",
            "post('reason')",
            "Domain reason…",
            id="cga_domain_reason",
            tooltip="Why the mental, functional or medication domain has no instrument (declined, elsewhere…)",
        ),
        Binding(
            "d",
            "post('dates')",
            "Dates given…",
            id="cga_dates",
            tooltip="The day each instrument was given: its codes carry that date",
        ),
    ]

    class CompleteRequested(Message):
        """The user asked to complete the CGA."""

    class Requested(Message):
        """The user asked for the domain reasons (``what`` = "reason") or the dates given ("dates")."""

        def __init__(self, what: str) -> None:
            super().__init__()
            self.what = what

    def action_post(self, what: str) -> None:
        self.post_message(self.Requested(what))

    def compose(self) -> ComposeResult:
        yield Static(id="summary-body")

    def show(self, renderable: RenderableType) -> None:
        self.query_one("#summary-body", Static).update(renderable)

    def action_complete(self) -> None:
        self.post_message(self.CompleteRequested())


def summary(
    bundle: CgaBundle,
    results: dict[str, ScoreResult],
    previous: dict[str, RecordedResult],
    problems: list[SuggestedProblem],
    check: CompletionCheck,
    today: date,
) -> RenderableType:
    table = Table(box=None, padding=(0, 1), header_style="bold", expand=True)
    for column, ratio in (("Result", 3), ("Now", 4), ("Given", 2), ("Previous", 4), ("Change", 2)):
        table.add_column(column, ratio=ratio, overflow="fold")
    for instrument_id, result in results.items():
        before = previous.get(instrument_id)
        table.add_row(
            INSTRUMENTS[instrument_id].short_name,
            f"{format_total(result.total)} {result.band_label}",
            f"{administration_date(bundle, instrument_id, today):%d %b}",
            f"{format_total(before.total)} {before.band_label} ({before.on:%d %b %Y})" if before else "—",
            _change(result, before),
        )
    if not results:
        table.add_row("(no instrument finished yet)", "", "", "", "")
    parts: list[RenderableType] = []
    if check.self_harm_pending:
        parts.append(
            Text(
                "! SELF-HARM ANSWER NOT YET ACTIONED: record today's risk assessment (who, outcome)\n",
                style="bold reverse",
            )
        )
    elif bundle.self_harm is not None:
        parts.append(Text(f"✔ {bundle.self_harm.line()}\n", style="bold"))
    parts += [table, Text("\nDomains a CGA must cover", style="bold")]
    done = domain_instruments(results)
    for domain, names in done.items():
        if names:
            parts.append(Text(f" ✔ {domain}: {', '.join(names)}"))
        elif domain in bundle.domain_reasons:
            parts.append(Text(f" ✔ {domain}: no instrument — {bundle.domain_reasons[domain].describe()}"))
        else:
            parts.append(Text(f" ✘ {domain}: no completed instrument — r records why", style="bold"))
    parts.append(Text("\nSuggested problems for the MDT", style="bold"))
    for problem in problems:
        mark, style = ("!", "bold reverse") if problem.urgent else ("•", "")
        parts.append(Text(f" {mark} {problem.title}", style=style).append(f" — {problem.source}", style="dim"))
    if not problems:
        parts.append(Text(" none from the results so far", style="dim"))
    for symbol, heading, lines in (
        ("◐", "Not finished, so not recorded", check.unfinished),
        ("✘", "Correct before completing", check.bad_dates),
    ):
        if lines:
            parts.append(Text(f"\n{symbol} {heading}:", style="bold"))
            parts.extend(Text(f"   {line}") for line in lines)
    codes = planned_codes(bundle, results, today)
    parts.append(
        Text(
            f"\nenter completes the CGA: records {CGA_RECORDED.code} (CGA) and {len(codes)} coded "
            f"entr{'ies' if len(codes) != 1 else 'y'}"
            + (
                ": " + "; ".join(f"{c.code} {c.term}" + (f" {c.value}" if c.value else "") for c in codes)
                if codes
                else ""
            )
            + ". d: dates given · r: domain reasons",
            style="italic",
        )
    )
    return Group(*parts)


def _change(result: ScoreResult, before: RecordedResult | None) -> str:
    if before is None or not isinstance(result.total, (int, float)) or not isinstance(before.total, (int, float)):
        return ""
    delta = result.total - before.total
    if delta == 0:
        return "= same"
    return f"{'↑' if delta > 0 else '↓'} {format_total(abs(delta))} {'higher' if delta > 0 else 'lower'}"
