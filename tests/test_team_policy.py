"""Team policy in the database (issue 19): one policy for everyone on the caseload, changed only by the team's
owner, every change kept (append-only) and audited; an older settings file's policy is taken over once."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from mdt_tui.cga.bundle import scoring_settings
from mdt_tui.cli import main
from mdt_tui.errors import MdtError, NotPermitted
from mdt_tui.instruments import score
from mdt_tui.models import TeamMember, User
from mdt_tui.roles import Role
from mdt_tui.settings import Settings, load_settings, save_settings
from mdt_tui.store.store import Store
from mdt_tui.store.team_policy import MIGRATED
from mdt_tui.team_policy import DEFAULTS, POLICY_KEYS, TeamPolicy, explanation, parse_value
from tests.conftest import COORDINATOR

GP = User(name="Asha Patel", role=Role.GP)
OLD_FILE = {  # a settings file written before issue 19: the user and the team's numbers together
    "user": {"name": "Jo Bennett", "role": "care_coordinator"},
    "caseload_capacity": 90,
    "phq2_positive_threshold": 2,
    "falls_tool": "frat",
    "quorum_roles": ["gp", "nurse", "care_coordinator"],
    "review_weeks_default": 12,  # the default: nothing to take over
}


def with_team(store: Store) -> None:
    store.add_team_member(COORDINATOR, TeamMember(name="Jo Bennett", role=Role.CARE_COORDINATOR))
    store.add_team_member(COORDINATOR, TeamMember(name="Asha Patel", role=Role.GP))


def policy_audit(store: Store) -> list[tuple[str, str, dict, dict]]:
    rows = store.db.execute(
        "SELECT action, user_name, before, after FROM audit WHERE entity = 'team_policy' ORDER BY id"
    ).fetchall()
    return [(a, u, json.loads(b), json.loads(c)) for a, u, b, c in rows]


def test_one_place_says_which_keys_are_policy_and_each_is_explained():
    assert set(POLICY_KEYS) == set(TeamPolicy.model_fields)
    assert "user" not in POLICY_KEYS and not set(POLICY_KEYS) & set(Settings.model_fields)
    assert all(explanation(key) for key in POLICY_KEYS)
    # The defaults are those the settings file had: scoring is unchanged for a team that never tuned them.
    assert (DEFAULTS.caseload_capacity, DEFAULTS.phq2_positive_threshold, DEFAULTS.falls_tool) == (150, 3, "frat5")
    assert DEFAULTS.quorum_roles == [Role.GP, Role.CARE_COORDINATOR]


def test_a_new_database_has_the_default_policy_and_an_append_only_history(store):
    assert store.team_policy() == DEFAULTS and store.team_policy_history() == []
    with_team(store)
    store.set_team_policy({"caseload_capacity": 120}, by=COORDINATOR)
    store.set_team_policy({"caseload_capacity": 130}, by=COORDINATOR)
    assert store.team_policy().caseload_capacity == 130
    assert [(h["key"], h["value"], h["by_name"]) for h in store.team_policy_history()] == [
        ("caseload_capacity", 120, "Jo Bennett"),
        ("caseload_capacity", 130, "Jo Bennett"),
    ]
    for sql in ("UPDATE team_policy SET value = '1'", "DELETE FROM team_policy"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.db.execute(sql)


def test_only_the_owner_changes_the_policy_and_each_change_is_audited(store):
    with pytest.raises(NotPermitted, match="roster has none yet"):
        store.set_team_policy({"session_minutes": 90}, by=COORDINATOR)
    with_team(store)
    assert store.team_owner().name == "Jo Bennett"  # nobody flagged: the first care coordinator
    with pytest.raises(NotPermitted, match=r"Only the team's owner \(Jo Bennett, on the roster\)"):
        store.set_team_policy({"session_minutes": 90}, by=GP)
    assert store.team_policy() == DEFAULTS and policy_audit(store) == []

    changed = store.set_team_policy({"session_minutes": 90, "quorum_roles": ["gp", "nurse"]}, by=COORDINATOR)
    assert changed.session_minutes == 90 and changed.quorum_roles == [Role.GP, Role.NURSE]
    assert policy_audit(store) == [
        (
            "set_team_policy",
            "Jo Bennett",
            {"session_minutes": 120, "quorum_roles": ["gp", "care_coordinator"]},
            {"session_minutes": 90, "quorum_roles": ["gp", "nurse"]},
        )
    ]
    store.set_team_policy({"session_minutes": 90}, by=COORDINATOR)  # the same value: nothing written
    assert len(policy_audit(store)) == 1


def test_the_owner_hands_the_team_over_and_then_only_the_new_owner_may_change_it(store):
    with_team(store)
    gp_id = next(m.id for m in store.team() if m.name == "Asha Patel")
    with pytest.raises(NotPermitted, match="hand over the team"):
        store.set_team_owner(GP, gp_id)
    store.set_team_owner(COORDINATOR, gp_id)
    assert store.team_owner().name == "Asha Patel"
    store.set_team_policy({"caseload_capacity": 200}, by=GP)
    with pytest.raises(NotPermitted):
        store.set_team_policy({"caseload_capacity": 100}, by=COORDINATOR)
    assert store.team_policy().caseload_capacity == 200
    assert store.db.execute("SELECT count(*) FROM audit WHERE action = 'set_team_owner'").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"caseload_capacity": 0}, "caseload_capacity is a whole number from 1 to 10000; nothing was changed"),
        ({"falls_tool": "tinetti"}, "falls_tool is frat5 or frat"),
        ({"quorum_roles": ["gp", "wizard"]}, "quorum_roles are roles separated by commas, from: care_coordinator"),
        ({"phq2_positive_threshold": 7}, "phq2_positive_threshold is a whole number from 1 to 6"),
        ({"user": "someone"}, "'user' is not a team policy setting"),
    ],
)
def test_a_bad_value_is_one_sentence_and_nothing_changes(store, changes, words):
    with_team(store)
    with pytest.raises(MdtError, match=words) as refused:
        store.set_team_policy(changes, by=COORDINATOR)
    assert "\n" not in str(refused.value)
    assert store.team_policy() == DEFAULTS and store.team_policy_history() == [] and policy_audit(store) == []


def test_typed_values_are_read_as_the_key_takes_them():
    assert parse_value("caseload_capacity", " 90 ") == 90
    assert parse_value("quorum_roles", "gp, nurse,") == ["gp", "nurse"]
    assert parse_value("falls_tool", "frat") == "frat"
    with pytest.raises(MdtError, match="caseload_capacity is a whole number from 1 to 10000, not 'ninety'"):
        parse_value("caseload_capacity", "ninety")


def test_an_old_settings_file_is_still_read_and_its_policy_kept_apart(isolated_config):
    isolated_config.parent.mkdir(parents=True)
    isolated_config.write_text(json.dumps(OLD_FILE), encoding="utf-8")
    settings = load_settings()
    assert settings.user == COORDINATOR
    assert settings.file_policy == {
        "caseload_capacity": 90,
        "phq2_positive_threshold": 2,
        "falls_tool": "frat",
        "quorum_roles": ["gp", "nurse", "care_coordinator"],
        "review_weeks_default": 12,
    }
    save_settings(settings)  # the policy keys are not written back: the database holds the policy now
    assert json.loads(isolated_config.read_text(encoding="utf-8")) == {"user": OLD_FILE["user"]}


def test_the_settings_files_policy_is_taken_over_once_and_then_the_database_wins(store):
    file_policy = load_settings_from(OLD_FILE).file_policy
    adoption = store.adopt_settings_policy(COORDINATOR, file_policy)
    assert adoption.migrated == {
        "caseload_capacity": 90,
        "phq2_positive_threshold": 2,
        "falls_tool": "frat",
        "quorum_roles": ["gp", "nurse", "care_coordinator"],
    }
    policy = store.team_policy()
    assert (policy.caseload_capacity, policy.phq2_positive_threshold, policy.falls_tool) == (90, 2, "frat")
    assert {h["reason"] for h in store.team_policy_history()} == {MIGRATED}
    [(action, who, _, after)] = policy_audit(store)
    assert (action, who, after["reason"]) == ("set_team_policy", "Jo Bennett", MIGRATED)
    # Another person's older file (the defaults, and their own PHQ-2 cut-off) no longer changes anything.
    other = store.adopt_settings_policy(GP, {"phq2_positive_threshold": 3, "caseload_capacity": 90})
    assert other.migrated == {} and other.ignored == {"phq2_positive_threshold": 3}
    assert store.team_policy() == policy and len(policy_audit(store)) == 1


def test_two_users_with_different_settings_files_score_the_same_answers_alike(tmp_path):
    """Hazard H-TP1: the PHQ-2 cut-off each person's file held used to decide the band; now the database's."""
    answers = {"q1": 1, "q2": 1}  # total 2: positive at a cut-off of 2, negative at 3
    bands = []
    for who, cut_off in ((COORDINATOR, 2), (GP, 3)):
        with Store.open(tmp_path / "team.db", create=True) as store:
            store.adopt_settings_policy(who, load_settings_from({"phq2_positive_threshold": cut_off}).file_policy)
            bands.append(score("phq2", answers, settings=scoring_settings(store.team_policy())).band)
    assert bands == ["positive", "positive"]


def test_mdt_policy_prints_it_and_the_owner_sets_a_value(tmp_path, isolated_config, capsys):
    db = tmp_path / "team.db"
    with Store.open(db, create=True) as store:
        with_team(store)
    isolated_config.parent.mkdir(parents=True)
    isolated_config.write_text(json.dumps(OLD_FILE), encoding="utf-8")
    assert main(["policy", "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    assert "Team policy (owner: Jo Bennett)" in out and "caseload_capacity = 90" in out
    assert "falls_tool = frat\n" in out and explanation("falls_tool") in out
    assert "became the team's policy" in err  # told once, and the file no longer holds the policy
    assert "caseload_capacity" not in isolated_config.read_text(encoding="utf-8")
    assert main(["policy", "--db", str(db)]) == 0 and capsys.readouterr().err == ""

    assert main(["policy", "set", "session_minutes", "90", "--db", str(db)]) == 0
    assert "session_minutes = 90 (changed by Jo Bennett)" in capsys.readouterr().out
    assert main(["policy", "set", "session_minutes", "many", "--db", str(db)]) == 1
    assert capsys.readouterr().err == (
        "mdt: The team policy's session_minutes is a whole number from 15 to 480, not 'many'; nothing was changed.\n"
    )
    save_settings(Settings(user=GP))
    assert main(["policy", "set", "session_minutes", "60", "--db", str(db)]) == 1
    assert "Only the team's owner (Jo Bennett" in capsys.readouterr().err
    with Store.open(db) as store:
        assert store.team_policy().session_minutes == 90


def test_review_intervals_come_from_the_database(store, tmp_path):
    with_team(store)
    store.set_team_policy({"review_weeks_default": 26}, by=COORDINATOR)
    from mdt_tui.reviews.dates import suggest_next_review

    assert suggest_next_review(2, False, store.team_policy(), date(2026, 11, 23))[1] == "26 weeks: CFS 2 (1–4)"


def load_settings_from(data: dict) -> Settings:
    return Settings.model_validate(data)
