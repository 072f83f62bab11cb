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
from mdt_tui.screens.keys import ACTIONS, ALLOWED_CLASHES, HOME_LAUNCHERS, binding

# Older clashes, each key with the action ids it had when the registry came: to be moved into the registry (a
# key of its own) one by one. A new meaning for any of these keys fails; so does an entry that no longer clashes.
# Each says why it is still here (issue 14 settled a g i k u, and the home launchers: see keys.HOME_LAUNCHERS).
OLDER_CLASHES: dict[str, frozenset[str]] = {
    # New meeting on the agenda, no actions needed on the plan: both shift, both rare; no free capital says either.
    "N": frozenset({"meeting_new", "plan_no_actions"}),
    # First contact on the lists (ux.md's sketch), a carer on the household: C is the plan's complete.
    "c": frozenset({"first_contact", "household_carer"}),
    # Done (plan, actions), declined (consent), the meeting's decision in words: each is its screen's d.
    "d": frozenset({"decline", "done", "meeting_decision"}),
    # Edit, and the meeting's end: the meeting is being reworked (H3); E is now the household's someone else.
    "e": frozenset({"edit", "meeting_end"}),
    # Complete with frailty in the CGA's completion dialog, all fields in the plan's changes.
    "f": frozenset({"cga_complete_frailty", "changes_all"}),
    # Sort a list, hand the team to its owner on the roster: O is the cohort review's reverse sort.
    "o": frozenset({"roster_owner", "sort"}),
    # Review date (plan, meeting), re-approach a declined person (consent).
    "r": frozenset({"reapproach", "review_date"}),
    # Suitable (ux.md's cohort review), sign off codes, start the meeting, a carer's strain: S is save view.
    "s": frozenset({"carer_strain", "codes_sign_off", "meeting_start", "suitable"}),
    # Theograph (ux.md), a contact attempt (consent), a triggered review (reviews).
    "t": frozenset({"contact_attempt", "reviews_trigger", "theograph"}),
    # The dashboard's maturity, the plan's changes since the last review.
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
    """Every key any screen (or the app) binds, with the action ids it is bound to. Home's launchers are left out:
    their letters are live where they open their step or list (keys.HOME_LAUNCHERS says why)."""
    found: dict[str, set[str]] = defaultdict(set)
    for owner in every_screen_class():
        for key, bindings in owner._merge_bindings().key_to_bindings.items():
            for bound in bindings:
                if action_id(bound) not in HOME_LAUNCHERS:
                    found[key].add(action_id(bound))
    return found


def test_home_keeps_every_launcher_on_its_own_key():
    """Home is where the launchers live: each step and list opens there by its registry key, and nothing else on
    home uses those letters."""
    home = getattr_screen("HomeScreen")._merge_bindings().key_to_bindings
    on_home = {b.id: key for key, bs in home.items() for b in bs}
    assert {i: on_home.get(i) for i in HOME_LAUNCHERS} == {i: ACTIONS[i].key for i in HOME_LAUNCHERS}
    assert all(len(home[ACTIONS[i].key]) == 1 for i in HOME_LAUNCHERS)


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
