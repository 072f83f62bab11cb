"""A step's picker: the people a pathway step is due for (the registry's list), enter opens the step for one."""

from __future__ import annotations

from typing import ClassVar

from textual.widgets import DataTable

from mdt_tui.pathway_steps import STEPS
from mdt_tui.screens.people.listing import PeopleScreen


class StepDueScreen(PeopleScreen):
    """``step``: the pathway step (mdt_tui/pathway_steps.py) whose due list this offers. Its title, whom it lists
    and the home count beside the step all come from the registry, so the picker and the count cannot drift."""

    step: ClassVar[str]

    def __init__(self) -> None:
        due = STEPS[self.step]
        stages = due.due_stages
        super().__init__(f"{due.due_title}: choose a person", lambda store: store.people(stages))

    def open_for(self, person_id: int) -> None:
        """Open this step for the person chosen."""
        raise NotImplementedError

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.prevent_default()
        self.open_for(int(str(event.row_key.value)))

    def came_back(self) -> None:
        self.load()
