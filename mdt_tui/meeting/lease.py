"""The minute-taker lease: one person records a meeting's outcomes at a time; everyone else watches (issue 19)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

RENEW_EVERY = timedelta(minutes=1)
"""How often the meeting screen of the person holding the lease renews it."""
STALE_AFTER = timedelta(minutes=5)
"""A lease not renewed for this long has lapsed (a crashed laptop does not block the meeting for ever)."""
POLL_SECONDS = 3.0
"""How often a read-only meeting screen looks for new outcomes (one cheap query)."""


@dataclass(frozen=True)
class MeetingLease:
    """Who takes the meeting's minutes now, since when, and when their screen last renewed the lease."""

    meeting_id: int
    holder: str
    role: str
    since: datetime
    renewed_at: datetime
    session: str = ""
    """The window (``Store.session``) that holds it; '' for a lease taken before leases had one."""

    def lapsed(self, now: datetime) -> bool:
        return now - self.renewed_at > STALE_AFTER

    def held_by(self, name: str, session: str) -> bool:
        """Held by this window: the same person's other window does not hold it (issue 14)."""
        return self.holder == name and (self.session == session or not self.session)

    def line(self) -> str:
        """The one line everyone else sees."""
        return f"Minutes are being taken by {self.holder} since {self.since.astimezone():%H:%M} — read-only"
