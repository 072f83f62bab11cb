"""The household keys every per-person screen shares: H the household screen, ctrl+o the other member."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from mdt_tui.privacy import show_name

HOUSEHOLD_BINDING = Binding(
    "H",
    "household",
    "Household",
    id="household",
    tooltip="Household and carers: link, carers, strain, assessment, support",
)
OTHER_MEMBER_BINDING = Binding(
    "ctrl+o",
    "other_member",
    "Other member",
    id="household_other",
    tooltip="Open the other household member (or carer, or the person cared for)",
)


def open_household(screen: Any, person_id: int) -> None:
    from mdt_tui.screens.households.household import HouseholdScreen

    screen.app.push_screen(HouseholdScreen(person_id))


def open_other_member(screen: Any, person_id: int, step: str | None = None) -> None:
    """Open the other member on the same step (their CGA, their plan) or their person screen. With more
    than one, the user picks by name: never a guess."""
    from mdt_tui.screens.households.dialogs import PickDialog

    app = screen.app
    others = app.store.household_view(person_id).other_people()
    if not others:
        screen.notify(
            "No household member or carer in the cohort is recorded (H to link one).", severity="warning", markup=False
        )
        return

    def go(other: int | None) -> None:
        if other is None:
            return
        if step is None:
            app.open_person(other)
        else:
            app.open_step(step, other)

    if len(others) == 1:
        go(others[0])
        return
    names = []
    for other in others:
        p = app.store.patient(other)
        names.append((other, show_name(p.family_name, p.given_name, private=app.privacy)))
    app.push_screen(PickDialog("Open which member?", names), go)
