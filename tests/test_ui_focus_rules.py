"""Focus rules: every letter, digit and common punctuation typed into every text field lands in that field.

Nothing else may happen while typing: no screen opens or closes, focus stays put, privacy mode does not
toggle, and (a field that takes any text) the field holds exactly what was typed.
"""

from __future__ import annotations

import string

from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input

from mdt_tui.roles import Role
from mdt_tui.screens.first_run import FirstRunScreen
from mdt_tui.screens.kit.focus_rules import is_typed_key
from mdt_tui.screens.kit.forms import Choice
from mdt_tui.screens.meeting.roster import MemberDialog, RosterScreen
from mdt_tui.settings import Settings
from tests.helpers.cga_screen import NEXT_TAB, caseload_person
from tests.pilot_helpers import SIZE, app_for, settle

TYPED = string.ascii_lowercase + string.ascii_uppercase + string.digits + " ?+-/.,'()"


async def type_in_one_go(app, pilot, text: str) -> None:
    """Type ``text`` as the terminal would send it, a key event per character, then wait until all are handled.

    ``pilot.press`` waits for the app to go idle after every key (two 20 ms sleeps at least), which made
    typing 73 keys into forty fields take minutes. Here the same key events (the names and characters
    ``pilot.press`` makes) go into the app's queue in order in one go; the app handles them one by one in
    that order, so a key that runs a binding still opens its screen, moves the focus or toggles privacy,
    and the checks after the whole run still see it.
    """
    for character in text:
        app.post_message(events.Key(_character_to_key(character), character))
    await settle(app, pilot)  # waits until the app is idle: every key, and all it set off, has been handled


async def type_into_every_field(app, pilot, where: str) -> int:
    """Type TYPED into each text field the screen shows; return how many fields were tried."""
    await settle(app, pilot)
    screen, tried = app.screen, 0
    for field in [f for f in screen.query(Input) if f.focusable and f.region.area]:
        field.focus()  # queued in the app's queue ahead of the keys typed next, so it lands first
        stack, privacy, kept = list(app.screen_stack), app.privacy, field.value
        with field.prevent(Input.Changed):
            field.value = ""
        await type_in_one_go(app, pilot, TYPED)
        named = f"{where}: field #{field.id}"
        assert app.screen_stack == stack, f"{named}: typing opened or closed a screen ({app.screen})"
        assert app.focused is field, f"{named}: typing moved the focus to {app.focused}"
        assert app.privacy == privacy, f"{named}: typing toggled privacy mode"
        if field.restrict is None and field.type == "text" and not field.max_length:
            assert field.value == TYPED, f"{named} holds {field.value!r}"
        with field.prevent(Input.Changed):
            field.value = kept
        tried += 1
    return tried


async def visit(app, pilot, where: str, *keys: str, back: tuple[str, ...] = ("escape",)) -> int:
    await pilot.press(*keys)
    tried = await type_into_every_field(app, pilot, where)
    if back:
        await pilot.press(*back)
        await settle(app, pilot)
    return tried


async def back_home(app, pilot) -> None:
    await settle(app, pilot)
    while len(app.screen_stack) > 2:
        app.pop_screen()
    await settle(app, pilot)


def test_typed_keys_are_told_from_command_keys():
    assert all(is_typed_key(k) for k in ("a", "Z", "7", "space", "plus", "question_mark", "full_stop", "slash"))
    assert not any(is_typed_key(k) for k in ("escape", "enter", "tab", "ctrl+p", "f1", "up", "delete", "shift+tab"))


async def test_typing_in_every_field_of_the_demo_goes_only_to_that_field(demo_db, settings):
    app = app_for(demo_db, settings)
    tried: dict[str, int] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        tried["finder"] = await visit(app, pilot, "finder", "ctrl+f")
        tried["import"] = await visit(app, pilot, "import", "i")
        tried["practices"] = await visit(app, pilot, "practice dialog", "g", "plus", back=("escape", "escape"))
        app.push_screen(RosterScreen())
        tried["roster"] = await visit(app, pilot, "roster member", "plus", back=("escape", "escape"))
        app.open_step("cohort")
        tried["cohort"] = await visit(app, pilot, "cohort filter", "slash", back=("escape", "escape", "escape"))
        person = caseload_person(app)
        app.open_step("plan", person.id)
        for key in ("x", "plus", "e"):
            tried[f"plan {key}"] = await visit(app, pilot, f"plan dialog {key}", key)
        await pilot.press("escape")
        app.open_step("cga", person.id)
        await settle(app, pilot)
        tried["cga medicines"] = await visit(app, pilot, "cga medicines", *[NEXT_TAB] * 4, "enter", back=())
        app.screen.query_one("#sec-medicines #entry-name", Input).focus()
        await pilot.press("enter")  # enter on the empty box: the cursor stays in it
        await settle(app, pilot)
        assert app.focused is not None and app.focused.id == "entry-name"
        await pilot.press(*"ha")
        assert app.focused.value == "ha"
        await pilot.press("h")  # no h: it is typed
        assert app.focused.value == "hah"
        await pilot.press("ctrl+u")
        await back_home(app, pilot)
        await pilot.press("n")  # consent: the people waiting for first contact
        await settle(app, pilot)
        for key in ("t", "y", "d"):
            tried[f"consent {key}"] = await visit(app, pilot, f"consent dialog {key}", key)
        tried["consent filter"] = await visit(app, pilot, "consent filter", "slash", back=("escape",))
        await back_home(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        tried["meeting details"] = await visit(app, pilot, "meeting details", "i")
        tried["agenda add person"] = await visit(app, pilot, "agenda add person", "plus")
        await pilot.press("s")
        await settle(app, pilot)
        for key in ("x", "k", "d", "r"):
            tried[f"meeting {key}"] = await visit(app, pilot, f"meeting dialog {key}", key)
    empty = [where for where, count in tried.items() if not count]
    assert not empty, f"no text field found at {empty}: the test did not reach them"


async def test_first_run_name_takes_every_letter(tmp_path):
    app = app_for(tmp_path / "new.db", Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, FirstRunScreen)
        assert await type_into_every_field(app, pilot, "first run") == 1


async def test_a_role_past_nine_is_two_digits_and_one_digit_roles_still_take_one_key(demo_db, settings):
    app = app_for(demo_db, settings)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(RosterScreen())
        await settle(app, pilot)
        await pilot.press("plus", *"Ann Lee", "tab", "1", "1", *"Age UK", "tab", "1", *"07700 900123", "enter")
        await settle(app, pilot)
        await pilot.press("plus", *"Bo Ray", "tab", "3", *"Riverside", "enter")
        await settle(app, pilot)
        await pilot.press("plus", *"Cy Lo", "tab", "1")
        await pilot.pause(1.0)  # no second digit: 1 stands, and the cursor moves on
        assert isinstance(app.screen, MemberDialog) and app.focused.id == "organisation"
        assert app.screen.query_one("#role", Choice).value is list(Role)[1]
        await pilot.press(*"Hospice", "enter")
        await settle(app, pilot)
    team = {m.name: m for m in app.store.team()}
    assert (team["Ann Lee"].role, team["Ann Lee"].organisation, team["Ann Lee"].contact) == (
        Role.ADMIN,
        "Age UK",
        "07700 900123",
    )
    assert (team["Bo Ray"].role, team["Bo Ray"].organisation) == (list(Role)[3], "Riverside")
    assert (team["Cy Lo"].role, team["Cy Lo"].organisation) == (list(Role)[1], "Hospice")
