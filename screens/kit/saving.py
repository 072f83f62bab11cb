"""One serial writer for every store write a screen makes: in order, off the UI thread, honest about the outcome.

All screens share one queue per app (``write_queue``), drained by one thread worker, so writes
never overlap and keep the order they were made in, and the event loop never waits for the
database lock. Each screen talks to it through a ``SerialWriter`` bound to that screen.

- A write queued behind another with the same key (for the same screen) replaces it: for an
  autosaved field only the latest value matters.
- A keyed write that finds the database busy is *retried* (after ``retry_delay``) until it is
  stored: a typed answer is never dropped. The screen is told (``Retrying``) so it can show
  *not saved — retrying*. Any other failure, and any unkeyed write (a step such as "suitable"),
  is refused: ``Failed`` carries the error's sentence and the screen stays as it was.
- Outcomes are posted to the screen as messages (Textual drops them once the screen has
  closed, so a write never touches a closed screen); a failure whose screen has gone is shown
  as a notice wherever the user now is.
- ``flush()`` writes whatever is still queued at once, on the calling thread (when the app quits).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Hashable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from textual import events
from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump

from mdt_tui import errors

if TYPE_CHECKING:
    from mdt_tui.screens.app import MdtApp

Write = Callable[[Any], Any]
"""A store write: called with the store, in the writer's thread."""


def retryable(error: BaseException) -> bool:
    """Worth trying again: another mdt-tui holds the write lock (it will let go), or the disk is full
    (space can be freed); a refused or impossible write is not."""
    kinds = tuple(k for k in (getattr(errors, "DatabaseBusy", None), getattr(errors, "DiskFull", None)) if k)
    return isinstance(error, kinds)


def _problem(error: Exception) -> str:
    """The sentence for a failed write. A refusal (MdtError) says why in its own words; anything else is
    a defect whose message may quote patient data (a validation error shows the values), so the
    screen gets one sentence and the details go to a private crash report."""
    if isinstance(error, errors.MdtError):
        return str(error) or error.__class__.__name__
    from mdt_tui.crash_report import write_crash_report

    path = write_crash_report(error, where="write")
    return (
        "an unexpected error stopped this change and nothing was saved" + (f"; details in {path}" if path else "") + "."
    )


class _Job(NamedTuple):
    write: Write
    target: MessagePump
    key: Hashable | None
    done: Callable[[Any], None] | None
    report: Callable[[Message], None] | None


class WriteQueue:
    """The app's one queue of store writes (see the module docstring); reach it with ``write_queue(app)``."""

    retry_delay = 1.0
    """Seconds between attempts of a keyed write that found the database busy."""

    def __init__(self, app: App) -> None:
        self.app = cast("MdtApp", app)  # only MdtApp makes one (write_queue)
        self._jobs: deque[_Job] = deque()
        self._lock = threading.Lock()  # guards _jobs, _running and _retrying
        self._one_at_a_time = threading.Lock()  # held while a job runs: writes never overlap
        self._running = False
        self._retrying: set[int] = set()  # id() of targets whose head write is waiting to retry

    def submit(self, job: _Job) -> None:
        with self._lock:
            if job.key is not None:
                self._jobs = deque(j for j in self._jobs if (j.target, j.key) != (job.target, job.key))
            self._jobs.append(job)
            if self._running:
                return
            self._running = True
        self.app.run_worker(self._drain, thread=True, group="serial-writer", name="saving", exit_on_error=False)

    def waiting(self, target: MessagePump) -> list[Hashable | None]:
        """Keys of the writes for ``target`` not yet stored (None for unkeyed ones)."""
        with self._lock:
            return [j.key for j in self._jobs if j.target is target]

    def retrying(self, target: MessagePump) -> bool:
        with self._lock:
            return id(target) in self._retrying

    def flush(self) -> list[str]:
        """Write everything still queued now, on this thread; returns the problems of writes that failed."""
        problems = []
        with self._one_at_a_time:
            while (job := self._pop()) is not None:
                try:
                    job.write(self.app.store)
                except Exception as exc:  # reported by the caller: the rest are still written
                    problems.append(_problem(exc))
        return problems

    def _pop(self) -> _Job | None:
        with self._lock:
            return self._jobs.popleft() if self._jobs else None

    def _head(self) -> _Job | None:
        with self._lock:
            if self._jobs:
                return self._jobs[0]
            self._running = False
            return None

    def _drain(self) -> None:
        while (job := self._head()) is not None:
            with self._one_at_a_time:
                if self._head() is not job:  # flushed, or replaced while waiting
                    continue
                try:
                    outcome: Message = SerialWriter.Finished(job.done, job.write(self.app.store), job.key)
                except Exception as exc:
                    problem = _problem(exc)
                    if job.key is not None and retryable(exc):
                        self._mark_retrying(job, True)
                        self._post(job, SerialWriter.Retrying(problem, job.key))
                        time.sleep(self.retry_delay)
                        continue
                    outcome = SerialWriter.Failed(problem, job.key)
                    outcome.error = exc  # type: ignore[attr-defined]  # for a screen that handles some itself
                with self._lock:
                    if self._jobs and self._jobs[0] is job:
                        self._jobs.popleft()
            self._mark_retrying(job, False)
            self._post(job, outcome)

    def _mark_retrying(self, job: _Job, on: bool) -> None:
        with self._lock:
            (self._retrying.add if on else self._retrying.discard)(id(job.target))

    def _post(self, job: _Job, message: Message) -> None:
        message.report = job.report  # type: ignore[attr-defined]
        if job.target.post_message(message):  # thread-safe; False once the screen has closed
            return
        if isinstance(message, SerialWriter.Failed):  # the user has moved on: tell them wherever they are
            notice = partial(
                self.app.notify, f"Not saved: {message.problem}", severity="error", timeout=12, markup=False
            )
            self.app.post_message(events.Callback(callback=notice))


def write_queue(app: App) -> WriteQueue:
    """The app's one write queue, made on first use."""
    queue = getattr(app, "_mdt_write_queue", None)
    if queue is None:
        queue = app._mdt_write_queue = WriteQueue(app)  # type: ignore[attr-defined]
    return queue


class SerialWriter:
    """One screen's handle on the app's write queue; outcomes come back to ``target`` as messages."""

    class Finished(Message):
        """A write succeeded; ``done`` (if given at submit) is to be called with its outcome."""

        def __init__(self, done: Callable[[Any], None] | None, outcome: Any, key: Hashable | None = None) -> None:
            super().__init__()
            self.done, self.outcome, self.key = done, outcome, key

    class Failed(Message):
        """A write was refused or failed and will not be tried again; ``problem`` says why, for the user."""

        def __init__(self, problem: str, key: Hashable | None = None) -> None:
            super().__init__()
            self.problem, self.key = problem, key

    class Retrying(Message):
        """A keyed write found the database busy: it stays queued and is tried again shortly."""

        def __init__(self, problem: str, key: Hashable | None = None) -> None:
            super().__init__()
            self.problem, self.key = problem, key

    def __init__(self, app: App, target: MessagePump) -> None:
        self.app = app
        self.target = target
        self.queue = write_queue(app)
        self.saved_at = ""

    def submit(
        self,
        write: Write,
        *,
        key: Hashable | None = None,
        done: Callable[[Any], None] | None = None,
        report: Callable[[Message], None] | None = None,
    ) -> None:
        """Queue ``write(store)``; a Finished or Failed message (and Retrying ones, if keyed) follows.
        ``report``, if given, is called with each of them by the screen (see ``MdtScreen``)."""
        self.queue.submit(_Job(write, self.target, key, done, report))

    def flush(self) -> None:
        """When the app is quitting: write everything still queued now, on this thread (after a write in
        progress finishes). While the app runs, leaving a screen loses nothing: the queue keeps draining
        in the background (and keeps retrying), so the UI never waits for the lock here."""
        if self.app.is_running:
            return
        for problem in self.queue.flush():
            self.app.notify(f"Not saved: {problem}", severity="error", timeout=10, markup=False)

    @property
    def unsaved(self) -> int:
        """How many of this screen's writes are not yet stored."""
        return len(self.queue.waiting(self.target))

    def status(self) -> str:
        """What the header shows: 'saving…', 'not saved — retrying', 'saved HH:MM' or ''."""
        if self.queue.retrying(self.target):
            count = self.unsaved
            return f"not saved — retrying ({count} change{'s' * (count != 1)})"
        if self.unsaved:
            return "saving…"
        return f"saved {self.saved_at}" if self.saved_at else ""

    def stored(self) -> None:
        """Note that a write for this screen has just been stored (for 'saved HH:MM')."""
        self.saved_at = datetime.now().strftime("%H:%M")


def screen_writer(screen: Any) -> SerialWriter:
    """The SerialWriter bound to ``screen`` (a screen that keeps its own, like the CGA's ``writer``, is reused)."""
    writer = getattr(screen, "writer", None)
    if not isinstance(writer, SerialWriter):
        writer = getattr(screen, "_mdt_writer", None)
    if writer is None:
        writer = screen._mdt_writer = SerialWriter(screen.app, screen)
    return writer


def save_later(
    screen: Any,
    write: Callable[[], object],
    done: str,
    then: Callable[[Any], object] | None = None,
    refused: Callable[[Exception], bool] | None = None,
) -> None:
    """Queue one store write (a step, an edit) for ``screen`` and return at once.

    The header says *saving…*; when it is stored, *saved HH:MM*, a quiet notice ``done`` (or, when it is
    empty, just *Saved HH:MM*) and then
    ``then(outcome)`` (redraw, move on). If it is refused (busy, disk full, not allowed) the
    error's own sentence is shown, the header says *not saved*, and nothing else changes
    (unless ``refused(error)`` handles it itself and returns True, e.g. by opening a dialog).

    ``write`` runs later, in the writer's thread: every value it uses must be captured now (the
    person on screen, the meeting case…), never read from the screen when it runs.
    """
    writer = screen_writer(screen)

    def report(message: Message) -> None:
        if isinstance(message, SerialWriter.Finished):
            writer.stored()
            show_status(screen, writer.status())
            status = writer.status()  # no done: "Saved 08:14", never "saved — saved 08:14" (issue 14)
            screen.notify(f"{done} — {status}" if done else status[:1].upper() + status[1:], timeout=3, markup=False)
            if then is not None:
                then(message.outcome)
        elif isinstance(message, SerialWriter.Failed):
            error = getattr(message, "error", None)
            if refused is not None and error is not None and refused(error):
                show_status(screen, writer.status())  # handled (a dialog asks for what is missing): nothing unsaved
            else:
                show_status(screen, "not saved")
                screen.notify(message.problem, severity="error", timeout=10, markup=False)

    show_status(screen, "saving…")
    writer.submit(lambda store: write(), report=report)


def show_status(screen: Any, status: str) -> None:
    """Put the save status in the screen's header, after the app's own sub-title."""
    screen.sub_title = f"{screen.app.sub_title} · {status}" if status else screen.app.sub_title


def confirm_leaving(screen: Any, writer: SerialWriter | None, leave: Callable[[], object]) -> None:
    """Leave at once when everything is stored; otherwise ask first (the changes keep being tried)."""
    if writer is None or not (waiting := writer.unsaved):
        leave()
        return
    from mdt_tui.screens.kit.confirm import ConfirmDialog

    changes = f"{waiting} change{'s are' if waiting != 1 else ' is'}"
    text = (
        f"{changes} not saved yet ({writer.status()}). They keep being tried after you leave, and you "
        "are told if one cannot be saved. Leave now?"
    )
    screen.app.push_screen(
        ConfirmDialog("Leave with changes not yet saved?", text), lambda yes: leave() if yes else None
    )


def writer_of(screen: Any) -> SerialWriter | None:
    """The SerialWriter a screen has used, if any (the CGA keeps its own as ``writer``)."""
    writer = getattr(screen, "writer", None)
    return writer if isinstance(writer, SerialWriter) else getattr(screen, "_mdt_writer", None)
