"""The Proactive Care Blueprint as a state machine: stages, steps, codes and who may take them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from mdt_tui import codes
from mdt_tui.codes import Concept
from mdt_tui.errors import IllegalTransition, MissingRequirement, NotPermitted
from mdt_tui.roles import ASSESSORS, CLINICAL, EVERYONE, Role

MINUTE_TAKERS: frozenset[Role] = frozenset({Role.ADMIN})
"""Roles that key a meeting's decisions for it rather than decide them (issue 14)."""


class Stage(str, Enum):
    IDENTIFIED = "identified"
    NOT_APPROPRIATE = "not_appropriate"
    AWAITING_CONTACT = "awaiting_contact"
    DECLINED = "declined"
    ON_CASELOAD = "on_caseload"
    ASSESSED = "assessed"
    PLANNED = "planned"
    REVIEW_DUE = "review_due"
    STEPPED_DOWN = "stepped_down"
    PALLIATIVE_GSF = "palliative_gsf"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS: dict[Stage, str] = {
    Stage.IDENTIFIED: "Awaiting desktop review",
    Stage.NOT_APPROPRIATE: "Not appropriate",
    Stage.AWAITING_CONTACT: "Waiting first contact",
    Stage.DECLINED: "Declined",
    Stage.ON_CASELOAD: "On caseload, CGA due",
    Stage.ASSESSED: "Assessed, MDT due",
    Stage.PLANNED: "Planned",
    Stage.REVIEW_DUE: "Review needed",
    Stage.STEPPED_DOWN: "Stepped down",
    Stage.PALLIATIVE_GSF: "Transferred to GSF",
}

# People the team holds: consented and not (yet) handed on. Nobody leaves it silently.
CASELOAD_STAGES: frozenset[Stage] = frozenset(
    {Stage.ON_CASELOAD, Stage.ASSESSED, Stage.PLANNED, Stage.REVIEW_DUE, Stage.STEPPED_DOWN}
)


@dataclass(frozen=True, slots=True)
class MeetingChair:
    """Who decides for a meeting in progress: its chair, whether they are there, and whether it is quorate."""

    meeting_id: int
    name: str
    role: Role | None
    """None when the meeting has no chair named."""
    present: bool
    quorate: bool

    def why_not(self) -> str | None:
        """Why the meeting cannot decide through its minute-taker now, in words; None when it can."""
        if self.role is None:
            return f"meeting {self.meeting_id} has no chair named (i on the agenda names one)"
        if not self.present:
            return f"the chair, {self.name}, is not marked present"
        if not self.quorate:
            return f"meeting {self.meeting_id} is not quorate"
        return None


@dataclass(frozen=True, slots=True)
class Transition:
    """One blueprint step: where it may start, where it leads, what it codes and needs."""

    name: str
    label: str
    sources: frozenset[Stage | None]
    target: Stage
    concept: Concept | None
    roles: frozenset[Role]
    requires: tuple[str, ...] = ()

    @property
    def verb(self) -> str:
        """The label inside a sentence: "complete the MDT review" (only the first letter lowered)."""
        return self.label[:1].lower() + self.label[1:]

    def for_the_meeting(self, role: Role, chair: MeetingChair | None) -> bool:
        """Whether this step, keyed by ``role`` at a meeting, is the meeting's decision made by its chair: the
        minute-taker records for a quorate meeting with its chair present, when the chair's role may take it."""
        return chair is not None and role in MINUTE_TAKERS and chair.why_not() is None and chair.role in self.roles

    def check(
        self, current: Stage | None, role: Role, details: Mapping[str, object], chair: MeetingChair | None = None
    ) -> None:
        """Raise a domain error naming what is wrong; return quietly when the step is allowed.

        ``chair``: the step is keyed at a meeting in progress; a minute-taker may then take it for the meeting
        (``for_the_meeting``) even when their own role may not."""
        if current not in self.sources:
            # Stage labels as the screens show them (a label may hold a comma: "Assessed, MDT due"), quoted
            # and joined with "or", so the sentence reads plainly and MDT / CGA keep their capitals.
            where = f"at '{current.label}'" if current else "not yet identified"
            allowed = " or ".join(f"'{label}'" for label in sorted(s.label for s in self.sources if s))
            raise IllegalTransition(
                f"Cannot {self.verb}: the person is {where}; this step starts from {allowed or 'new people'}."
            )
        if role not in self.roles and not self.for_the_meeting(role, chair):
            if chair is not None and role in MINUTE_TAKERS:
                why = chair.why_not() or f"the chair ({chair.role.label if chair.role else '—'}) may not either"
                raise NotPermitted(
                    f"A {role.label} records '{self.verb}' only for a quorate meeting with its chair present: {why}."
                )
            raise NotPermitted(f"A {role.label} cannot {self.verb}.")
        missing = [key for key in self.requires if not str(details.get(key) or "").strip()]
        if missing:
            raise MissingRequirement(f"To {self.verb}, give a {' and a '.join(k.replace('_', ' ') for k in missing)}.")


def _t(name, label, sources, target, concept=None, roles=EVERYONE, requires=()):  # noqa: ANN001
    return Transition(name, label, frozenset(sources), target, concept, frozenset(roles), requires)


S = Stage
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t("identify", "Add to the cohort", {None}, S.IDENTIFIED, codes.AT_RISK_OF_EMERGENCY_ADMISSION),
        _t("mark_suitable", "Mark suitable", {S.IDENTIFIED}, S.AWAITING_CONTACT, roles=CLINICAL),
        _t(
            "mark_not_appropriate",
            "Mark not appropriate",
            # After consent too: the MDT may judge that a new case will not benefit.
            {S.IDENTIFIED, S.AWAITING_CONTACT, S.ON_CASELOAD, S.ASSESSED},
            S.NOT_APPROPRIATE,
            codes.ASSESSMENT_NOT_APPROPRIATE,
            CLINICAL,
            ("reason",),
        ),
        _t("reconsider", "Reconsider", {S.NOT_APPROPRIATE}, S.IDENTIFIED, roles=CLINICAL),
        _t("record_consent", "Record consent", {S.AWAITING_CONTACT}, S.ON_CASELOAD, codes.ON_PATHWAY),
        # A person may decline at first contact or withdraw later; either way they can be re-approached.
        _t(
            "record_decline",
            "Record decline",
            {S.AWAITING_CONTACT, S.ON_CASELOAD, S.ASSESSED, S.PLANNED, S.REVIEW_DUE},
            S.DECLINED,
            codes.PATHWAY_DECLINED,
        ),
        _t("reapproach", "Re-approach", {S.DECLINED}, S.AWAITING_CONTACT, roles=ASSESSORS),
        _t(
            "complete_cga",
            "Complete the CGA",
            {S.ON_CASELOAD, S.ASSESSED, S.PLANNED, S.REVIEW_DUE},
            S.ASSESSED,
            codes.CGA_RECORDED,
            ASSESSORS,
        ),
        _t(
            "complete_mdt_review",
            "Complete the MDT review",
            {S.ASSESSED, S.REVIEW_DUE},
            S.PLANNED,
            codes.MDT_REVIEW_COMPLETED,
        ),
        _t(
            "mark_review_due",
            "Mark review needed",
            {S.PLANNED, S.STEPPED_DOWN, S.PALLIATIVE_GSF},
            S.REVIEW_DUE,
            requires=("trigger",),
        ),
        _t("step_down", "Step down", {S.PLANNED, S.REVIEW_DUE}, S.STEPPED_DOWN, requires=("reason",)),
        _t(
            "transfer_to_gsf",
            "Transfer to palliative care (GSF)",
            {S.ASSESSED, S.PLANNED, S.REVIEW_DUE},
            S.PALLIATIVE_GSF,
            requires=("reason",),
        ),
    )
}


def transition(name: str) -> Transition:
    try:
        return TRANSITIONS[name]
    except KeyError:
        raise IllegalTransition(f"There is no pathway step called '{name}'.") from None


def available(current: Stage | None, role: Role) -> list[Transition]:
    """The steps the given role can take from the current stage, in blueprint order."""
    return [t for t in TRANSITIONS.values() if current in t.sources and role in t.roles]


BLUEPRINT_STEPS: tuple[str, ...] = ("Cohort", "Consent", "CGA", "Plan", "Review")

# Which blueprint step a person at each stage is in (the step bar highlights it).
STEP_OF_STAGE: dict[Stage, int] = {
    Stage.IDENTIFIED: 0,
    Stage.NOT_APPROPRIATE: 0,
    Stage.AWAITING_CONTACT: 1,
    Stage.DECLINED: 1,
    Stage.ON_CASELOAD: 2,
    Stage.ASSESSED: 3,
    Stage.PLANNED: 4,
    Stage.REVIEW_DUE: 4,
    Stage.STEPPED_DOWN: 4,
    Stage.PALLIATIVE_GSF: 4,
}
