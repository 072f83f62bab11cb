"""Autosave for the CGA: store writes run one at a time and in order in a thread worker, never on the event loop.

A write queued behind another for the same key replaces it (only the latest value matters).
Each outcome is posted to the screen as a message (never waited for, so closing cannot
deadlock). ``flush()`` writes whatever is still queued at once, on the calling thread: the
screen calls it when it closes, so nothing answered is lost when the app quits.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump

Write = Callable[[Any], Any]


class _Job(NamedTuple):
    write: Write
    done: Callable[[Any], None] | None
    key: Hashable | None


class SerialWriter:
    class Finished(Message):
        """A write succeeded; ``done`` (if given at submit) is to be called with its outcome."""

        def __init__(self, done: Callable[[Any], None] | None, outcome: Any) -> None:
            super().__init__()
            self.done, self.outcome = done, outcome

    class Failed(Message):
        """A write was refused or failed; ``problem`` says why, for the user."""

        def __init__(self, problem: str) -> None:
            super().__init__()
            self.problem = problem

    def __init__(self, app: App, target: MessagePump) -> None:
        self.app = app
        self.target = target
        self._jobs: deque[_Job] = deque()
        self._lock = threading.Lock()  # guards _jobs and _running
        self._one_at_a_time = threading.Lock()  # held while a job runs: writes never overlap
        self._running = False

    def submit(self, write: Write, *, key: Hashable | None = None, done: Callable[[Any], None] | None = None) -> None:
        """Queue ``write(store)``; a Finished or Failed message follows."""
        with self._lock:
            if key is not None:
                self._jobs = deque(job for job in self._jobs if job.key != key)
            self._jobs.append(_Job(write, done, key))
            if self._running:
                return
            self._running = True
        self.app.run_worker(self._drain, thread=True, group="cga-save", name="CGA autosave", exit_on_error=False)

    def flush(self) -> None:
        """Write everything still queued now, on this thread (after a write in progress finishes)."""
        with self._one_at_a_time:
            while (job := self._pop(stop=False)) is not None:
                outcome = self._run(job)
                if isinstance(outcome, self.Failed):
                    self.app.notify(f"Not saved: {outcome.problem}", severity="error", timeout=10)

    def _drain(self) -> None:
        while True:
            with self._one_at_a_time:
                job = self._pop(stop=True)
                if job is None:
                    return
                outcome = self._run(job)
            self.target.post_message(outcome)  # thread-safe; dropped once the screen has closed

    def _pop(self, *, stop: bool) -> _Job | None:
        with self._lock:
            if self._jobs:
                return self._jobs.popleft()
            if stop:
                self._running = False
            return None

    def _run(self, job: _Job) -> Message:
        try:
            return self.Finished(job.done, job.write(self.app.store))
        except Exception as exc:  # reported to the user; the queue carries on
            return self.Failed(str(exc) or exc.__class__.__name__)
