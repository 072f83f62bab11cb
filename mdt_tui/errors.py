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
    """The database file is missing, corrupt, locked or from a newer version."""
