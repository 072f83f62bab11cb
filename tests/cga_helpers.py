"""Helpers for CGA tests: a clinician on the roster, the same-day self-harm action, reasons for missing domains."""

from __future__ import annotations

from datetime import date

from mdt_tui.cga.bundle import DOMAINS_REQUIRED, DomainReason
from mdt_tui.cga.self_harm import Outcome
from mdt_tui.models import TeamMember
from mdt_tui.roles import Role


def clinician(store, user, role: Role = Role.GP, name: str = "Dr Asha Patel") -> int:  # noqa: ANN001
    """A team member who may do the same-day risk assessment; their id."""
    return store.add_team_member(user, TeamMember(name=name, role=role)).id


def action_self_harm(store, user, person_id: int) -> None:  # noqa: ANN001
    """Record today's risk assessment (a GP, safety plan agreed) for the person's positive item 9."""
    store.record_self_harm_action(user, person_id, clinician(store, user), Outcome.SAFETY_PLAN)


def excuse_domains(store, user, person_id: int, *domains: str) -> None:  # noqa: ANN001
    """Record 'declined' for each domain named (all three when none are named)."""
    for domain in domains or DOMAINS_REQUIRED:
        store.save_cga_domain_reason(user, person_id, domain, DomainReason(reason="declined"))


def elsewhere(on: date) -> DomainReason:
    return DomainReason(reason="done_elsewhere", done_on=on)
