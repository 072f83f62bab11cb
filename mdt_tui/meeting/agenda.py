"""MDT meetings as data: agenda building, fit against the session, quorum and carry-over (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from enum import Enum

from pydantic import BaseModel, ConfigDict

from mdt_tui.roles import Role


class Source(str, Enum):
    """Why a person is on the agenda, in the order the agenda takes them."""

    CARRIED_OVER = "carried_over"
    TRIGGERED = "triggered"
    OVERDUE = "overdue"
    DUE = "due"
    NEW = "new"
    ADDED = "added"
    """Put on the agenda by hand from the agenda screen; never found by the store."""

    @property
    def label(self) -> str:
        return {
            "carried_over": "carried over",
            "triggered": "triggered review",
            "overdue": "overdue review",
            "due": "review due",
            "new": "new case",
            "added": "added by hand",
        }[self.value]


class Outcome(str, Enum):
    """How a case ends at the meeting; every one but 'deferred' changes or codes the pathway."""

    PLAN_AGREED = "plan_agreed"
    DEFERRED = "deferred"
    NOT_APPROPRIATE = "not_appropriate"
    STEP_DOWN = "step_down"
    DECLINED = "declined"
    TRANSFER_GSF = "transfer_gsf"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    Outcome.PLAN_AGREED: "Plan agreed",
    Outcome.DEFERRED: "Deferred",
    Outcome.NOT_APPROPRIATE: "Not appropriate",
    Outcome.STEP_DOWN: "Step down",
    Outcome.DECLINED: "Declined",
    Outcome.TRANSFER_GSF: "Transfer to GSF",
}
NEEDS_REASON = frozenset({Outcome.DEFERRED, Outcome.NOT_APPROPRIATE, Outcome.STEP_DOWN, Outcome.TRANSFER_GSF})
CARRIED = frozenset({None, Outcome.DEFERRED})
"""Cases with no outcome, or deferred, go on to the next meeting."""

Attendance = str  # 'in_person' | 'remote' | 'apologies'
ATTENDANCE_WORDS = {"in_person": "in person", "remote": "remote", "apologies": "apologies"}
STATUS_WORDS = {"upcoming": "upcoming", "in_progress": "in progress", "held": "held"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Candidate(_Model):
    """Someone who could go on the agenda, found by the store."""

    person_id: int
    source: Source
    since: date | None = None
    detail: str = ""
    new_case: bool = False


class AgendaItem(_Model):
    person_id: int
    source: Source
    minutes: int
    detail: str = ""
    new_case: bool = False


def hours_and_minutes(minutes: int) -> str:
    """145 -> '2h25m'."""
    return f"{minutes // 60}h{minutes % 60:02d}m"


class Fit(_Model):
    total_minutes: int
    session_minutes: int

    @property
    def fits(self) -> bool:
        return self.total_minutes <= self.session_minutes

    @property
    def over_by(self) -> int:
        """Minutes the agenda runs past the session (0 when it fits)."""
        return max(0, self.total_minutes - self.session_minutes)

    def line(self) -> str:
        hours = hours_and_minutes(self.total_minutes)
        if self.fits:
            return f"✔ {hours} of {self.session_minutes} min session"
        return f"! {hours} will not fit the {self.session_minutes} min session — over by {self.over_by} min"


class Quorum(_Model):
    met: bool
    missing: tuple[Role, ...] = ()

    def line(self) -> str:
        if self.met:
            return "✔ quorate"
        return "✘ not quorate — missing: " + ", ".join(r.label for r in self.missing)


def minutes_for(new_case: bool, settings) -> int:  # noqa: ANN001 — the TeamPolicy, kept import-light
    return settings.minutes_per_new_case if new_case else settings.minutes_per_review


def added_by_hand(person_id: int, *, new_case: bool, settings) -> AgendaItem:  # noqa: ANN001
    """Someone the coordinator puts on the agenda: a new case's allotment until their first MDT review."""
    return AgendaItem(
        person_id=person_id,
        source=Source.ADDED,
        minutes=minutes_for(new_case, settings),
        detail="new case" if new_case else "review",
        new_case=new_case,
    )


def next_meeting_date(latest: date | None, today: date) -> date:
    """The weekday after the latest meeting (or after yesterday, with none), and never before today."""
    day = max(latest or today - timedelta(days=1), today - timedelta(days=1)) + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def build_agenda(
    candidates: Iterable[Candidate], settings, *, max_new: int | None = None, max_reviews: int | None = None
) -> list[AgendaItem]:
    """Carried over first, then triggered, overdue and due reviews, then new cases; oldest first within each.

    Each person appears once (under their most pressing reason). Carried-over cases are always
    kept; new cases and reviews are capped at the team policy's numbers per session.
    """
    max_new = settings.new_cases_per_meeting if max_new is None else max_new
    max_reviews = settings.reviews_per_meeting if max_reviews is None else max_reviews
    order = list(Source)
    ranked = sorted(candidates, key=lambda c: (order.index(c.source), c.since or date.min, c.person_id))
    seen: set[int] = set()
    items: list[AgendaItem] = []
    counts = {"new": 0, "review": 0}
    for c in ranked:
        if c.person_id in seen:
            continue
        if c.source is not Source.CARRIED_OVER:
            kind = "new" if c.new_case else "review"
            if counts[kind] >= (max_new if kind == "new" else max_reviews):
                continue
            counts[kind] += 1
        seen.add(c.person_id)
        items.append(
            AgendaItem(
                person_id=c.person_id,
                source=c.source,
                minutes=minutes_for(c.new_case, settings),
                detail=c.detail,
                new_case=c.new_case,
            )
        )
    return items


class OnAgenda(_Model):
    """A case already on a draft agenda, as the rebuild sees it."""

    person_id: int
    source: Source
    new_case: bool = False
    recorded: bool = False
    """It has an outcome or decisions: never taken off."""


class AgendaRebuild(_Model):
    """What bringing a draft agenda up to date changes: people now due added, people no longer due taken off."""

    add: tuple[AgendaItem, ...] = ()
    drop: tuple[int, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.add or self.drop)

    def line(self) -> str:
        parts = [f"{len(self.add)} now due added"] if self.add else []
        parts += [f"{len(self.drop)} no longer due taken off"] if self.drop else []
        return "Agenda brought up to date: " + ", ".join(parts) + " (your own changes kept)"


def rebuild_agenda(
    current: Sequence[OnAgenda], candidates: Iterable[Candidate], removed_by_hand: Iterable[int], settings
) -> AgendaRebuild:  # noqa: ANN001 — the TeamPolicy
    """A draft agenda brought up to date as people become due, keeping every hand edit: cases added by hand,
    carried over or already discussed stay; people taken off by hand are not put back; the order stays (new
    cases are placed by ``place_new``). Automatic cases no longer due go; the caps count the cases kept."""
    removed = set(removed_by_hand)
    everyone = list(candidates)
    candidates = [c for c in everyone if c.person_id not in removed]
    due = {c.person_id for c in candidates}
    automatic = {Source.TRIGGERED, Source.OVERDUE, Source.DUE, Source.NEW}
    drop = tuple(c.person_id for c in current if c.source in automatic and c.person_id not in due and not c.recorded)
    on = {c.person_id for c in current}
    # The places the caps allow are taken by the automatic cases kept and by those taken off by hand (the
    # coordinator freed that time on purpose: it is not filled again).
    taken = [c.new_case for c in current if c.source in automatic and c.person_id not in drop]
    taken += [c.new_case for c in {c.person_id: c for c in everyone if c.person_id in removed - on}.values()]
    add = build_agenda(
        [c for c in candidates if c.person_id not in on],
        settings,
        max_new=max(0, settings.new_cases_per_meeting - sum(taken)),
        max_reviews=max(0, settings.reviews_per_meeting - (len(taken) - sum(taken))),
    )
    return AgendaRebuild(add=tuple(add), drop=drop)


def place_new(order: Sequence[Source], source: Source) -> int:
    """Where a case newly due goes in an agenda whose cases have these sources: before the first case of a
    later kind (carried over, triggered, overdue, due, new), so the agenda's order of kinds holds; cases added
    by hand count as last."""
    rank = list(Source)
    return next((i for i, s in enumerate(order) if rank.index(s) > rank.index(source)), len(order))


def agenda_fit(minutes: Sequence[int], session_minutes: int) -> Fit:
    return Fit(total_minutes=sum(minutes), session_minutes=session_minutes)


def check_quorum(present: Iterable[tuple[Role, Attendance]], required: Iterable[Role]) -> Quorum:
    """Quorate when every required discipline has someone present, in person or remote."""
    here = {role for role, attendance in present if attendance in ("in_person", "remote")}
    missing = tuple(r for r in dict.fromkeys(required) if r not in here)
    return Quorum(met=not missing, missing=missing)


def ending_warnings(present: Iterable[tuple[Role, Attendance]], required: Iterable[Role]) -> list[str]:
    """What to say before a meeting is ended: nobody marked present, or not quorate (the minutes will show it)."""
    present = list(present)
    if not any(attendance in ("in_person", "remote") for _, attendance in present):
        return [
            "! Nobody is marked present: the minutes will show no one attended (escape, then mark "
            "attendance on the agenda)."
        ]
    quorum = check_quorum(present, required)
    return [] if quorum.met else [f"! {quorum.line().removeprefix('✘ ')}: the minutes will say so."]


# Where each missing part of a plan is put right from the meeting screen (plan_gate's fields).
_FIX_IN_MEETING = {
    "actions": "x adds an action here",
    "next_review": "r sets it here, the suggested date filled in",
    "lead_member_id": "l opens the plan: o names the lead",
    "consent_to_share": "l opens the plan: s records it",
    "problems": "l opens the plan: + adds a problem",
}


def missing_in_words(missing: Iterable[object]) -> list[str]:
    """What stops a plan being agreed, in the user's words with the key that puts it right — never the
    internal field names (``lead_member_id``) that the plan gate uses."""
    lines = []
    for item in missing:
        field, message = getattr(item, "field", ""), str(getattr(item, "message", item))
        fix = _FIX_IN_MEETING.get(field)
        lines.append(f"{message[:1].upper()}{message[1:]}" + (f" — {fix}" if fix else ""))
    return lines


def carried_over(outcomes: Sequence[tuple[int, Outcome | None]]) -> list[int]:
    """The people whose case must go to the next meeting: not discussed, or deferred."""
    return [person_id for person_id, outcome in outcomes if outcome in CARRIED]


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{seconds // 60}:{seconds % 60:02d}"


def due_shortcut(text: str, today: date) -> date:
    """'+2w', '+10d', '+3m', 'today' or an ISO/UK date: the due date it means."""
    from mdt_tui.cohort.dates import DATE_FORMATS, parse_date

    raw = text.strip().lower().replace(" ", "")
    if raw in ("", "today"):
        return today
    if raw.startswith("+") and raw[1:-1].isdigit() and raw[-1] in "dwm":
        n = int(raw[1:-1])
        return today + timedelta(days={"d": n, "w": 7 * n, "m": 30 * n}[raw[-1]])
    try:
        return parse_date(text.strip())
    except ValueError:
        raise ValueError(f"'{text}' is not a date: use +2w, +10d, +3m, today or {DATE_FORMATS}") from None
