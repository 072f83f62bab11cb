"""A CGA in the store: someone whose CGA is due (fixture ``person``), answers, a complete bundle, its audit rows."""

from __future__ import annotations

import pytest

from mdt_tui.cga.bundle import Medicine
from mdt_tui.models import NextOfKin
from tests.cga_helpers import action_self_harm
from tests.conftest import make_entry, make_patient


@pytest.fixture
def person(store, user):
    """Someone on the caseload (consented), whose CGA is due."""
    person_id = store.add_person(user, make_patient(next_of_kin=NextOfKin(name="Sam Example")), make_entry())
    store.mark_suitable(user, person_id)
    store.record_consent(user, person_id, consent_by="patient", share_records=True)
    return person_id


def audit_actions(store) -> list[str]:
    return [row[0] for row in store.db.execute("SELECT action FROM audit WHERE entity = 'cga_bundle' ORDER BY id")]


def answer_all(store, user, person_id, instrument, answers):
    for item, value in answers.items():
        store.save_cga_answer(user, person_id, instrument, item, value)


def complete_phq9_cfs_must_frat(store, user, person):
    answer_all(store, user, person, "phq9", {f"q{n}": 1 for n in range(1, 10)})
    answer_all(store, user, person, "cfs", {"level": 7})
    answer_all(store, user, person, "must", {"bmi": 19.0, "weight_loss_percent": 6.0, "acute_disease_effect": False})
    answer_all(
        store,
        user,
        person,
        "frat",
        {
            "recent_falls": "last_3m",
            "medications": "two",
            "psychological": "none",
            "cognitive_status": "mild",
            "auto_high_functional_change": False,
            "auto_high_dizziness": False,
        },
    )
    store.save_cga_list(user, person, "medicines", [Medicine(name="oxybutynin")])
    action_self_harm(store, user, person)  # PHQ-9 item 9 is 1: the same-day action comes first
