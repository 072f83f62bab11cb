"""Domain errors whose messages are written for the person at the keyboard."""

from __future__ import annotations


class MdtError(Exception):
    """Base for errors the app reports to the user as one clear sentence."""


class IllegalTransition(MdtError):
    """A pathway step that is not allowed from the person's current stage."""


class NotPermitted(MdtError):
    """The signed-in role may not take this step."""


class MissingRequirement(MdtError):
    """A step was attempted without something it requires (a reason, a consent detail…)."""


class NotFound(MdtError):
    """No such person, event or record."""


class StoreError(MdtError):
    """The database file is missing, corrupt, locked or from a newer version.

    Every sqlite3 error leaving the store is one of these (see store/db_errors.py), so a screen or
    command that catches ``MdtError`` refuses the action with the message and carries on.
    """

    default = "The database could not be used."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default)


class DatabaseBusy(StoreError):
    """Another process holds the write lock past the busy timeout. Worth retrying."""

    default = "The database is busy: another mdt-tui is saving. Try again in a moment."


class DiskFull(StoreError):
    """The disk (or a size limit) is full; the write was rolled back."""

    default = "The disk is full: nothing was saved. Free some space and try again."


class ReadOnlyDatabase(StoreError):
    """The file or its folder cannot be written (permissions, read-only media)."""

    default = "The database is read-only here: nothing was saved. Check the file's permissions."


class DatabaseDamaged(StoreError):
    """SQLite found the file corrupt or not a database."""

    default = "The database file is damaged: nothing was saved. Run 'mdt check' and restore a backup."


class DatabaseUnavailable(StoreError):
    """The file could not be opened, read or written (I/O error, missing folder, removed disk)."""

    default = "The database file could not be read or written: nothing was saved. Check the disk it is on."


def _local_hh_mm(at: str) -> str:
    """HH:MM in local time of a stored ISO timestamp (with its offset); the text itself if unreadable."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    return (moment.astimezone() if moment.tzinfo else moment).strftime("%H:%M")


class StaleEdit(MdtError):
    """A save based on a version of the record someone else has changed since: refused, nothing written.

    ``by`` saved the newer version at ``at`` (stored ISO time); the message is the sentence the user sees."""

    def __init__(self, by: str, at: str) -> None:
        self.by, self.at = by, at
        super().__init__(f"Changed by {by} at {_local_hh_mm(at)} — reload.")


class NotMinuteTaker(MdtError):
    """Someone else holds the meeting's minute-taker lease: the meeting is read-only here."""

    def __init__(self, holder: str, since: str) -> None:
        self.holder, self.since = holder, since
        super().__init__(f"Minutes are being taken by {holder} since {_local_hh_mm(since)} — read-only.")
