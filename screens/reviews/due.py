"""Reviews: who is overdue, due within 7 days or marked "review needed"; record a trigger, step down,
transfer to GSF."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.widgets import DataTable

from mdt_tui.models import PersonSummary
from mdt_tui.screens.consent.dialogs import ReasonDialog
from mdt_tui.screens.kit.base import row_id
from mdt_tui.screens.kit.keys import binding
from mdt_tui.screens.kit.saving import save_later
from mdt_tui.screens.people.listing import PeopleScreen
from mdt_tui.screens.plan.dialogs import TriggerDialog


def _reviews(today) -> Callable[[object], list[PersonSummary]]:  # noqa: ANN001
    def load(store) -> list[PersonSummary]:  # noqa: ANN001
        seen: dict[int, PersonSummary] = {}
        for person in [
            *store.reviews_overdue(today),
            *(t.person for t in store.triggered_reviews()),
            *store.reviews_due(today),
        ]:
            seen.setdefault(person.id, person)
        return list(seen.values())

    return load


class ReviewsScreen(PeopleScreen):
    """Overdue first, then review needed (triggered), then due this week; enter opens the plan."""

    BINDINGS = [
        *PeopleScreen.BINDINGS,
        Binding("t", "trigger", "Trigger", id="reviews_trigger", tooltip="Record an event that needs a review"),
        binding(
            "step_down",
            "leave('step_down')",
            name="Step down",
            description="Step down (reason required; stays on the caseload), as 4 in the meeting",
        ),
        binding(
            "to_gsf",
            "leave('transfer_to_gsf')",
            name="To GSF",
            description="Transfer to palliative care (GSF) meetings (reason required), as 6 in the meeting",
        ),
        binding(
            "add",
            "anyone",
            name="Anyone…",
            description="A review step for anyone on the caseload, not only those listed (find them by name)",
        ),
    ]

    def action_anyone(self) -> None:
        from mdt_tui.pathway import CASELOAD_STAGES
        from mdt_tui.screens.people.finder import FinderScreen
        from mdt_tui.screens.reviews.person import ask_review_step

        self.app.push_screen(
            FinderScreen("Review — anyone on the caseload", CASELOAD_STAGES, only_one=True),
            lambda pid: pid is not None and ask_review_step(self, pid, then=lambda _: self.load()),
        )

    def __init__(self) -> None:
        self._title = "Reviews: overdue (next review date shown), review needed, due within 7 days"
        super().__init__(self._title, lambda store: [])

    def on_mount(self) -> None:
        self.loader = _reviews(self.app.today)
        super().on_mount()

    def came_back(self) -> None:
        self.load()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from mdt_tui.screens.plan.care_plan import PlanScreen

        event.prevent_default()
        self.app.push_screen(PlanScreen(row_id(event.row_key.value)))

    def _person(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return row_id(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _write(self, write: Callable[[], object], done: str) -> None:
        save_later(self, write, done, then=lambda _: self.load())

    def action_trigger(self) -> None:
        if (pid := self._person()) is None:
            return
        store, user, today = self.app.store, self.app.user, self.app.today
        self.app.push_screen(
            TriggerDialog("What happened?"),
            lambda r: r
            and self._write(
                lambda: store.trigger_review(user, pid, trigger=r.reason, note=r.note, on=today),
                "Review needed recorded",
            ),
        )

    def action_leave(self, step: str) -> None:
        if (pid := self._person()) is None:
            return
        store, user, today = self.app.store, self.app.user, self.app.today
        title = "Step down — why?" if step == "step_down" else "Transfer to GSF — why?"
        self.app.push_screen(
            ReasonDialog(title, with_note=False),
            lambda r: r
            and self._write(
                lambda: getattr(store, step)(user, pid, reason=r.reason, on=today), title.split(" —")[0] + " recorded"
            ),
        )
