"""One action registry for keys (Harlequin's pattern): each action's id, key, human name and description.

A screen asks ``binding(id)`` for its Binding instead of spelling the key itself, so the same action has
the same key on every screen where it exists, and giving an action a new key is one line here. The
command palette offers every action in the registry by its name (screens/app.py). tests/test_keys.py
walks every screen's bindings and fails when one key means two actions outside its documented list.

Which keys may mean different things on different screens, and why, is ``ALLOWED_CLASHES`` below.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from mdt_tui.pathway_steps import STEPS as PATHWAY_STEPS


@dataclass(frozen=True, slots=True)
class KeyAction:
    """One action: ``key`` (Textual's key name), ``name`` (the footer's word) and ``description`` (the tooltip
    and help line). ``run`` is the Textual action that works from any screen (``app.…``), empty for one that
    only its own screen can run (a plan's export needs that plan): ``where`` then says which screen that is.
    ``title`` is its name in the command palette (default ``name``)."""

    id: str
    key: str
    name: str
    description: str
    run: str = ""
    key_display: str | None = None
    title: str = ""
    where: str = ""

    @property
    def palette_title(self) -> str:
        return self.title or self.name.rstrip("…")

    @property
    def shown_key(self) -> str:
        return self.key_display or self.key


_ACTIONS: tuple[KeyAction, ...] = (
    # Everywhere (the app's own keys).
    KeyAction("help", "question_mark", "Help", "Every key, and what it does", "app.help", "?", "Keys and help"),
    KeyAction("find", "ctrl+f", "Find", "Find a person by name or NHS number", "app.find", title="Find a person"),
    KeyAction("home", "h", "Home", "Back to the pipeline", "app.home"),
    KeyAction(
        "privacy",
        "p",
        "Privacy",
        "Hide or show identifiers for screen-sharing",
        "app.toggle_privacy",
        title="Toggle privacy mode",
    ),
    KeyAction("quit", "ctrl+q", "Quit", "Quit mdt-tui", "app.quit", title="Quit mdt-tui"),
    # The blueprint steps, from the pathway step registry: the same letter on home, a person and the meeting.
    *(
        KeyAction(
            f"step_{step.id}",
            step.key,
            step.name,
            step.title,
            f"app.open_step('{step.id}')",
            title=f"Open: {step.title}",
        )
        for step in PATHWAY_STEPS.values()
    ),
    # The neighbourhood's lists and settings: keys on home, and the palette from anywhere.
    KeyAction(
        "import_cohort_file",
        "i",
        "Import",
        "Import a cohort search exported from EMIS Web or SystmOne",
        "app.import_cohort",
        title="Import a cohort search",
    ),
    KeyAction(
        "dashboard",
        "d",
        "Dashboard",
        "INT dashboard: measures by month, maturity, and the people behind each number",
        "app.dashboard",
    ),
    KeyAction(
        "my_actions",
        "y",
        "My actions",
        "Your own open actions across everyone, overdue first (enter opens the person)",
        "app.my_actions",
    ),
    KeyAction(
        "team_roster",
        "t",
        "Team",
        "The team roster: add and edit members (who can own actions, chair, attend)",
        "app.roster",
        title="Team roster",
    ),
    KeyAction("practices", "g", "Practices", "GP practices: the ODS code for each practice name", "app.practices"),
    KeyAction(
        "codes_to_send",
        "s",
        "Codes to send",
        "Codes to send: a clinician signs off coded events before they go to the practice",
        "app.codes_to_send",
    ),
    # Verbs many screens share: one key each, wherever they exist.
    KeyAction("back", "escape", "Back", "Go back"),
    KeyAction("reload", "R", "Reload", "Someone else changed it: show it as it is now, and reopen a refused change"),
    KeyAction("filter", "slash", "Filter", "Filter the list by what you type", key_display="/"),
    KeyAction("edit", "e", "Edit", "Change the highlighted thing"),
    KeyAction("done", "d", "Done", "Mark the highlighted action done (records who and when)"),
    KeyAction("undo", "u", "Undo", "Reverse what was just done, or what was entered in error (with a reason)"),
    KeyAction("review_date", "r", "Review date", "The next review date (suggested)"),
    # The meeting's outcome numbers, the same on the reviews list (it leaves the pathway the same two ways).
    KeyAction(
        "step_down",
        "4",
        "Step down…",
        "Step down, with a reason (stays on the caseload)",
        title="Step down",
        where="the meeting's current case or the reviews list (r)",
    ),
    KeyAction(
        "to_gsf",
        "6",
        "GSF…",
        "Transfer to palliative care (GSF) meetings, with a reason",
        title="Transfer to palliative care (GSF)",
        where="the meeting's current case or the reviews list (r)",
    ),
    KeyAction("sort", "o", "Sort", "Change the list's order (by the next column, or by owner)"),
    KeyAction(
        "theograph",
        "t",
        "Service use",
        "Theograph: admissions and A&E run by run, with the pathway between (t again closes it)",
        title="Show the theograph",
        where="a person's screen or cohort review",
    ),
    # Saved views (issue 14; bound in screens/kit/saved_views.py with these keys and ids).
    KeyAction(
        "save_view",
        "S",
        "Save view…",
        "Save this list's filter under a name",
        title="Save the filter as a view",
        where="a list with / (cohort review, consent, people, reviews, actions)",
    ),
    KeyAction(
        "saved_views",
        "V",
        "Views…",
        "Recall a saved filter by its number",
        title="Saved views",
        where="a list with / (cohort review, consent, people, reviews, actions)",
    ),
    KeyAction("add", "plus", "Add", "Add one to this screen's list", key_display="+"),
    KeyAction(
        "add_action",
        "x",
        "Action…",
        "Add an action: owner by number, due date",
        title="Add an action",
        where="a person's plan (l) or the meeting's current case",
    ),
    KeyAction(
        "export",
        "X",
        "Export",
        "Export the plan as HTML for printing",
        title="Export the care plan",
        where="a person's plan (l)",
    ),
    KeyAction(
        "write_minutes",
        "w",
        "Write doc",
        "Write the meeting document: agenda before, minutes and outcomes after",
        title="Write the meeting minutes",
        where="the meeting agenda (m)",
    ),
)

ACTIONS: dict[str, KeyAction] = {a.id: a for a in _ACTIONS}

# Keys that may run different actions on different screens, each with why. Anything else: one key, one action.
ALLOWED_CLASHES: dict[str, str] = {
    **{str(d): "digits pick an option by its number in the dialog or list that shows the numbers" for d in range(10)},
    "escape": "closes what is open: back, cancel, close or no, whichever the screen or dialog is",
    "enter": "opens or confirms the highlighted row or the dialog's answer",
    "y": "yes in a yes/no question (a dialog holds the keys while it is open)",
    "n": "no in a yes/no question (a dialog holds the keys while it is open)",
    "left_square_bracket": "the previous one of what the screen steps through (tab, practice, version)",
    "right_square_bracket": "the next one of what the screen steps through (tab, practice, version)",
    "up": "the previous row or date",
    "down": "the next row, or into the results",
    "delete": "removes the highlighted row of the screen's own list (resolve, cancel, remove)",
    "ctrl+s": "saves the form or starts the import that the screen is filling in",
    "space": "marks or selects the highlighted row",
    "ctrl+f": "find a person; a dialog that must be answered first says so instead",
    "h": "home; a dialog that must be answered first says so instead",
    "question_mark": "help; on the help screen it closes it",
    "q": "closes the help screen",
    "ctrl+c": "Textual's own: copies the selected text, and where nothing can be copied says how to quit",
}


# Home's launchers (issue 14): the blueprint steps (c n a l r m) and the neighbourhood's lists (i d y t g s). Their
# letters open the step or the list on home (a step on a person's screen too, and the team from the agenda, an import
# from cohort review); the command palette opens any of them from anywhere. On other screens the letter is that
# screen's own verb, as ux.md's cohort review has `c` first contact and `s` suitable, and its meeting `r` review
# date: the keys in the room stay one keystroke. tests/test_keys.py leaves these ids out of its clash count, so a
# launcher's letter may mean one local verb elsewhere, never two different verbs on two screens.
HOME_LAUNCHERS: frozenset[str] = frozenset(
    {
        *(f"step_{step_id}" for step_id in PATHWAY_STEPS),
        "import_cohort_file",
        "dashboard",
        "my_actions",
        "team_roster",
        "practices",
        "codes_to_send",
    }
)


def binding(
    action_id: str,
    action: str | None = None,
    *,
    name: str | None = None,
    description: str | None = None,
    show: bool = True,
    priority: bool = False,
) -> Binding:
    """The Binding for registry action ``action_id``: its key, id and words. ``action`` is the Textual action
    this screen runs for it (default: the registry's own, which works anywhere); ``name`` and ``description``
    narrow the words to this screen ("Add" → "Problem"), never the key."""
    entry = ACTIONS[action_id]
    return Binding(
        entry.key,
        action or entry.run,
        name or entry.name,
        id=entry.id,
        tooltip=description or entry.description,
        key_display=entry.key_display,
        show=show,
        priority=priority,
    )


def key_of(action_id: str) -> str:
    """The key as a person types it (``+``, ``?``, ``x``): for hints and notices that name a key."""
    return ACTIONS[action_id].shown_key
