"""Every legal pathway step, every illegal one, role limits and required details."""

import re

import pytest

from mdt_tui import codes
from mdt_tui.errors import IllegalTransition, MissingRequirement, NotPermitted
from mdt_tui.pathway import STEP_OF_STAGE, TRANSITIONS, Stage, available, transition
from mdt_tui.roles import Role

FULL_DETAILS = {"reason": "because", "trigger": "Hospital admission"}
# sources is a set: sort it so every xdist worker collects the same ids in the same order.
LEGAL = [(t.name, s) for t in TRANSITIONS.values() for s in sorted(t.sources, key=str)]
ILLEGAL = [(t.name, s) for t in TRANSITIONS.values() for s in [None, *Stage] if s not in t.sources]


def a_permitted_role(rule):
    return Role.CARE_COORDINATOR if Role.CARE_COORDINATOR in rule.roles else next(iter(rule.roles))


@pytest.mark.parametrize(("name", "source"), LEGAL)
def test_every_legal_step_is_allowed(name, source):
    rule = transition(name)
    rule.check(source, a_permitted_role(rule), FULL_DETAILS)


@pytest.mark.parametrize(("name", "source"), ILLEGAL)
def test_every_illegal_step_raises_a_clear_error(name, source):
    rule = transition(name)
    with pytest.raises(IllegalTransition, match=re.escape(f"Cannot {rule.verb}")):
        rule.check(source, a_permitted_role(rule), FULL_DETAILS)


def test_codes_match_the_blueprint_table():
    expected = {
        "identify": "788921000000108",
        "mark_not_appropriate": "1239441000000103",
        "record_decline": "877011000000107",
        "record_consent": "818241000000105",
        "complete_cga": "836131000000104",
        "complete_mdt_review": "1026051000000106",
    }
    coded = {name: t.concept.code for name, t in TRANSITIONS.items() if t.concept}
    assert coded == expected
    assert codes.TERMS["818241000000105"] == "On integrated care pathway"


def test_the_main_path_walks_from_identified_to_planned_and_back_to_review():
    path = [
        "identify",
        "mark_suitable",
        "record_consent",
        "complete_cga",
        "complete_mdt_review",
        "mark_review_due",
        "complete_mdt_review",
        "step_down",
        "mark_review_due",
    ]
    stage = None
    for name in path:
        rule = transition(name)
        rule.check(stage, Role.CARE_COORDINATOR, FULL_DETAILS)
        stage = rule.target
    assert stage is Stage.REVIEW_DUE


def test_decline_can_be_reapproached():
    assert transition("reapproach").sources == {Stage.DECLINED}
    assert transition("reapproach").target is Stage.AWAITING_CONTACT


def test_role_limits():
    with pytest.raises(NotPermitted, match="Administrator / minute-taker cannot mark not appropriate"):
        transition("mark_not_appropriate").check(Stage.IDENTIFIED, Role.ADMIN, FULL_DETAILS)
    transition("complete_mdt_review").check(Stage.ASSESSED, Role.ADMIN, {})  # the minute-taker records it


@pytest.mark.parametrize(
    ("name", "source", "missing"),
    [
        ("mark_not_appropriate", Stage.IDENTIFIED, "reason"),
        ("step_down", Stage.PLANNED, "reason"),
        ("transfer_to_gsf", Stage.PLANNED, "reason"),
        ("mark_review_due", Stage.PLANNED, "trigger"),
    ],
)
def test_required_details(name, source, missing):
    with pytest.raises(MissingRequirement, match=missing):
        transition(name).check(source, Role.CARE_COORDINATOR, {missing: "   "})


def test_unknown_step():
    with pytest.raises(IllegalTransition, match="no pathway step called 'discharge'"):
        transition("discharge")


def test_available_steps_and_step_bar_cover_every_stage():
    assert {t.name for t in available(Stage.AWAITING_CONTACT, Role.CARE_COORDINATOR)} == {
        "mark_not_appropriate",
        "record_consent",
        "record_decline",
    }
    assert set(STEP_OF_STAGE) == set(Stage)
