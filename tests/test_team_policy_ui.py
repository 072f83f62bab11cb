"""The Team policy screen by keys: from the palette and the roster, each value with its explanation; the owner
changes a value (bad input one sentence, nothing changes), everyone else reads it; an older settings file's
policy is taken over on opening and the person told once."""

from __future__ import annotations

import json

from textual.command import CommandPalette

from mdt_tui.models import TeamMember, User
from mdt_tui.roles import Role
from mdt_tui.screens.meeting.roster import RosterScreen
from mdt_tui.screens.team_policy import PolicyValueDialog, TeamPolicyScreen
from mdt_tui.settings import Settings, load_settings
from mdt_tui.store.store import Store
from mdt_tui.team_policy import DEFAULTS, explanation
from tests.conftest import COORDINATOR
from tests.pilot_helpers import SIZE, app_for, notification_texts, settle, text_of

GP = User(name="Asha Patel", role=Role.GP)


def team_db(tmp_path):
    db = tmp_path / "team.db"
    with Store.open(db, create=True) as store:
        store.add_team_member(COORDINATOR, TeamMember(name="Jo Bennett", role=Role.CARE_COORDINATOR))
        store.add_team_member(COORDINATOR, TeamMember(name="Asha Patel", role=Role.GP))
    return db


async def test_the_owner_changes_a_value_and_a_bad_one_changes_nothing(tmp_path):
    app = app_for(team_db(tmp_path), Settings(user=COORDINATOR))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Team policy")
        await pilot.pause(0.3)  # the palette searches its commands as you type
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TeamPolicyScreen)
        assert "You are the team's owner" in text_of(screen.query_one("#policy-who"))
        assert text_of(screen.query_one("#policy-explanation")).strip() == explanation("caseload_capacity")

        await pilot.press(*["down"] * 6)  # session_minutes, its explanation below the table
        assert "Length of an MDT meeting" in text_of(screen.query_one("#policy-explanation"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PolicyValueDialog)
        await pilot.press("ctrl+u", *"five", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PolicyValueDialog)
        assert "session_minutes is a whole number from 15 to 480, not 'five'" in text_of(
            app.screen.query_one("#form-error")
        )
        await pilot.press("ctrl+u", *"5", "enter")  # below the 15-minute minimum
        await settle(app, pilot)
        error = text_of(app.screen.query_one("#form-error")).strip()
        assert error == "! The team policy's session_minutes is a whole number from 15 to 480; nothing was changed."
        assert app.store.team_policy() == DEFAULTS

        await pilot.press("ctrl+u", *"90", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TeamPolicyScreen)
    with Store.open(app.store.path) as store:
        assert store.team_policy().session_minutes == 90
        [(who, after)] = store.db.execute(
            "SELECT user_name, after FROM audit WHERE action = 'set_team_policy'"
        ).fetchall()
        assert who == "Jo Bennett" and json.loads(after) == {"session_minutes": 90}


async def test_anyone_else_reads_it_from_the_roster_and_is_told_why_they_cannot_change_it(tmp_path):
    app = app_for(team_db(tmp_path), Settings(user=GP))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("P")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TeamPolicyScreen)
        why = "Only the team's owner (Jo Bennett, on the roster) can change the team policy."
        assert text_of(screen.query_one("#policy-who")).strip() == f"Read-only: {why}"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen and why in notification_texts(app)
    assert app.store.team_policy() == DEFAULTS


async def test_an_older_settings_file_becomes_the_team_policy_on_opening_once(tmp_path, isolated_config):
    isolated_config.parent.mkdir(parents=True)
    isolated_config.write_text(
        json.dumps({"user": {"name": "Jo Bennett", "role": "care_coordinator"}, "phq2_positive_threshold": 2}),
        encoding="utf-8",
    )
    db = team_db(tmp_path)
    app = app_for(db, None, isolated_config)  # opened as the CLI does: the settings file read in the background
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert any("phq2_positive_threshold = 2 became the team's policy" in n for n in notification_texts(app))
    assert app.store.team_policy().phq2_positive_threshold == 2
    assert load_settings(isolated_config).file_policy == {}  # the file no longer holds it: told once

    again = app_for(db, None, isolated_config)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        assert not any("Team policy" in n or "team's policy" in n for n in notification_texts(again))
        assert again.store.team_policy().phq2_positive_threshold == 2


async def test_the_owner_hands_the_team_over_on_the_roster(tmp_path):
    db = team_db(tmp_path)
    app = app_for(db, Settings(user=COORDINATOR))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        roster = app.screen
        assert isinstance(roster, RosterScreen)
        assert app.store.team_owner().name == "Jo Bennett"  # nobody marked: the first care coordinator
        table = roster.query_one("#roster")
        row = next(i for i in range(table.row_count) if table.get_row_at(i)[0] == "Asha Patel")
        table.move_cursor(row=row)
        await pilot.press("o")
        await settle(app, pilot)
        assert str(table.get_row_at(row)[3]).endswith("· owner")
    with Store.open(db) as store:
        assert store.team_owner().name == "Asha Patel"
        assert store.why_not_owner(COORDINATOR) == (
            "Only the team's owner (Asha Patel, on the roster) can change the team policy."
        )
        assert store.db.execute("SELECT user_name FROM audit WHERE action = 'set_team_owner'").fetchall() == [
            ("Jo Bennett",)
        ]
