"""The blueprint step bar: Cohort › Consent › CGA › Plan › Review, current step marked."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from mdt_tui.pathway import BLUEPRINT_STEPS, STEP_OF_STAGE, Stage


def step_bar_text(stage: Stage) -> Text:
    current = STEP_OF_STAGE[stage]
    text = Text()
    for index, name in enumerate(BLUEPRINT_STEPS):
        if index:
            text.append(" › ", style="dim")
        if index == current:
            text.append(f"[{name}]", style="bold reverse")
        else:
            text.append(name, style="dim" if index > current else "")
    text.append(f"   {stage.label}", style="italic")
    return text


class StepBar(Static):
    DEFAULT_CSS = """
    StepBar { height: 1; padding: 0 1; background: $boost; }
    """

    def show(self, stage: Stage) -> None:
        self.update(step_bar_text(stage))
