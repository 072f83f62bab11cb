"""Where each blueprint-step key leads; shared by the home and person screens."""

from __future__ import annotations

from textual.binding import Binding

STEPS: dict[str, tuple[str, str]] = {
    "cohort": ("Cohort review", "Import the GP-system search, review each person: suitable or not appropriate."),
    "consent": ("Consent and first contact", "Record contact attempts, consent or decline, and the caseload."),
    "cga": ("CGA assessment", "The Comprehensive Geriatric Assessment bundle, scored as you go."),
    "plan": ("Problem list and plan", "Prioritised problems, named lead, care and support plan, actions."),
    "reviews": ("Reviews", "Reviews due and overdue, triggered reviews, step down or transfer to GSF."),
    "meeting": ("MDT meeting", "Agenda, attendance, per-case timer and coded outcomes."),
}

STEP_BINDINGS = [
    Binding("c", "open_step('cohort')", "Cohort", id="step_cohort", tooltip="Cohort review"),
    Binding("n", "open_step('consent')", "Consent", id="step_consent", tooltip="Consent and first contact"),
    Binding("a", "open_step('cga')", "CGA", id="step_cga", tooltip="CGA assessment"),
    Binding("l", "open_step('plan')", "Plan", id="step_plan", tooltip="Problem list and plan"),
    Binding("r", "open_step('reviews')", "Reviews", id="step_reviews", tooltip="Reviews due"),
    Binding("m", "open_step('meeting')", "Meeting", id="step_meeting", tooltip="Run the MDT meeting"),
]
