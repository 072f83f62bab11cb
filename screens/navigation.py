"""Where each blueprint-step key leads; shared by the home and person screens."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

STEPS: dict[str, tuple[str, str]] = {
    "cohort": ("Cohort review", "Import the GP-system search, review each person: suitable or not appropriate."),
    "consent": ("Consent and first contact", "Record contact attempts, consent or decline, and the caseload."),
    "cga": ("CGA assessment", "The Comprehensive Geriatric Assessment bundle, scored as you go."),
    "plan": ("Problem list and plan", "Prioritised problems, named lead, care and support plan, actions."),
    "reviews": ("Reviews", "Reviews due and overdue, triggered reviews, step down or transfer to GSF."),
    "meeting": ("MDT meeting", "Agenda, attendance, per-case timer and coded outcomes."),
}

# The footer has room only for the keys that work everywhere; these are shown as a hint line.
STEP_HINT = "c cohort · n consent · a CGA · l plan · r reviews · m meeting"

STEP_BINDINGS = [
    Binding("c", "open_step('cohort')", "Cohort", id="step_cohort", tooltip="Cohort review", show=False),
    Binding("n", "open_step('consent')", "Consent", id="step_consent", tooltip="Consent and first contact", show=False),
    Binding("a", "open_step('cga')", "CGA", id="step_cga", tooltip="CGA assessment", show=False),
    Binding("l", "open_step('plan')", "Plan", id="step_plan", tooltip="Problem list and plan", show=False),
    Binding("r", "open_step('reviews')", "Reviews", id="step_reviews", tooltip="Reviews due", show=False),
    Binding("m", "open_step('meeting')", "Meeting", id="step_meeting", tooltip="Run the MDT meeting", show=False),
]

IMPORT_BINDING = Binding(
    "i",
    "app.import_cohort",
    "Import",
    id="import_cohort_file",
    tooltip="Import a cohort search exported from EMIS Web or SystmOne",
)


def binding_commands(screen: Screen) -> Iterator[SystemCommand]:
    """Every key that works on ``screen`` as a command palette entry, by name (exports, minutes, the
    roster…): the palette offers each action the screen has, not only the app's own."""
    app, seen = screen.app, set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not active.enabled or not binding.description or binding.action in seen or key.startswith("ctrl+"):
            continue
        seen.add(binding.action)
        shown = app.get_key_display(binding)
        yield SystemCommand(
            f"{binding.description.rstrip('…')} ({shown})",
            active.tooltip or binding.tooltip or "",
            partial(app.run_action, binding.action, active.node),
        )
