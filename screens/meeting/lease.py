"""The minute-taker lease on the meeting screen (issue 19): one person records outcomes, everyone else watches.

Opening an open meeting takes the lease (through the screen's write queue, never on the UI thread) and
renews it every minute while the screen is open; closing the screen lets it go. When someone else holds
it the screen is read-only, says so on one line ("Minutes are being taken by NAME since HH:MM —
read-only"), and every few seconds a thread worker reads the meeting's cheap fingerprint: when an outcome,
decision or note is recorded elsewhere the case is redrawn. `T` takes the minutes when no one holds them,
or — after a confirmation, for the chair — takes them over.
"""

from __future__ import annotations

from typing import Any, Literal

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from mdt_tui.errors import NotMinuteTaker
from mdt_tui.meeting.lease import POLL_SECONDS, RENEW_EVERY, MeetingLease
from mdt_tui.screens.kit.plain_text import plain
from mdt_tui.screens.kit.saving import SerialWriter, screen_writer

State = Literal["opening", "mine", "watching"]


class LeaseKeeper:
    """Held by a MeetingScreen (``meeting_id``, ``meeting``, ``reload()``, ``#meeting-lease``)."""

    def __init__(self, screen: Any) -> None:
        self.screen = screen
        self.state: State = "opening"
        self.holder: MeetingLease | None = None
        self.mark: tuple | None = None
        self._polling = False

    # -- the screen's hooks ----------------------------------------------------------------
    def start(self) -> None:
        """On mount: an open meeting takes (or finds taken) the lease; a held one has none."""
        if self.screen.meeting is None or self.screen.meeting.closed:
            self.state = "mine"  # a held meeting is read-only anyway (addenda are not minutes)
            return
        self._claim(take_over=False)
        self.screen.set_interval(RENEW_EVERY.total_seconds(), self._renew)
        self.screen.set_interval(POLL_SECONDS, self._poll)

    def refused(self) -> bool:
        """Before a recording key opens a dialog: say why not while someone else takes the minutes."""
        if self.state != "watching":
            return False
        self.screen.notify(self._line().plain + ". T takes the minutes.", severity="warning", timeout=5)
        return True

    def release(self) -> None:
        """On unmount: let the lease go (queued: it is written even as the app quits)."""
        if self.state == "mine" and self.screen.meeting is not None and not self.screen.meeting.closed:
            store, user, meeting_id = self.screen.app.store, self.screen.app.user, self.screen.meeting_id
            screen_writer(self.screen).submit(lambda _: store.release_minutes(user, meeting_id))

    def take(self) -> None:
        """`T`: take the minutes; from someone holding them, after a confirmation (the chair only)."""
        if self.state == "mine":
            self.screen.notify("You are taking the minutes of this meeting.", timeout=3)
            return
        if self.holder is None:
            self._claim(take_over=False, asked=True)
            return
        from mdt_tui.screens.kit.confirm import ConfirmDialog

        self.screen.app.push_screen(
            ConfirmDialog(
                "Take over the minutes?",
                f"{self.holder.holder} is taking the minutes (since {self.holder.since.astimezone():%H:%M}). "
                "Their screen becomes read-only and anything they record now is refused. Take over?",
            ),
            self._confirmed,
        )

    def _confirmed(self, yes: bool | None) -> None:
        if yes:
            self._claim(take_over=True, asked=True)

    # -- writes ----------------------------------------------------------------------------
    def _renew(self) -> None:
        if self.state == "mine":
            self._claim(take_over=False)

    def _claim(self, *, take_over: bool, asked: bool = False) -> None:
        """``asked``: the user pressed T (a refusal is then told); a renewal that fails quietly tries again."""
        store, user, meeting_id = self.screen.app.store, self.screen.app.user, self.screen.meeting_id
        screen_writer(self.screen).submit(
            lambda _: store.take_minutes(user, meeting_id, take_over=take_over),
            report=lambda message: self._claimed(message, asked),
        )

    def _claimed(self, message: Message, asked: bool) -> None:
        if isinstance(message, SerialWriter.Finished):
            was, self.state, self.holder = self.state, "mine", message.outcome
            if was == "watching":
                self.screen.reload()
                self.screen.notify("You are taking the minutes now.", timeout=3)
        elif isinstance(message, SerialWriter.Failed):
            error = getattr(message, "error", None)
            if isinstance(error, NotMinuteTaker):
                self.state = "watching"
                self._poll()  # who holds it, and what they have recorded so far
            elif asked:  # a refused take-over (not the chair…) says why
                self.screen.notify(message.problem, severity="error", timeout=8)
            elif self.state == "opening":
                self.state = "watching"  # the lease could not be read or taken now: safer to watch
                self._poll()
            # else a renewal found the database busy: the next one, a minute later, tries again
        self._show()

    # -- watching ----------------------------------------------------------------------------
    def _poll(self) -> None:
        if self.state != "watching" or self._polling:
            return
        self._polling = True
        store, meeting_id = self.screen.app.store, self.screen.meeting_id

        def read() -> None:  # in a thread worker: one cheap query and the lease
            try:
                self.screen.deliver_read(
                    self._polled, lambda: (store.meeting_mark(meeting_id), store.minute_taker(meeting_id))
                )
            finally:
                self._polling = False

        self.screen.run_worker(
            read,
            thread=True,
            group="meeting-lease",
            exit_on_error=False,
        )

    def _polled(self, found: tuple[tuple, MeetingLease | None]) -> None:
        mark, self.holder = found
        if self.holder is not None and self.holder.held_by(self.screen.app.user.name, self.screen.app.store.session):
            self.holder = None  # our own lapsed lease: T takes it again
        if mark != self.mark:  # recorded elsewhere (or the first look): redraw the case
            self.mark = mark
            self.screen.reload()
        self._show()

    def _line(self) -> Text:
        if self.holder is None:
            return Text("No one is taking the minutes now — read-only here; T takes them")
        if self.holder.holder == self.screen.app.user.name:  # the same person's other window (issue 14)
            return Text(
                f"You are taking the minutes in another window (since {self.holder.since.astimezone():%H:%M})"
                " — read-only here"
            )
        return plain(self.holder.line())

    def _show(self) -> None:
        widget = self.screen.query_one("#meeting-lease", Static)
        widget.display = self.state == "watching"
        if self.state == "watching":
            widget.update(self._line())
