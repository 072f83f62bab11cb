"""Where each blueprint-step key leads; shared by the home and person screens."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import SystemCommand
from textual.screen import Screen

from mdt_tui.pathway_steps import STEPS as PATHWAY_STEPS
from mdt_tui.screens.kit.keys import ACTIONS, binding, key_of

# Each step's title and what it is for, from the pathway step registry (mdt_tui/pathway_steps.py).
STEPS: dict[str, tuple[str, str]] = {step.id: (step.title, step.explanation) for step in PATHWAY_STEPS.values()}

# The footer has room only for the keys that work everywhere; these are shown as a hint line.
STEP_HINT = " · ".join(
    f"{key_of(f'step_{step.id}')} {step.name if step.name.isupper() else step.name.lower()}"
    for step in PATHWAY_STEPS.values()
)

# Each step's key and words come from the registry (screens/kit/keys.py); here they run on the screen's person.
STEP_BINDINGS = [binding(f"step_{step}", f"open_step('{step}')", show=False) for step in STEPS]

IMPORT_BINDING = binding("import_cohort_file")


def binding_commands(screen: Screen) -> Iterator[SystemCommand]:
    """Every key that works on ``screen`` as a command palette entry, by name (exports, minutes, the
    roster…): the palette offers each action the screen has, not only the app's own."""
    app, seen = screen.app, set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not active.enabled or not binding.description or binding.action in seen or key.startswith("ctrl+"):
            continue
        seen.add(binding.action)
        shown = app.get_key_display(binding)
        yield SystemCommand(
            f"{binding.description.rstrip('…')} ({shown})",
            active.tooltip or binding.tooltip or "",
            partial(app.run_action, binding.action, active.node),
        )


def registry_commands(screen: Screen) -> Iterator[SystemCommand]:
    """Every action of the key registry as a command palette entry, by its name, on any screen. One that works
    anywhere runs (the roster, the dashboard, a step…); one that needs its own screen (the plan's export, the
    meeting's minutes) runs where that screen is open, and elsewhere says where to find it."""
    app = screen.app
    here = {active.binding.id: active for active in screen.active_bindings.values() if active.enabled}
    for entry in ACTIONS.values():
        if not (entry.run or entry.where):
            continue
        help_text = f"{entry.description} ({entry.shown_key})"
        if entry.id in here and (active := here[entry.id]).binding.action != entry.run:
            yield SystemCommand(
                entry.palette_title, help_text, partial(app.run_action, active.binding.action, active.node)
            )
        elif entry.run:
            yield SystemCommand(entry.palette_title, help_text, partial(app.run_action, entry.run))
        else:
            message = f"{entry.palette_title}: on {entry.where}, press {entry.shown_key}."
            yield SystemCommand(entry.palette_title, f"{help_text}: on {entry.where}", partial(app.notify, message))
