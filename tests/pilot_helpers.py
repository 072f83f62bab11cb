"""What the Pilot tests share: waiting for workers, and opening a step screen for a person by its key."""

from __future__ import annotations


async def settle(app, pilot) -> None:
    """Let pending messages and thread workers finish, then the redraw they cause."""
    await pilot.pause()
    # A DirectoryTree's loader waits for folders to open for as long as the tree is shown.
    finishing = [w for w in app.workers if w.name != "_loader"]
    if finishing:  # (an empty list would mean every worker)
        await app.workers.wait_for_complete(finishing)
    await pilot.pause()


async def open_person_step(app, pilot, person_id: int, key: str, screen_type: type):
    """Open the person, press the step key (a CGA, l plan…), and return the screen it opened."""
    app.open_person(person_id)
    await pilot.pause()
    await pilot.press(key)
    await settle(app, pilot)
    assert isinstance(app.screen, screen_type)
    return app.screen
