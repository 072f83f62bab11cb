"""One key, one action (issue 14): the key registry (screens/kit/keys.py) against every screen's and widget's bindings.

Each binding is named by its action id (the registry's id, or the binding's own id, or screen.action). A key
bound to two action ids anywhere in the app fails, unless the key is in ``ALLOWED_CLASHES`` (each says why)
or the clash is one of the older ones listed in ``OLDER_CLASHES`` below: that list may only shrink.

Widgets count too: every widget class of mdt_tui.screens with bindings of its own (the CGA's forms, lists,
medicines and summary, the cohort and agenda tables, the dialogs' Choice, the import's file tree). Their keys
join the app-wide count (``WIDGET_MEANINGS`` lists the widget verbs older than this check, and may only shrink),
and each is counted with the screens that hold it (found in the screens' source, see ``screens_holding``): on
one screen a key has one meaning, the keys of ``ALLOWED_CLASHES`` aside (escape closes what is open, enter
confirms, digits pick: the focused widget's or the screen's, which is the same verb). Textual's own widget keys
(a DataTable's arrows, an Input's editing keys) are the framework's and are not counted; ours are.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import sys
from collections import defaultdict
from functools import cache
from typing import cast

from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

import mdt_tui.screens as screens_package
from mdt_tui.screens.app import MdtApp
from mdt_tui.screens.kit.keys import ACTIONS, ALLOWED_CLASHES, HOME_LAUNCHERS, binding

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


# Widget verbs on a key that means something else on other screens (never on the screen that holds the widget:
# test_a_key_means_one_action_on_each_screen checks that). Older than the widget check; may only shrink.
WIDGET_MEANINGS: dict[str, frozenset[str]] = {
    # The CGA medicines list: c confirms the list is complete (c is first contact on the lists, carer on households).
    "c": frozenset({"cga_confirm_medicines"}),
    # The CGA summary: d the dates a form was given elsewhere (d is done or decline elsewhere).
    "d": frozenset({"cga_dates"}),
    # The CGA summary: r a domain's reason (r is the review date elsewhere).
    "r": frozenset({"cga_domain_reason"}),
    # The CGA medicines list: s the ACB score of the highlighted medicine (s suitable, strain, sign off elsewhere).
    "s": frozenset({"cga_acb_override"}),
    # A CGA form: v the questions one at a time or all (v the plan's changes, the dashboard's maturity elsewhere).
    "v": frozenset({"cga_toggle_view"}),
    # Moving the highlighted row up or down its own ordered list: the agenda's cases, a CGA list (the plan's
    # problems are plan_up and plan_down). The same verb; three ids, as each list moves its own rows.
    "shift+up": frozenset({"agenda_up", "cga_list_up"}),
    "shift+down": frozenset({"agenda_down", "cga_list_down"}),
}


def every_screen_class() -> list[type[DOMNode]]:
    """Every screen class of mdt_tui (dialogs too) and the app."""
    # Every module in every step folder (screens/cga/, screens/kit/, ...), not just the top level.
    for module in pkgutil.walk_packages(screens_package.__path__, prefix=f"{screens_package.__name__}."):
        importlib.import_module(module.name)
    found = {cast("type[DOMNode]", c) for c in (*_below(Screen), *_below(App)) if _ours(c)}
    return sorted(found, key=lambda c: c.__name__)


def action_id(bound: Binding) -> str:
    return bound.id or bound.action


def _ours(cls: type) -> bool:
    return cls.__module__.startswith("mdt_tui.")


def every_widget_class() -> list[type]:
    """Every widget class of mdt_tui.screens (not the screens) that has bindings of its own."""
    every_screen_class()  # imports every module of the package
    found = {c for c in _below(Widget) if _ours(c) and not issubclass(c, Screen) and widget_keys(c)}
    return sorted(found, key=lambda c: (c.__module__, c.__name__))


def widget_keys(widget: type) -> dict[str, list[Binding]]:
    """The keys a widget class binds in our code (its own and its mdt_tui bases', as Textual merges them)."""
    keys: dict[str, list[Binding]] = {}
    for base in reversed(widget.__mro__):
        if _ours(base) and issubclass(base, DOMNode):
            keys.update(BindingsMap(base.__dict__.get("BINDINGS", [])).key_to_bindings)
    return keys


def _below(cls: type) -> list[type]:
    subclasses: list[type] = cls.__subclasses__()
    return [c for sub in subclasses for c in (sub, *_below(sub))]


def _holds(owner: type, widget: type) -> bool:
    """Whether a screen or widget class holds a widget: its class or an mdt_tui base names it
    (``MedicinesEditor if …``), or a module function it calls builds it (``return Choice(…)``)."""
    named, built = re.compile(rf"\b{widget.__name__}\b"), re.compile(rf"\b{widget.__name__}\(")
    for base in owner.__mro__:
        if not _ours(base):
            continue
        source = inspect.getsource(base)
        if named.search(source):
            return True
        module = sys.modules[base.__module__]
        for name, function in vars(module).items():
            if inspect.isfunction(function) and function.__module__ == module.__name__:
                if re.search(rf"\b{name}\(", source) and built.search(inspect.getsource(function)):
                    return True
    return False


@cache
def screens_holding() -> dict[type, frozenset[type]]:
    """Each widget class with bindings, and the screens that hold it (directly, or inside a widget they hold)."""
    every_screen_class()  # imports every module of the package
    screens = [c for c in _below(Screen) if _ours(c)]
    widgets = [c for c in _below(Widget) if _ours(c) and not issubclass(c, Screen)]
    held = {screen: {w for w in widgets if w is not screen and _holds(screen, w)} for screen in screens}
    for inside in held.values():
        todo = list(inside)
        while todo:  # a widget that a held widget holds is held too
            outer = todo.pop()
            for widget in widgets:
                if widget not in inside and widget is not outer and _holds(outer, widget):
                    inside.add(widget)
                    todo.append(widget)
    return {w: frozenset(s for s in screens if w in held[s]) for w in every_widget_class()}


def meanings() -> dict[str, set[str]]:
    """Every key any screen (or the app) or widget binds, with the action ids it is bound to (a widget's verbs in
    ``WIDGET_MEANINGS`` left out). Home's launchers are left out: their letters are live where they open their
    step or list (keys.HOME_LAUNCHERS says why)."""
    found: dict[str, set[str]] = defaultdict(set)
    for owner in every_screen_class():
        for key, bindings in owner._merge_bindings().key_to_bindings.items():
            for bound in bindings:
                if action_id(bound) not in HOME_LAUNCHERS:
                    found[key].add(action_id(bound))
    for key, ids in widget_meanings().items():
        found[key] |= ids - WIDGET_MEANINGS.get(key, frozenset())
    return found


def widget_meanings() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for widget in every_widget_class():
        for key, bindings in widget_keys(widget).items():
            found[key] |= {action_id(bound) for bound in bindings}
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
    assert not new, f"keys with a second meaning (give the action its own key in screens/kit/keys.py): {new}"


def test_the_older_clashes_list_only_shrinks():
    now = meanings()
    settled = sorted(key for key, ids in OLDER_CLASHES.items() if len(now.get(key, set()) & ids) < 2)
    assert not settled, f"no longer a clash, take them out of OLDER_CLASHES: {settled}"


def test_the_widget_meanings_list_only_shrinks():
    """Each widget verb listed is still bound by a widget on that key, and still clashes there (else: take it out)."""
    widgets, screens = widget_meanings(), meanings()
    stale = sorted(f"{key}: {i}" for key, ids in WIDGET_MEANINGS.items() for i in ids if i not in widgets.get(key, ()))
    settled = sorted(key for key in WIDGET_MEANINGS if not screens.get(key))
    assert not stale and not settled, (stale, settled)


def test_the_walk_finds_the_widgets_and_the_screens_that_hold_them():
    """Every widget with keys of its own is on at least one screen we know (else its keys would go unchecked)."""
    holding = {w.__name__: {s.__name__ for s in screens} for w, screens in screens_holding().items()}
    assert not [name for name, screens in holding.items() if not screens], holding
    assert {"QuestionForm", "ListEditor", "MedicinesEditor", "SummaryView"} <= {
        name for name, screens in holding.items() if "CgaScreen" in screens
    }
    assert {"AgendaTable", "AttendanceTable"} <= {n for n, s in holding.items() if "AgendaScreen" in s}
    assert "CohortReviewScreen" in holding["CohortTable"] and "ImportScreen" in holding["ExportTree"]
    assert {"ConsentScreen", "ActionsScreen"} <= holding["ListTable"]
    assert {"FormDialog", "LeadDialog", "AcbOverrideDialog", "ViewPicker"} <= holding["Choice"]  # helpers too
    assert "HelpScreen" not in set().union(*holding.values())  # it names them to list their keys, holds none
    assert widget_meanings()["M"] == {"cga_structured_medication_review"}


def test_a_key_means_one_action_on_each_screen():
    """On one screen (with the app's keys and the widgets it holds), a key has one meaning: a widget's key must not
    mean something else than the same key on its screen, outside ``ALLOWED_CLASHES`` (escape, enter, digits…)."""
    app = MdtApp._merge_bindings().key_to_bindings
    holding = screens_holding()
    clashes: dict[str, dict[str, list[str]]] = {}
    for screen in {cast("type[Screen]", c) for c in _below(Screen) if _ours(c)}:
        on_screen: dict[str, set[str]] = defaultdict(set)
        held = [widget_keys(w) for w, screens in holding.items() if screen in screens]
        for keys in (app, screen._merge_bindings().key_to_bindings, *held):
            for key, bindings in keys.items():
                on_screen[key] |= {action_id(bound) for bound in bindings}
        two = {key: sorted(ids) for key, ids in on_screen.items() if len(ids) > 1 and key not in ALLOWED_CLASHES}
        if two:
            clashes[screen.__name__] = two
    assert not clashes, f"two meanings on one screen (give one its own key in screens/kit/keys.py): {clashes}"


def test_bindings_are_declared_where_textual_reads_them():
    """Textual merges BINDINGS only from DOM classes: a mixin (FilteredList, SavesViews…) declaring its own would
    be silently ignored, so its keys would do nothing."""
    every_screen_class()
    ignored = [
        f"{module.__name__}.{name}"
        for module in list(sys.modules.values())
        if getattr(module, "__name__", "").startswith("mdt_tui.screens")
        for name, cls in vars(module).items()
        if isinstance(cls, type) and cls.__module__ == module.__name__ and "BINDINGS" in vars(cls)
        if not issubclass(cls, DOMNode)
    ]
    assert not ignored, ignored


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
