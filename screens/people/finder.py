"""Find a person by name or NHS number from anywhere (ctrl+f); returns their id."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from mdt_tui.finder import find, sure_matches
from mdt_tui.pathway import Stage
from mdt_tui.privacy import show_name, show_nhs_number
from mdt_tui.screens.kit.base import row_id
from mdt_tui.screens.kit.plain_text import plain

if TYPE_CHECKING:
    from textual import getters

    from mdt_tui.screens.app import MdtApp


class FinderScreen(ModalScreen[int | None]):
    if TYPE_CHECKING:  # Textual types self.app as App[Any]
        app = getters.app(MdtApp)

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="cancel", tooltip="Close without choosing"),
        Binding("down", "to_results", "Results", show=False, id="to_results"),
    ]

    def __init__(
        self,
        title: str = "Find a person — name or NHS number",
        stages: Collection[Stage] | None = None,
        *,
        only_one: bool = False,
    ) -> None:
        super().__init__()
        self.title_text, self.stages = title, stages
        self.only_one = only_one  # enter takes a person only when they are the one sure match (adding to records)

    def compose(self) -> ComposeResult:
        with Vertical(id="finder", classes="dialog"):
            yield Label(self.title_text, classes="panel-title")
            yield Input(placeholder="e.g. wilson mo, 999 517, sian lee", id="query")
            yield OptionList(id="results")
            yield Label("", id="finder-count", classes="hint")

    def on_mount(self) -> None:
        self.candidates = self.app.store.finder_candidates(self.stages)
        self.by_id = {c.id: c for c in self.candidates}
        self._told_apart: dict[int, str] = {}
        self.query_one("#query", Input).focus()

    def show_privacy(self, private: bool) -> None:
        """`p` with the results focused: the same results again, with or without names and NHS numbers."""
        box = self.query_one("#query", Input)
        self.on_input_changed(Input.Changed(box, box.value))

    def on_input_changed(self, event: Input.Changed) -> None:
        ids = find(event.value, self.candidates)
        private = self.app.privacy
        results = self.query_one("#results", OptionList)
        results.clear_options()
        for person_id in ids:
            _, family, given, nhs = self.by_id[person_id]
            results.add_option(
                Option(
                    plain(
                        f"{show_name(family, given, private=private):<28} "  # no markup
                        f"{show_nhs_number(nhs, private=private):<13} "
                        f"{self._age_and_practice(person_id)}"
                    ),
                    id=str(person_id),
                )
            )
        if ids:
            results.highlighted = 0
        self.query_one("#finder-count", Label).update(
            f"{len(ids)} match{'es' if len(ids) != 1 else ''} · enter opens · ↓ to choose" if event.value else ""
        )

    def _age_and_practice(self, person_id: int) -> str:
        """Age and practice code: two people shown as "M.W." in privacy mode are told apart by these."""
        if person_id not in self._told_apart:
            person = self.app.store.person(person_id)
            self._told_apart[person_id] = f"{person.age_on(self.app.today):>3} · {person.practice_code}"
        return self._told_apart[person_id]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter takes the best match only when it matches as typed; a near spelling is shown, never taken."""
        results = self.query_one("#results", OptionList)
        if not results.option_count:
            return
        sure = sure_matches(event.value, self.candidates)
        count = self.query_one("#finder-count", Label)
        if not sure:
            count.update("! No one here matches that as typed: ↓ to choose one of the similar names, or check it.")
        elif self.only_one and len(sure) > 1:
            count.update(f"! {len(sure)} people match: type more of the name, or ↓ to choose one.")
        else:
            self.dismiss(row_id(results.get_option_at_index(results.highlighted or 0).id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(row_id(event.option.id))

    def action_to_results(self) -> None:
        self.query_one("#results").focus()
