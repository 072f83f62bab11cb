"""Where a self-harm answer shows: the meeting summary, agenda and minutes (privacy rules), the person screen."""

from __future__ import annotations

from datetime import date

import pytest

from mdt_tui.cga.self_harm import Outcome
from mdt_tui.meeting.agenda import AgendaItem, Source
from mdt_tui.meeting.case_summary import summarise
from mdt_tui.meeting.minutes import agenda_document, minutes_document
from mdt_tui.screens.people.person import PersonScreen
from tests.cga_helpers import clinician
from tests.conftest import make_entry, make_patient
from tests.helpers.cga_screen import SIZE, app_for, caseload_person, text_of
from tests.pilot_helpers import settle


@pytest.fixture
def person(store, user):
    person_id = store.add_person(user, make_patient(family_name="Wilson", given_name="Mohammed"), make_entry())
    store.mark_suitable(user, person_id)
    store.record_consent(user, person_id, consent_by="patient", share_records=True)
    store.save_cga_answer(user, person_id, "phq9", "q9", 2)
    return person_id


def documents(store, user, person_id) -> dict[bool, str]:
    meeting = store.create_meeting(
        user,
        held_on=date(2026, 11, 26),
        session_minutes=60,
        agenda=[AgendaItem(person_id=person_id, source=Source.NEW, minutes=15)],
    )
    store.record_decision(user, meeting, person_id, "Discussed")
    return {
        private: agenda_document(store, meeting, private=private).render("md")
        + minutes_document(store, meeting, private=private).render("md")
        for private in (False, True)
    }


def test_a_pending_answer_heads_the_meeting_summary_agenda_and_minutes(store, user, person):
    summary = summarise(store, person)
    assert summary.self_harm_line(private=True).startswith("! SELF-HARM ANSWER NOT YET ACTIONED: PHQ-9 item 9 = 2")
    for private, text in documents(store, user, person).items():
        assert text.count("SELF-HARM ANSWER NOT YET ACTIONED") == 2  # agenda and minutes
        assert ("Wilson" in text) is not private and ("943 476 5919" in text) is not private


def test_the_recorded_action_is_shown_with_the_clinician_named_only_outside_privacy_mode(store, user, person):
    store.record_self_harm_action(user, person, clinician(store, user), Outcome.EMERGENCY)
    summary = summarise(store, person)
    assert summary.self_harm_pending == ""
    assert "Emergency services called" in summary.self_harm_line(private=False)
    docs = documents(store, user, person)
    assert "Dr Asha Patel" in docs[False] and "Emergency services called" in docs[False]
    assert "Dr Asha Patel" not in docs[True] and "same-day risk assessment by GP" in docs[True]
    assert "Wilson" not in docs[True] and "Mohammed" not in docs[True]


async def test_the_person_screen_carries_the_banner_until_the_action_is_recorded(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        person = caseload_person(app)
        app.store.save_cga_answer(settings.user, person.id, "phq9", "q9", 1)
        app.open_person(person.id)
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        banner = app.screen.query_one("#self-harm-banner")
        assert banner.display and "SELF-HARM ANSWER NOT YET ACTIONED" in text_of(banner)
        gp = next(m for m in app.store.team() if m.role.value == "gp")
        app.store.record_self_harm_action(settings.user, person.id, gp.id, Outcome.SAFETY_PLAN)
        app.screen.show_privacy(True)
        await settle(app, pilot)
        shown = text_of(banner)
        assert "safety plan agreed" in shown and gp.name not in shown and "NOT YET" not in shown
