"""Reviews for anyone on the caseload, not only those already due: a triggered review, step down or
transfer to GSF for one person, from their own screen (r) or from the reviews list (+ finds them)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Label

from mdt_tui.pathway import CASELOAD_STAGES
from mdt_tui.screens.consent.dialogs import ReasonDialog
from mdt_tui.screens.kit.forms import Choice, FormDialog
from mdt_tui.screens.kit.saving import save_later
from mdt_tui.screens.plan.dialogs import TriggerDialog

STEPS = [
    ("trigger_review", "Review needed (something happened)…"),
    ("step_down", "Step down…"),
    ("transfer_to_gsf", "Transfer to palliative care (GSF)…"),
]


class ReviewStepDialog(FormDialog[str]):
    """Which review step, by number; the next dialog asks what happened or why."""

    def compose_fields(self) -> ComposeResult:
        yield Label("Choose (1–3)", classes="form-heading")
        yield Choice(STEPS, inline=False, id="step")

    def on_mount(self) -> None:
        self.query_one("#step", Choice).focus()

    def on_choice_changed(self, event: Choice.Changed) -> None:
        self.action_save()  # one key: the step is chosen

    def build(self) -> str:
        return str(self.picked("step", "choose a review step"))


def ask_review_step(screen, person_id: int, then=None) -> None:  # noqa: ANN001 — any MdtScreen
    """For one person on the caseload: choose the step, give the reason, and it is written (audited)."""
    app = screen.app
    store, user, today = app.store, app.user, app.today
    if store.person(person_id).stage not in CASELOAD_STAGES:
        screen.notify("Reviews are for people on the caseload: this person is not on it.", severity="warning")
        return
    done = then or (lambda _: None)

    def chosen(step: str | None) -> None:
        if step == "trigger_review":
            app.push_screen(
                TriggerDialog("What happened?"),
                lambda r: r
                and save_later(
                    screen,
                    lambda: store.trigger_review(user, person_id, trigger=r.reason, note=r.note, on=today),
                    "Review needed recorded",
                    then=done,
                ),
            )
        elif step is not None:
            title = "Step down — why?" if step == "step_down" else "Transfer to GSF — why?"
            app.push_screen(
                ReasonDialog(title, with_note=False),
                lambda r: r
                and save_later(
                    screen,
                    lambda: getattr(store, step)(user, person_id, reason=r.reason, on=today),
                    title.split(" —")[0] + " recorded",
                    then=done,
                ),
            )

    app.push_screen(ReviewStepDialog("Review this person"), chosen)
