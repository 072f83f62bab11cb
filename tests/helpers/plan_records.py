"""A plan in the store: a team member and an assessed person (fixtures), and everything the review gate wants."""

from __future__ import annotations

from datetime import date

import pytest

from mdt_tui.models import TeamMember
from mdt_tui.roles import Role
from tests.conftest import make_entry, make_patient
from tests.helpers.cga_records import complete_phq9_cfs_must_frat

ON = date(2026, 11, 23)


@pytest.fixture
def member(store, user):
    return store.add_team_member(user, TeamMember(name="Dr Amara Okafor", role=Role.GP)).id


@pytest.fixture
def assessed(store, user):
    """Someone whose CGA (PHQ-9 9, CFS 7, MUST, FRAT, oxybutynin) is complete: MDT due."""
    person_id = store.add_person(user, make_patient(), make_entry())
    store.mark_suitable(user, person_id)
    store.record_consent(user, person_id, consent_by="patient", share_records=True)
    complete_phq9_cfs_must_frat(store, user, person_id)
    store.complete_cga(user, person_id, on=date(2026, 11, 20))
    return person_id


def ready(store, user, person_id, member, *, skip: str = ""):
    """Everything the gate wants, except ``skip``."""
    if skip != "problems":
        store.accept_suggested_problem(user, person_id, "falls")
    plan = {"lead_member_id": member, "next_review": date(2027, 1, 18), "consent_to_share": True}
    plan.pop(skip, None)
    store.save_plan(user, person_id, **plan)
    if skip != "actions":
        store.add_action(user, person_id, description="Refer to falls service", owner_id=member, due=date(2026, 12, 7))
