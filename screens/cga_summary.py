"""The CGA Summary tab: every result beside the previous one, the suggested problems, and completing the CGA."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from mdt_tui.cga import CompletionCheck, RecordedResult, SuggestedProblem
from mdt_tui.codes import CGA_RECORDED
from mdt_tui.instruments import INSTRUMENTS, ScoreResult
from mdt_tui.instruments.results import format_total


class SummaryView(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding("enter", "complete", "Complete CGA", id="cga_complete",
                tooltip=f"Record the CGA ({CGA_RECORDED.code}) and a coded event for each score"),
    ]

    class CompleteRequested(Message):
        """The user asked to complete the CGA."""

    def compose(self) -> ComposeResult:
        yield Static(id="summary-body")

    def show(self, renderable: RenderableType) -> None:
        self.query_one("#summary-body", Static).update(renderable)

    def action_complete(self) -> None:
        self.post_message(self.CompleteRequested())


def summary(results: dict[str, ScoreResult], previous: dict[str, RecordedResult],
            problems: list[SuggestedProblem], check: CompletionCheck) -> RenderableType:
    table = Table(box=None, padding=(0, 1), header_style="bold", expand=True)
    for column, ratio in (("Result", 3), ("Now", 4), ("Previous", 4), ("Change", 2)):
        table.add_column(column, ratio=ratio, overflow="fold")
    for instrument_id, result in results.items():
        before = previous.get(instrument_id)
        table.add_row(INSTRUMENTS[instrument_id].short_name, f"{format_total(result.total)} {result.band_label}",
                      f"{format_total(before.total)} {before.band_label} ({before.on:%d %b %Y})" if before else "—",
                      _change(result, before))
    if not results:
        table.add_row("(no instrument finished yet)", "", "", "")
    parts: list[RenderableType] = [table, Text("\nSuggested problems for the MDT", style="bold")]
    for problem in problems:
        mark, style = ("!", "bold reverse") if problem.urgent else ("•", "")
        parts.append(Text(f" {mark} {problem.title}", style=style).append(f" — {problem.source}", style="dim"))
    if not problems:
        parts.append(Text(" none from the results so far", style="dim"))
    for symbol, heading, lines in (("◐", "Not finished, so not recorded", check.unfinished),
                                   ("✘", "Correct before completing", check.bad_dates)):
        if lines:
            parts.append(Text(f"\n{symbol} {heading}:", style="bold"))
            parts.extend(Text(f"   {line}") for line in lines)
    codes = sum(1 for r in results.values() if r.score_code)
    parts.append(Text(f"\nenter completes the CGA: records {CGA_RECORDED.code} (CGA) and {codes} coded "
                      f"score{'s' * (codes != 1)}.", style="italic"))
    return Group(*parts)


def _change(result: ScoreResult, before: RecordedResult | None) -> str:
    if before is None or not isinstance(result.total, (int, float)) or not isinstance(before.total, (int, float)):
        return ""
    delta = result.total - before.total
    if delta == 0:
        return "= same"
    return f"{'↑' if delta > 0 else '↓'} {format_total(abs(delta))} {'higher' if delta > 0 else 'lower'}"
