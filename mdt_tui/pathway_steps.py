"""The pathway step registry (issues 14, 18): the one place that knows each blueprint step.

Each step has its key, its title and what it is for, which people it is *due* for (by pathway stage: the
people its picker offers and the home count beside it), the title of that list, and the screen that opens
it. The home counts, the lists they open, the pickers, the key registry (screens/kit/keys.py) and the
navigation (screens/kit/navigation.py) read it; tests/test_counts_equal_lists.py checks every count against its
list. Store queries stay in the store, asked for by these stages.

Stages are named by their values here, so this module loads nothing (the home screen imports it while it
paints first); ``due_stages`` turns them into ``Stage`` members.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mdt_tui.pathway import Stage


@dataclass(frozen=True, slots=True)
class PathwayStep:
    """``due``: the stages of the people this step is due for; empty when the step's list is not by stage
    (reviews are due by date, a meeting by its agenda). ``screen``: the screen class the step opens."""

    id: str
    key: str
    name: str
    title: str
    explanation: str
    due: tuple[str, ...]
    due_title: str
    screen: str

    @property
    def due_stages(self) -> frozenset[Stage]:
        from mdt_tui.pathway import Stage

        return frozenset(Stage(value) for value in self.due)


_STEPS: tuple[PathwayStep, ...] = (
    PathwayStep(
        "cohort",
        "c",
        "Cohort",
        "Cohort review",
        "Import the GP-system search, review each person: suitable or not appropriate.",
        ("identified",),
        "Awaiting review",
        "CohortReviewScreen",
    ),
    PathwayStep(
        "consent",
        "n",
        "Consent",
        "Consent and first contact",
        "Record contact attempts, consent or decline, and the caseload.",
        ("awaiting_contact",),
        "Waiting contact",
        "ConsentScreen",
    ),
    PathwayStep(
        "cga",
        "a",
        "CGA",
        "CGA assessment",
        "The Comprehensive Geriatric Assessment bundle, scored as you go.",
        ("on_caseload",),
        "CGA due",
        "CgaScreen",
    ),
    PathwayStep(
        "plan",
        "l",
        "Plan",
        "Problem list and plan",
        "Prioritised problems, named lead, care and support plan, actions.",
        # Whom the MDT review (complete_mdt_review) starts from: assessed, or marked review needed.
        ("assessed", "review_due"),
        "MDT review due",
        "PlanScreen",
    ),
    PathwayStep(
        "reviews",
        "r",
        "Reviews",
        "Reviews",
        "Reviews due and overdue, triggered reviews, step down or transfer to GSF.",
        (),
        "Reviews due",
        "ReviewsScreen",
    ),
    PathwayStep(
        "meeting",
        "m",
        "Meeting",
        "MDT meeting",
        "Agenda, attendance, per-case timer and coded outcomes.",
        (),
        "Next meeting",
        "AgendaScreen",
    ),
)

STEPS: dict[str, PathwayStep] = {step.id: step for step in _STEPS}


def step(step_id: str) -> PathwayStep:
    return STEPS[step_id]
