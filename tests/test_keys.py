"""One key, one action (issue 14): the key registry (screens/keys.py) against every screen's bindings.

Each binding is named by its action id (the registry's id, or the binding's own id, or screen.action). A key
bound to two action ids anywhere in the app fails, unless the key is in ``ALLOWED_CLASHES`` (each says why)
or the clash is one of the older ones listed in ``OLDER_CLASHES`` below: that list may only shrink.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

import mdt_tui.screens as screens_package
from mdt_tui.screens.app import MdtApp
from mdt_tui.screens.keys import ACTIONS, ALLOWED_CLASHES, binding

# Older clashes, each key with the action ids it had when the registry came: to be moved into the registry (a
# key of its own) one by one. A new meaning for any of these keys fails; so does an entry that no longer clashes.
OLDER_CLASHES: dict[str, frozenset[str]] = {
    "N": frozenset({"meeting_new", "plan_no_actions"}),
    "a": frozenset({"codes_sign_off_practice", "step_cga"}),
    "c": frozenset({"first_contact", "household_carer", "step_cohort"}),
    "d": frozenset({"dashboard", "decline", "done", "meeting_decision", "reviews_step_down"}),
    "e": frozenset({"edit", "household_member", "meeting_end"}),
    "f": frozenset({"cga_complete_frailty", "changes_all", "household_cares_for"}),
    "g": frozenset({"practices", "reviews_gsf"}),
    "i": frozenset({"import_cohort_file", "meeting_details"}),
    "k": frozenset({"household_link", "meeting_notes"}),
    "o": frozenset({"action_group", "carer_assessment", "plan_lead", "roster_owner", "sort"}),
    "r": frozenset({"meeting_review", "reapproach", "review_date", "step_reviews"}),
    "s": frozenset({"carer_strain", "codes_sign_off", "codes_to_send", "meeting_start", "plan_share", "suitable"}),
    "t": frozenset({"contact_attempt", "plan_top", "reviews_trigger", "team_roster", "theograph", "theograph_close"}),
    "u": frozenset({"carer_support", "meeting_undo_outcome", "undo"}),
    "v": frozenset({"dashboard_maturity", "plan_changes"}),
}


def every_screen_class() -> list[type]:
    for module in pkgutil.iter_modules(screens_package.__path__):
        importlib.import_module(f"{screens_package.__name__}.{module.name}")

    def below(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *below(sub))]

    found = {c for c in below(Screen) if c.__module__.startswith("mdt_tui.")}
    return sorted(found | {c for c in below(App) if c.__module__.startswith("mdt_tui.")}, key=lambda c: c.__name__)


def action_id(bound: Binding) -> str:
    return bound.id or bound.action


def meanings() -> dict[str, set[str]]:
    """Every key any screen (or the app) binds, with the action ids it is bound to."""
    found: dict[str, set[str]] = defaultdict(set)
    for owner in every_screen_class():
        for key, bindings in owner._merge_bindings().key_to_bindings.items():
            for bound in bindings:
                found[key].add(action_id(bound))
    return found


def test_the_walk_finds_the_screens_and_their_keys():
    names = {c.__name__ for c in every_screen_class()}
    assert {"MdtApp", "HomeScreen", "PlanScreen", "MeetingScreen", "RosterScreen", "HelpScreen"} <= names
    assert len(meanings()) > 40


def test_a_key_means_one_action_outside_the_documented_list():
    new = {
        key: sorted(ids - OLDER_CLASHES.get(key, frozenset()))
        for key, ids in meanings().items()
        if len(ids) > 1 and key not in ALLOWED_CLASHES and not ids <= OLDER_CLASHES.get(key, frozenset())
    }
    assert not new, f"keys with a second meaning (give the action its own key in screens/keys.py): {new}"


def test_the_older_clashes_list_only_shrinks():
    now = meanings()
    settled = sorted(key for key, ids in OLDER_CLASHES.items() if len(now.get(key, set()) & ids) < 2)
    assert not settled, f"no longer a clash, take them out of OLDER_CLASHES: {settled}"


def test_every_allowed_clash_says_why():
    assert all(len(reason.split()) >= 3 for reason in ALLOWED_CLASHES.values())


def test_an_action_of_the_registry_has_its_key_on_every_screen():
    wrong = {
        f"{owner.__name__}: {bound.id}"
        for owner in every_screen_class()
        for bindings in owner._merge_bindings().key_to_bindings.values()
        for bound in bindings
        if bound.id in ACTIONS and bound.key != ACTIONS[bound.id].key
    }
    assert not wrong, wrong


def test_registry_keys_are_what_people_learned():
    keys = {action: ACTIONS[action].key for action in ("add", "add_action", "step_cga", "privacy", "home", "find")}
    assert keys == {
        "add": "plus",
        "add_action": "x",
        "step_cga": "a",
        "privacy": "p",
        "home": "h",
        "find": "ctrl+f",
    }
    assert binding("add", "add_problem", name="Problem").description == "Problem"
    assert binding("add", "add_problem").key_display == "+"


def test_adding_is_one_key_everywhere():
    """+ adds to the screen's list and x adds an action, on every screen that can (not a, which opens a CGA)."""
    adds = {
        owner.__name__: {b.key for bs in owner._merge_bindings().key_to_bindings.values() for b in bs if b.id == which}
        for owner in every_screen_class()
        for which in ("add", "add_action")
    }
    assert all(keys <= {"plus", "x"} for keys in adds.values())
    for owner in ("PlanScreen", "MeetingScreen", "HouseholdScreen"):
        bound = {b.id: b.key for bs in getattr_screen(owner)._merge_bindings().key_to_bindings.values() for b in bs}
        assert bound.get("add_action") == "x", owner
    for owner in ("RosterScreen", "PracticesScreen", "AgendaScreen", "PlanScreen", "ReviewsScreen"):
        bound = {b.id: b.key for bs in getattr_screen(owner)._merge_bindings().key_to_bindings.values() for b in bs}
        assert bound.get("add") == "plus", owner
    assert "a" not in {
        k for k, bs in getattr_screen("PlanScreen")._merge_bindings().key_to_bindings.items() for b in bs
    }, "a opens the CGA elsewhere: on the plan it must not add"


def getattr_screen(name: str) -> type:
    return next(c for c in every_screen_class() if c.__name__ == name)


def test_the_app_binds_the_registry_everywhere_keys():
    ids = {b.id for bs in MdtApp._merge_bindings().key_to_bindings.values() for b in bs}
    assert {"help", "find", "home", "privacy", "quit"} <= ids
