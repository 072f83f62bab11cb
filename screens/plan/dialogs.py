"""The plan screen's dialogs: a problem, the named lead, consent to share, the plan's text fields, a trigger."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.app import ComposeResult
from textual.widgets import Input, Label

from mdt_tui.cohort.dates import format_date, parse_date
from mdt_tui.models import TeamMember
from mdt_tui.plan.records import ACP_LABELS, DOMAINS, MONITORING_LEVELS, CarePlan, Problem, ProblemDraft
from mdt_tui.reviews.dates import TRIGGERS
from mdt_tui.screens.consent.dialogs import YES_NO, Reasoned
from mdt_tui.screens.kit.forms import Choice, FormDialog, row

TEXT_FIELDS = (
    ("escalation_plan", "Escalation plan"),
    ("crisis_plan", "Crisis plan"),
    ("medication_plan", "Medicines plan"),
    ("coordination_plan", "Coordination"),
    ("monitoring_what", "Monitoring: what"),
    ("extra_support", "Extra support"),
    ("carer_support", "Carer support"),
    ("key_contacts", "Key contacts"),
)


class ProblemDialog(FormDialog[ProblemDraft]):
    """Title, domain (1–5), key risks, a linked goal from "what matters to me", the management plan."""

    def __init__(self, title: str, goals: Sequence[str], problem: Problem | None = None) -> None:
        super().__init__(title)
        self.goals, self.problem = list(goals), problem

    def compose_fields(self) -> ComposeResult:
        p = self.problem
        yield row("Problem", Input(p.title if p else "", placeholder="required", id="title", compact=True))
        yield row("Domain", Choice([(d, d) for d in DOMAINS], value=p.domain if p else None, id="domain"))
        yield row("Key risks", Input(p.key_risks if p else "", id="key_risks", compact=True))
        yield Label("Linked goal (0 none)", classes="form-heading")
        linked = p.goals[0] if p and p.goals else None
        yield Choice(
            [(None, "None"), *((g, f"“{g}”") for g in self.goals)], value=linked, first=0, inline=False, id="goal"
        )
        yield row("Plan", Input(p.management_plan if p else "", id="management_plan", compact=True))

    def build(self) -> ProblemDraft:
        if not self.text("title"):
            raise ValueError("give the problem a title")
        goal = self.query_one("#goal", Choice).value
        keep = self.problem.model_dump(include={"status", "source", "suggestion_key"}) if self.problem else {}
        return ProblemDraft(
            title=self.text("title"),
            domain=self.picked("domain", "pick a domain (1–5)"),
            key_risks=self.text("key_risks"),
            management_plan=self.text("management_plan"),
            goals=(goal,) if goal else (),
            **keep,
        )


class LeadDialog(FormDialog[dict]):
    """The named lead professional and the care coordinator, from the team roster."""

    def __init__(self, team: Sequence[TeamMember], plan: CarePlan) -> None:
        super().__init__("Named lead and care coordinator")
        self.team, self.plan = list(team), plan

    def compose_fields(self) -> ComposeResult:
        options = [(m.id, f"{m.name} — {m.role.label}") for m in self.team]
        yield Label("Named lead professional", classes="form-heading")
        yield Choice(options, value=self.plan.lead_member_id, inline=False, id="lead")
        yield Label("Care coordinator (0 none)", classes="form-heading")
        yield Choice(
            [(None, "None"), *options], value=self.plan.care_coordinator_id, first=0, inline=False, id="coordinator"
        )

    def build(self) -> dict:
        return {
            "lead_member_id": self.picked("lead", "pick the named lead"),
            "care_coordinator_id": self.query_one("#coordinator", Choice).value,
        }


class ShareDialog(FormDialog[dict]):
    """Does the person consent to sharing the plan, and with whom?"""

    def __init__(self, plan: CarePlan) -> None:
        super().__init__("Consent to share the plan")
        self.plan = plan

    def compose_fields(self) -> ComposeResult:
        yield row("Consents", Choice(list(YES_NO.items()), value=self.plan.consent_to_share, id="consent"))
        yield row(
            "With whom",
            Input(
                self.plan.share_with, placeholder="GP, community nursing, social care…", id="share_with", compact=True
            ),
        )

    def build(self) -> dict:
        return {
            "consent_to_share": self.picked("consent", "answer 1 yes or 2 no"),
            "share_with": self.text("share_with"),
        }


class PlanFieldsDialog(FormDialog[dict]):
    """Advance care planning, escalation and crisis plans, medicines, coordination, monitoring, support."""

    def __init__(self, plan: CarePlan, today: date) -> None:
        super().__init__("Care and support plan")
        self.plan, self.today = plan, today

    def compose_fields(self) -> ComposeResult:
        p = self.plan
        yield Label("Advance care plan", classes="form-heading")
        yield Choice(list(ACP_LABELS.items()), value=p.acp_status, inline=False, id="acp_status")
        yield row(
            "ACP date",
            Input(format_date(p.acp_date) if p.acp_date else "", placeholder="dd/mm/yyyy", id="acp_date", compact=True),
        )
        yield row("ACP held at", Input(p.acp_held_where, id="acp_held_where", compact=True))
        for name, label in TEXT_FIELDS[:5]:
            yield row(label, Input(getattr(p, name), id=name, compact=True))
        yield Label("Remote monitoring level (0–3)", classes="form-heading")
        yield Choice(
            list(MONITORING_LEVELS.items()), value=p.monitoring_level, first=0, inline=False, id="monitoring_level"
        )
        for name, label in TEXT_FIELDS[5:]:
            yield row(label, Input(getattr(p, name), id=name, compact=True))

    def build(self) -> dict:
        raw = self.text("acp_date")
        try:
            acp_date = parse_date(raw) if raw else None
        except ValueError:
            raise ValueError(f"'{raw}' is not a date: use dd/mm/yyyy") from None
        return {
            "acp_status": self.query_one("#acp_status", Choice).value,
            "acp_date": acp_date,
            "acp_held_where": self.text("acp_held_where"),
            "monitoring_level": self.query_one("#monitoring_level", Choice).value,
            **{name: self.text(name) for name, _ in TEXT_FIELDS},
        }


class TriggerDialog(FormDialog[Reasoned]):
    """What happened (1–5, or typed), as the reason a review is needed."""

    def compose_fields(self) -> ComposeResult:
        yield Choice([(t, t) for t in TRIGGERS], inline=False, id="trigger")
        yield row("Or other", Input(placeholder="another trigger", id="other", compact=True))
        yield row("Note", Input(placeholder="optional", id="note", compact=True))

    def build(self) -> Reasoned:
        trigger = self.text("other") or self.query_one("#trigger", Choice).value
        if not trigger:
            raise ValueError("pick what triggered the review (1–5) or type it")
        return Reasoned(reason=trigger, note=self.text("note"))
