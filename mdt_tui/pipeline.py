"""The rows of the home screen's pipeline: what each count means and which people it opens."""

from __future__ import annotations

from dataclasses import dataclass

from mdt_tui.models import PipelineCounts
from mdt_tui.pathway import CASELOAD_STAGES, Stage
from mdt_tui.pathway_steps import STEPS


@dataclass(frozen=True, slots=True)
class PipelineRow:
    key: str
    label: str
    count: int
    stages: frozenset[Stage]
    note: str = ""
    depth: int = 0  # 1: a part of the row above at depth 0 (the caseload); 2: a part of the row above at depth 1
    step: str = ""  # the pathway step this row's people are due for (its list is that step's), if any


def pipeline_rows(counts: PipelineCounts) -> list[PipelineRow]:
    by = counts.by_stage

    def row(key: str, label: str, stages: set[Stage], note: str = "", depth: int = 0) -> PipelineRow:
        return PipelineRow(key, label, sum(by[s] for s in stages), frozenset(stages), note, depth)

    def due(key: str, step_id: str, note: str = "", depth: int = 0) -> PipelineRow:
        """A row that counts the people a step is due for: its words and stages from the step registry."""
        step = STEPS[step_id]
        stages = step.due_stages
        return PipelineRow(key, step.due_title, sum(by[s] for s in stages), stages, note, depth, step_id)

    waiting_note = f"({counts.oldest_waiting_days}d)" if counts.oldest_waiting_days is not None else ""
    over = counts.caseload - counts.capacity
    capacity_note = f"/ {counts.capacity}" + (f" ({over} over!)" if over > 0 else "")
    return [
        row("identified", "Identified (all)", set(Stage)),
        due("awaiting_review", "cohort"),
        due("awaiting_contact", "consent", waiting_note),
        row("declined", "Declined", {Stage.DECLINED}),
        row("not_appropriate", "Not appropriate", {Stage.NOT_APPROPRIATE}),
        row("caseload", "On caseload", set(CASELOAD_STAGES), capacity_note),
        due("cga_due", "cga", depth=1),
        # The plan step's list (assessed, or review needed: whom the MDT review starts from), as l offers it;
        # review needed is one part of it, so it sits below (issue 14: a count equals the list it opens).
        due("mdt_due", "plan", depth=1),
        row("review_due", "Review needed", {Stage.REVIEW_DUE}, depth=2),
        row("planned", "Planned", {Stage.PLANNED}, depth=1),
        row("stepped_down", "Stepped down", {Stage.STEPPED_DOWN}, depth=1),
        row("gsf", "Moved to GSF", {Stage.PALLIATIVE_GSF}),
    ]
