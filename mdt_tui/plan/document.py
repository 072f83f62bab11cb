"""The printable Care and Support Plan for the person, carer and partners, as Markdown or A4 HTML."""

from __future__ import annotations

from collections.abc import Sequence

from mdt_tui.documents import Doc
from mdt_tui.households.records import shown_name
from mdt_tui.models import Patient, PersonSummary, TeamMember
from mdt_tui.nhs_number import format_nhs_number
from mdt_tui.plan.records import FIELD_LABELS, PlanSnapshot, describe
from mdt_tui.privacy import initials

PRINT_CSS = (
    "@page{size:A4;margin:15mm}@media print{body{max-width:none;margin:0;font-size:11pt}"
    "h2{break-after:avoid}table,li{break-inside:avoid}}"
)
SECTIONS: tuple[str, ...] = (
    "Problems in priority order",
    "What matters to me",
    "Household and carer",
    "Named lead and key contacts",
    "Crisis and escalation plan",
    "Advance care planning",
    "Medicines plan",
    "Care coordination and support",
    "Actions",
    "Next review",
    "Sharing this plan",
)


def _bullets(doc: Doc, title: str, items: list[str]) -> None:
    """A section of bullets, left out when there is nothing to list (issue 14: no empty sections on paper)."""
    if items:
        doc.heading(title)
        doc.bullets(items)


def _fields(doc: Doc, title: str, snapshot: PlanSnapshot, members: dict[int, str], *names: str) -> None:
    """A section of plan fields, left out when none of them is recorded; within it, a gap says "not recorded"."""
    if any(describe(snapshot.plan, n, members) for n in names):
        doc.heading(title)
        doc.bullets([f"{FIELD_LABELS[n]}: {describe(snapshot.plan, n, members) or 'not recorded'}" for n in names])


def plan_document(
    person: PersonSummary,
    patient: Patient,
    snapshot: PlanSnapshot,
    team: list[TeamMember],
    *,
    goals: list[str],
    version: int | None,
    agreed_on: str = "",
    household: Sequence[str] = (),
    private: bool = False,
    carer_actions: dict[int, str] | None = None,
) -> Doc:
    """The plan with its problems (priority order), goals, lead and contacts, crisis plan, ACP status,
    medicines plan, actions with owners and dates, and the next review. A section with nothing recorded is
    left out (a printed plan full of "not recorded" hides what is there); "Sharing this plan" always stays."""
    members = {m.id: m.name for m in team if m.id is not None}
    contacts = {m.id: m for m in team}
    plan = snapshot.plan
    who = initials(person.family_name, person.given_name) if private else f"{person.given_name} {person.family_name}"
    doc = Doc(f"Care and Support Plan — {who}")
    status = f"version {version}, agreed {agreed_on}" if version else "draft, not yet agreed at an MDT review"
    identity = (
        f"born {person.date_of_birth.year}"
        if private
        else f"NHS number {format_nhs_number(person.nhs_number)} · born {person.date_of_birth:%d %b %Y}"
    )
    doc.para(f"{identity} · {patient.practice_name or patient.practice_code} · {status}")
    active = [p for p in snapshot.problems if p.status == "active"]
    if active:
        doc.heading(SECTIONS[0])
        doc.table(
            ("Priority", "Problem", "Key risks", "Plan", "Goals"),
            [
                (str(i), f"{p.title} ({p.domain})", p.key_risks, p.management_plan, "; ".join(p.goals))
                for i, p in enumerate(active, 1)
            ],
        )
    _bullets(doc, SECTIONS[1], [f"“{g}”" for g in goals])
    _bullets(doc, SECTIONS[2], list(household))  # the household and carer (households.py), initials when private
    lead = contacts.get(plan.lead_member_id)
    coordinator = contacts.get(plan.care_coordinator_id)
    if lead or coordinator or plan.key_contacts or (patient.next_of_kin and not private):
        doc.heading(SECTIONS[3])
        doc.bullets(
            [
                f"Named lead professional: {_member(lead)}",
                f"Care coordinator: {_member(coordinator)}",
                f"Key contacts: {plan.key_contacts or 'not recorded'}",
            ]
            + (
                [f"Next of kin: {patient.next_of_kin.name} {patient.next_of_kin.phone}".strip()]
                if patient.next_of_kin and not private
                else []
            )
        )
    _fields(doc, SECTIONS[4], snapshot, members, "crisis_plan", "escalation_plan")
    _fields(doc, SECTIONS[5], snapshot, members, "acp_status", "acp_date", "acp_held_where")
    if plan.medication_plan:
        doc.heading(SECTIONS[6])
        doc.para(plan.medication_plan)
    _fields(
        doc,
        SECTIONS[7],
        snapshot,
        members,
        "coordination_plan",
        "monitoring_level",
        "monitoring_what",
        "extra_support",
        "carer_support",
    )
    open_actions = [a for a in snapshot.actions if a.status == "open"]
    if open_actions or plan.no_actions_reason:
        doc.heading(SECTIONS[8])
        doc.table(
            ("Action", "Who", "By when"),
            [
                (
                    a.description + _for_carer(a.id, carer_actions or {}, private),
                    a.owner,
                    f"{a.due_date:%d %b %Y}" if a.due_date else "no date",
                )
                for a in open_actions
            ]
            or [(f"No actions needed: {plan.no_actions_reason}", "", "")],
        )
    if describe(plan, "next_review"):
        doc.heading(SECTIONS[9])
        doc.para(describe(plan, "next_review") + (f" ({plan.next_review_reason})" if plan.next_review_reason else ""))
    # Always printed, even when consent is not yet asked: whoever holds the paper must know whether it may be shared.
    doc.heading(SECTIONS[10])
    consent = {None: "not yet asked", True: "yes", False: "no"}[plan.consent_to_share]
    doc.para(f"Consent to share this plan: {consent}" + (f" — with {plan.share_with}" if plan.share_with else ""))
    return doc


def _for_carer(action_id: int, carer_actions: dict[int, str], private: bool) -> str:
    name = carer_actions.get(action_id)
    return f" (for the carer, {shown_name(name, private=private)})" if name else ""


def _member(member: TeamMember | None) -> str:
    if member is None:
        return "not named"
    extra = ", ".join(x for x in (member.role.label, member.organisation, member.contact) if x)
    return f"{member.name} ({extra})"


def render_plan(doc: Doc, fmt: str) -> str:
    """Markdown, or self-contained HTML that prints cleanly on A4."""
    text = doc.render(fmt)
    return text.replace("<style>", f"<style>{PRINT_CSS}", 1) if fmt == "html" else text


def build_plan_document(store, person_id: int, *, private: bool = False) -> Doc:  # noqa: ANN001 — any Store
    """The plan as it stands: the draft if one is being worked on, otherwise the latest agreed version."""
    person, patient = store.person(person_id), store.patient(person_id)
    versions = store.plan_versions(person_id)
    draft_exists = store.has_plan_draft(person_id)
    snapshot = versions[-1] if versions and not draft_exists else store.plan_snapshot(person_id)
    version = versions[-1] if versions and not draft_exists else None
    cga = store.latest_completed_cga(person_id)
    return plan_document(
        person,
        patient,
        snapshot,
        store.team(include_inactive=True),
        goals=[g.text for g in cga.goals] if cga else [],
        version=version.number if version else None,
        agreed_on=f"{version.completed_on:%d %b %Y}" if version else "",
        household=store.household_view(person_id).lines(private=private),
        private=private,
        carer_actions=store.carer_actions(person_id),
    )
