"""Who decides at a meeting in progress: its chair (present? quorate?), and the steps keyed for them (issue 14).

A minute-taker keys the meeting's outcomes; the pathway step each one takes is the meeting's decision, attributed
to its chair (``pathway_transitions.by_name``/``by_role``, and ``decided_by`` in its details) and to the meeting,
while the keying stays the minute-taker's (``keyed_by`` in the details, the coded event's ``recorded_by`` and every
audit row's user). The rule itself is the core's: ``Transition.for_the_meeting`` in mdt_tui/pathway.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from mdt_tui.meeting.agenda import check_quorum
from mdt_tui.pathway import MeetingChair
from mdt_tui.roles import Role
from mdt_tui.store.base import _StoreBase

DECIDING: ContextVar[MeetingChair | None] = ContextVar("deciding_meeting", default=None)
"""The meeting whose decision the pathway steps being taken now record (set only around an outcome's steps)."""
DEFAULT_QUORUM = (Role.GP, Role.CARE_COORDINATOR)


@contextmanager
def deciding(chair: MeetingChair | None) -> Iterator[None]:
    """Pathway steps taken inside are the decision of ``chair``'s meeting when the minute-taker keys them."""
    token = DECIDING.set(chair)
    try:
        yield
    finally:
        DECIDING.reset(token)


def attribution(chair: MeetingChair, keyer_name: str, keyer_role: Role) -> dict[str, Any]:
    """What a step decided by the meeting records beside its details: who decided, where, and who keyed it."""
    return {
        "decided_by": chair.name,
        "decided_by_role": chair.role.value if chair.role else None,
        "meeting_id": chair.meeting_id,
        "keyed_by": keyer_name,
        "keyed_by_role": keyer_role.value,
    }


class MeetingAuthority(_StoreBase):
    """Mixed into Store."""

    def meeting_chair(self, meeting_id: int, db: Any = None) -> MeetingChair:
        """The meeting's chair as it stands now: named?, present (in person or remote)?, meeting quorate?"""
        db = db or self.db
        row = db.execute(
            "SELECT m.chair_member_id, coalesce(t.name, ''), t.role FROM meetings m"
            " LEFT JOIN team_members t ON t.id = m.chair_member_id WHERE m.id = ?",
            [meeting_id],
        ).fetchone()
        chair_id, name, role = row if row else (None, "", None)
        here = dict(
            db.execute("SELECT member_id, attendance FROM meeting_attendance WHERE meeting_id = ?", [meeting_id])
        )
        team = db.execute("SELECT id, role FROM team_members WHERE active = 1").fetchall()
        quorum = check_quorum([(Role(r), here.get(i, "")) for i, r in team], self._quorum_roles())
        return MeetingChair(
            meeting_id=meeting_id,
            name=name,
            role=Role(role) if chair_id is not None and role else None,
            present=here.get(chair_id) in ("in_person", "remote"),
            quorate=quorum.met,
        )

    def _quorum_roles(self) -> list[Role]:
        read = getattr(self, "team_policy", None)  # the team's policy in the database (issue 19), once it is there
        return list(read().quorum_roles) if read is not None else list(DEFAULT_QUORUM)
