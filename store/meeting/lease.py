"""The minute-taker lease of a meeting (issue 19): taking, renewing, taking over and releasing it, and the
guard every outcome write passes through.

One row per meeting in ``meeting_leases`` (current state; the audit trail keeps who took it and who took
over). A lease not renewed for ``STALE_AFTER`` has lapsed and anyone may take it. The guard refuses a
write from anyone but the holder of a live lease; with no live lease (a solo laptop, the CLI) writes go
ahead as before. Plain SQL with ON CONFLICT upserts, the same on PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from mdt_tui.errors import IllegalTransition, NotMinuteTaker, NotPermitted
from mdt_tui.meeting.lease import STALE_AFTER, MeetingLease
from mdt_tui.models import User
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _lease(db: sqlite_utils.Database, meeting_id: int) -> MeetingLease | None:
    row = db.execute(
        "SELECT holder_name, holder_role, since, renewed_at, holder_session FROM meeting_leases WHERE meeting_id = ?",
        [meeting_id],
    ).fetchone()
    if row is None:
        return None
    return MeetingLease(
        meeting_id, row[0], row[1], datetime.fromisoformat(row[2]), datetime.fromisoformat(row[3]), row[4]
    )


class MeetingLeases(_StoreBase):
    """Mixed into Store; relies on ``transaction()``, ``clock``, ``db`` and ``session`` (this window's token:
    a lease belongs to the window that took it, so one person's second window watches, issue 14)."""

    # -- reads ------------------------------------------------------------------------------
    def minute_taker(self, meeting_id: int) -> MeetingLease | None:
        """The live lease of the meeting (None when nobody holds one or it has lapsed)."""
        lease = _lease(self.db, meeting_id)
        return None if lease is None or lease.lapsed(self.clock()) else lease

    def meeting_mark(self, meeting_id: int) -> tuple:
        """A cheap fingerprint of what a watcher of the meeting sees: its status, latest decision, the notes
        and the minute-taker. When it changes, the read-only screen reloads the meeting."""
        return tuple(
            self.db.execute(
                "SELECT m.status,"
                " (SELECT coalesce(max(d.id), 0) FROM meeting_decisions d JOIN meeting_cases c ON c.id = d.case_id"
                "  WHERE c.meeting_id = m.id),"
                " (SELECT coalesce(sum(length(c.know) + length(c.dont_know) + length(c.assume) + c.position), 0)"
                "  FROM meeting_cases c WHERE c.meeting_id = m.id),"
                " (SELECT count(*) FROM meeting_cases c WHERE c.meeting_id = m.id),"
                " (SELECT l.holder_name || ' ' || l.since FROM meeting_leases l WHERE l.meeting_id = m.id)"
                " FROM meetings m WHERE m.id = ?",
                [meeting_id],
            ).fetchone()
            or ()
        )

    # -- writes -----------------------------------------------------------------------------
    def take_minutes(self, user: User, meeting_id: int, *, take_over: bool = False) -> MeetingLease:
        """Start (or renew) taking the meeting's minutes. Refused with ``NotMinuteTaker`` while someone else
        holds a live lease, unless ``take_over`` (the meeting's chair only, or anyone when none is named; or the
        same person from another window)."""
        now = self.clock()
        with self.transaction() as db:
            if self._meeting_status(db, meeting_id) == "held":
                raise IllegalTransition("This meeting has been held: its minutes cannot change.")
            current = _lease(db, meeting_id)
            if current is not None and current.held_by(user.name, self.session):
                db.execute(
                    "UPDATE meeting_leases SET renewed_at = ?, holder_session = ? WHERE meeting_id = ?",
                    (_stamp(now), self.session, meeting_id),
                )
                return MeetingLease(meeting_id, current.holder, current.role, current.since, now, self.session)
            live = current is not None and not current.lapsed(now)
            if current is not None and live and not take_over:
                raise NotMinuteTaker(current.holder, _stamp(current.since))
            if current is not None and live:
                chair = db.execute(
                    "SELECT t.name FROM meetings m JOIN team_members t ON t.id = m.chair_member_id WHERE m.id = ?",
                    [meeting_id],
                ).fetchone()
                if chair is not None and chair[0] != user.name and current.holder != user.name:
                    raise NotPermitted(f"Only the chair ({chair[0]}) can take over the minutes from {current.holder}.")
            db.execute(
                "INSERT INTO meeting_leases (meeting_id, holder_name, holder_role, since, renewed_at, holder_session)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id) DO UPDATE SET holder_name = excluded.holder_name,"
                " holder_role = excluded.holder_role, since = excluded.since, renewed_at = excluded.renewed_at,"
                " holder_session = excluded.holder_session",
                (meeting_id, user.name, user.role.value, _stamp(now), _stamp(now), self.session),
            )
            write_audit(
                db,
                user,
                now,
                "take_over_minutes" if live else "take_minutes",
                "meeting",
                meeting_id,
                None if current is None else {"holder": current.holder, "lapsed": not live, "window": current.session},
                {"holder": user.name, "window": self.session},
            )
        return MeetingLease(meeting_id, user.name, user.role.value, now, now, self.session)

    def release_minutes(self, user: User, meeting_id: int) -> None:
        """Stop taking the minutes (the meeting screen closed); a lease someone else holds is left alone, and so
        is one the same person holds in another window (issue 14)."""
        with self.transaction() as db:
            gone = db.execute(
                "DELETE FROM meeting_leases WHERE meeting_id = ? AND holder_name = ?"
                " AND (holder_session = ? OR holder_session = '')",
                (meeting_id, user.name, self.session),
            ).rowcount
            if gone:
                write_audit(db, user, self.clock(), "release_minutes", "meeting", meeting_id, {"holder": user.name})

    # -- the guard --------------------------------------------------------------------------
    def _minute_taker_only(self, db: sqlite_utils.Database, user: User, meeting_id: int) -> None:
        """Inside an outcome write: refuse it while someone else holds the meeting's live lease."""
        lease = _lease(db, meeting_id)
        if lease is not None and not lease.held_by(user.name, self.session) and not lease.lapsed(self.clock()):
            raise NotMinuteTaker(lease.holder, _stamp(lease.since))


__all__ = ["STALE_AFTER", "MeetingLeases"]
