"""The frame every screen shares: header, privacy banner, the screen's body, footer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header
from textual.worker import WorkerFailed

from mdt_tui.errors import MdtError
from mdt_tui.screens.kit.footer import KeyBar
from mdt_tui.screens.kit.privacy_banner import PrivacyBanner
from mdt_tui.screens.kit.saving import SerialWriter

if TYPE_CHECKING:
    from textual import getters

    from mdt_tui.screens.app import MdtApp


def row_id(key: str | None) -> int:
    """The record id a table row or list option is keyed by (added as ``key=str(id)``); Textual types keys as
    optional, and every keyed row here has one."""
    if key is None:
        raise ValueError("this row has no key")
    return int(key)


def refusal(error: BaseException) -> MdtError | None:
    """The MdtError (a refused step, a busy or full database…) behind ``error``, or None if it is a bug."""
    if isinstance(error, WorkerFailed):
        error = error.error
    return error if isinstance(error, MdtError) else None


def refuse(app: App, error: MdtError) -> None:
    """Tell the user why the action was refused, in the error's own sentence; nothing else changes."""
    app.notify(str(error) or "That could not be done.", severity="error", timeout=10, markup=False)


def _reraise(error: Exception) -> None:
    raise error


class RefusesMdtErrors:
    """For the App and every screen: an MdtError raised by a key, a handler or a callback refuses that
    action (one notice) instead of ending the app. Textual stops a message loop whose handler raises,
    so the error is caught where each message is dispatched, before Textual sees it."""

    async def _dispatch_message(self, message: Message) -> None:
        try:
            await super()._dispatch_message(message)  # type: ignore[misc]
        except MdtError as error:
            refuse(self.app, error)  # type: ignore[attr-defined]

    def notify(self, message: str, **options: Any) -> Any:
        """Notices quote names, typed text and file paths: never read as markup unless asked (markup=True)."""
        options.setdefault("markup", False)
        return super().notify(message, **options)  # type: ignore[misc]


class MdtScreen(RefusesMdtErrors, Screen):
    """Subclasses implement ``compose_body`` and, if they show identifiers, ``show_privacy``."""

    if TYPE_CHECKING:  # the app every screen runs in (Textual types it App[Any])
        app = getters.app(MdtApp)  # Textual's typed self.app

    _shown_before = False

    class Delivered(Message):
        """A worker's result for this screen (see ``deliver``)."""

        def __init__(self, callback: Callable[..., Any], args: tuple[Any, ...]) -> None:
            super().__init__()
            self.callback, self.args = callback, args

    def deliver(self, callback: Callable[..., Any], *args: Any) -> None:
        """From a worker thread: run ``callback(*args)`` on this screen's own message loop.

        Textual's pattern (messages up): once the screen has closed the message is dropped, so a
        worker that outlives its screen never touches it (``call_from_thread`` would)."""
        self.post_message(self.Delivered(callback, args))

    def deliver_read(self, show: Callable[[Any], Any], read: Callable[..., Any], *args: Any) -> None:
        """In a worker thread: ``show(read(*args))`` on this screen, if it is still open.

        A refused read (the database busy, damaged, unreadable) becomes a notice and the screen
        stays as it was; any other error is raised on the UI thread, where the crash report
        handles it (a worker made with ``exit_on_error=False`` would otherwise hide it)."""
        try:
            result = read(*args)
        except MdtError as error:
            self.deliver(refuse, self.app, error)
        except Exception as error:  # a defect: reported, not swallowed
            self.deliver(_reraise, error)
        else:
            self.deliver(show, result)

    def on_mdt_screen_delivered(self, message: Delivered) -> None:
        message.stop()
        message.callback(*message.args)

    def on_unmount(self) -> None:
        # The app is quitting (a screen closed while the app runs leaves its writes to the queue):
        # whatever is still queued is written now, so a step taken just before ctrl+q is not lost.
        writer = getattr(self, "_mdt_writer", None)
        if writer is not None:
            writer.flush()

    # Outcomes of writes queued with ``saving.save_later`` (a screen with its own handlers, like the
    # CGA's, sees them first; jobs it queued itself carry no ``report``).
    def on_serial_writer_finished(self, message: SerialWriter.Finished) -> None:
        self._report(message)

    def on_serial_writer_failed(self, message: SerialWriter.Failed) -> None:
        self._report(message)

    def on_serial_writer_retrying(self, message: SerialWriter.Retrying) -> None:
        self._report(message)

    @staticmethod
    def _report(message: Message) -> None:
        report = getattr(message, "report", None)
        if report is not None:
            report(message)

    def compose(self) -> ComposeResult:
        yield Header()
        yield PrivacyBanner()  # follows app.privacy itself (privacy_banner.py)
        yield from self.compose_body()
        yield KeyBar()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler. The first resume follows the mount, which has just drawn
        # and styled everything: doing both again made every screen load its data twice and restyle
        # every widget, a third of the time a busy screen took to open.
        if self._shown_before:
            self.came_back()
        else:
            self._shown_before = True
            event.refresh_styles = False

    def came_back(self) -> None:
        """A screen above this one closed: redraw whatever it may have changed (mounting drew it first)."""

    def compose_body(self) -> ComposeResult:
        yield from ()

    def show_privacy(self, private: bool) -> None:
        """Redraw whatever shows names, NHS numbers, dates of birth or addresses."""


# The base of a mixin that is only ever mixed into screens: a screen to the type checker (so it may use what
# MdtScreen offers), a plain class at run time (so the screen's own base stays the one real Screen in its MRO).
if TYPE_CHECKING:
    ScreenMixin = MdtScreen
else:
    ScreenMixin = object
