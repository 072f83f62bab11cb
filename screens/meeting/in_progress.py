"""The meeting in progress: case N of M, the person's summary, timers, and the minute-taker's outcome keys.

A held meeting opens read-only: its minutes cannot change, and `+` adds an addendum instead."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from mdt_tui.meeting.agenda import Outcome, clock_text
from mdt_tui.meeting.case_summary import CaseSummary, summarise
from mdt_tui.meeting.models import Meeting, MeetingCase
from mdt_tui.models import saved_id
from mdt_tui.screens.consent.dialogs import ReasonDialog
from mdt_tui.screens.households.keys import open_other_member
from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.keys import binding
from mdt_tui.screens.kit.masked_text import masked, name_mask
from mdt_tui.screens.kit.plain_text import safe_lines
from mdt_tui.screens.kit.saving import save_later
from mdt_tui.screens.meeting.dialogs import ActionDialog, CaseNotes, MissingDialog, NotesDialog, ReviewDialog
from mdt_tui.screens.meeting.lease import LeaseKeeper
from mdt_tui.screens.meeting.text import case_text, decisions_text

KEYS_HINT = (
    "[1] plan agreed  [2] defer…  [3] not appropriate…  [4] step down…  [5] declined  [6] GSF…  "
    "[x] action…  [r] review date…  [k] know/don't know  [d] decision…  [u] undo outcome…  [n] next  [b] back"
    "  [e] end"
)
HELD_HINT = "Held meeting — read-only.  [+] add addendum…  [n] next  [b] back  [escape] agenda"
REASONED = {
    "2": (Outcome.DEFERRED, "Defer to the next meeting — why?"),  # close_meeting carries it over
    "3": (Outcome.NOT_APPROPRIATE, "Not appropriate — why?"),
    "4": (Outcome.STEP_DOWN, "Step down — why?"),
    "6": (Outcome.TRANSFER_GSF, "Transfer to GSF — why?"),
}


class MeetingScreen(MdtScreen):
    BINDINGS = [
        Binding(
            "1",
            "outcome('1')",
            "Plan agreed",
            id="meeting_plan_agreed",
            tooltip="Plan agreed: records the MDT review code",
        ),
        Binding(
            "2",
            "outcome('2')",
            "Defer…",
            id="meeting_defer",
            tooltip="Defer the case to the next meeting, with a reason",
        ),
        Binding(
            "3",
            "outcome('3')",
            "Not approp.…",
            id="meeting_not_appropriate",
            tooltip="Not appropriate, with a reason",
            show=False,
        ),
        binding("step_down", "outcome('4')", show=False),
        Binding(
            "5", "outcome('5')", "Declined", id="meeting_declined", tooltip="The person declined the plan", show=False
        ),
        binding("to_gsf", "outcome('6')", show=False),
        binding("add_action", "action", description="Add an action: owner by number, due by shortcut"),
        binding("review_date", "review", name="Review…", description="Set the next review (suggested date filled in)"),
        Binding("k", "notes", "Notes…", id="meeting_notes", tooltip="What we know / don't know / are assuming"),
        Binding("d", "decision", "Decision…", id="meeting_decision", tooltip="Record a decision in words", show=False),
        binding(
            "undo",
            "undo",
            name="Undo outcome…",
            description="The case's outcome was entered in error: reverse it (and its code), with a reason",
            show=False,
        ),
        binding(
            "add",
            "addendum",
            name="Addendum…",
            description="A held meeting: add what was learned since (its minutes stay as they were)",
            show=False,
        ),
        Binding("n", "move(1)", "Next", id="meeting_next", tooltip="Next case"),
        Binding("b", "move(-1)", "Back a case", id="meeting_previous", tooltip="Previous case"),
        binding("step_cga", "jump('cga')", description="This person's CGA (escape returns here)", show=False),
        binding("step_plan", "jump('plan')", description="This person's plan (escape returns here)", show=False),
        Binding(
            "ctrl+o",
            "other_member",
            "Other member",
            id="household_other",
            show=False,
            tooltip="The other household member's case on this agenda (or their person screen)",
        ),
        Binding("e", "end", "End meeting", id="meeting_end", tooltip="Close the meeting; undiscussed cases carry over"),
        Binding(
            "T",
            "take_minutes",
            "Take minutes",
            id="meeting_take_minutes",
            show=False,
            tooltip="Take the minutes when no one is; the chair can take them over (asks first)",
        ),
        Binding("escape", "app.pop_screen", "Agenda", id="back", tooltip="Back to the agenda (the meeting stays open)"),
    ]

    def __init__(self, meeting_id: int, *, clock: Callable[[], float] | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.clock = clock
        self.index = 0
        self._meeting: Meeting | None = None  # read on mount (reload)
        self.summary: CaseSummary | None = None
        self._session_start = 0.0
        self._case_start = 0.0
        self._spent: dict[int, float] = {}
        self.joint: dict[int, int] = {}  # case id -> first case of its household item

    def now(self) -> float:
        return (self.clock or getattr(self.app, "meeting_clock", None) or time.monotonic)()

    def compose_body(self) -> ComposeResult:
        yield Static(id="meeting-bar")
        with VerticalScroll(id="meeting-case"):
            yield Static(id="case-summary")
            yield Static(id="case-decisions")
        yield Static(KEYS_HINT, id="meeting-keys", classes="hint", markup=False)
        yield Static(id="meeting-lease", classes="error")  # shown only while someone else takes the minutes

    def on_mount(self) -> None:
        self._session_start = self._case_start = self.now()
        self.reload()
        if self.meeting is not None and self.meeting.started_at is not None:
            # The meeting's own start from the store, so every window shows the same session time (issue 14).
            elapsed = (self.app.store.clock() - self.meeting.started_at).total_seconds()
            self._session_start -= max(0.0, elapsed)
        self.set_interval(1, self.show_clock)
        self.lease = LeaseKeeper(self)  # one minute-taker at a time (issue 19)
        self.query_one("#meeting-lease").display = False
        self.lease.start()

    def on_unmount(self) -> None:
        self.lease.release()

    def action_take_minutes(self) -> None:
        self.lease.take()

    def came_back(self) -> None:
        self.reload()

    # -- drawing -----------------------------------------------------------------------------
    @property
    def meeting(self) -> Meeting:
        """The meeting as last read (``reload``, first on mount)."""
        if self._meeting is None:
            raise RuntimeError("the meeting is read on mount")
        return self._meeting

    @property
    def case(self) -> MeetingCase:
        return self.meeting.cases[self.index]

    def reload(self) -> None:
        self._meeting = self.app.store.meeting(self.meeting_id)
        self.joint = self.app.store.joint_cases(self.meeting_id)
        if not self.meeting.cases:
            self.query_one("#case-summary", Static).update("No cases on the agenda.")
            return
        self.index = min(self.index, len(self.meeting.cases) - 1)
        since = self.app.store.last_discussed(self.case.person_id, self.meeting.held_on)
        self.summary = summarise(self.app.store, self.case.person_id, since=since)
        self.show_privacy(self.app.privacy)

    def show_privacy(self, private: bool) -> None:
        if self.summary is None:
            return
        # Names, notes and actions are stored text: shown with control characters as �, and with privacy on the
        # household's names in them as initials (masked_text).
        mask = name_mask(self.app.store, [self.case.person_id], private=private)
        self.query_one("#case-summary", Static).update(
            safe_lines(masked(case_text(self.summary, self.case, self.app.today, private), mask))
        )
        self.query_one("#case-decisions", Static).update(
            safe_lines(masked(decisions_text(self.case, self.meeting), mask))
        )
        self.query_one("#meeting-keys", Static).update(HELD_HINT if self.meeting.closed else KEYS_HINT)
        self.show_clock()

    def item_indices(self) -> list[int]:
        """The cases of the current agenda item: the household's when it is discussed as one, else this one."""
        first = self.joint.get(self.case.id)
        if first is None:
            return [self.index]
        return [i for i, c in enumerate(self.meeting.cases) if self.joint.get(c.id) == first]

    def case_seconds(self) -> float:
        """One timer for a household item: time on any of its cases counts for the item."""
        others = sum(self._spent.get(i, 0.0) for i in self.item_indices() if i != self.index)
        return others + self._spent.get(self.index, 0.0) + self.now() - self._case_start

    def show_clock(self) -> None:
        if not self._meeting or not self._meeting.cases:
            return
        spent, allotted = self.case_seconds(), sum(self.meeting.cases[i].minutes for i in self.item_indices()) * 60
        session, length = self.now() - self._session_start, self.meeting.session_minutes * 60
        bar = Text(f" Case {self.index + 1} of {len(self.meeting.cases)}  ·  ")
        if len(item := self.item_indices()) > 1:  # one timer for the household; an outcome for each
            bar.append(f"⌂ household item, {item.index(self.index) + 1} of {len(item)}  ·  ", style="bold")
        bar.append(
            f"⏱ {clock_text(spent)} / {clock_text(allotted)}" + (" ! over" if spent > allotted else ""),
            style="bold reverse" if spent > allotted else "bold",
        )
        bar.append(
            f"  ·  session {clock_text(session)} / {clock_text(length)}" + (" ! over" if session > length else ""),
            style="bold reverse" if session > length else "",
        )
        widget = self.query_one("#meeting-bar", Static)
        widget.set_class(spent > allotted or session > length, "-over")
        widget.update(bar)

    # -- moving ------------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        target = self.index + step
        if not 0 <= target < len(self.meeting.cases):
            self.notify(
                "That was the last case: e ends the meeting." if step > 0 else "This is the first case.", timeout=3
            )
            return
        if step > 0 and self.case.touched and self.case.outcome is None:
            self.notify(
                "Record an outcome for this case first (1–6): decisions are recorded without one.",
                severity="warning",
                timeout=5,
            )
            return
        self._spent[self.index] = self._spent.get(self.index, 0.0) + self.now() - self._case_start
        self.index, self._case_start = target, self.now()
        self.reload()

    def action_jump(self, step: str) -> None:
        self.app.open_step(step, self.case.person_id)

    def action_other_member(self) -> None:
        """To the other household member's case when they are on this agenda, else their person screen."""
        others = self.app.store.household_view(self.case.person_id).other_people()
        on_agenda = [i for i, c in enumerate(self.meeting.cases) if c.person_id in others]
        if on_agenda:
            self.action_move(on_agenda[0] - self.index)
        else:
            open_other_member(self, self.case.person_id)

    # -- recording ---------------------------------------------------------------------------
    def _write(
        self, write: Callable[[], object], done: str, refused: Callable[[Exception], bool] | None = None
    ) -> None:
        """Queue ``write`` (off the UI thread); the case is redrawn once it is stored. It runs later, so
        every caller captures the person, meeting and values now: the chair may have moved on by then."""
        save_later(self, write, done, then=lambda _: self.reload(), refused=refused)

    def action_outcome(self, key: str) -> None:
        if self._refused_when_held():
            return
        store, user, meeting_id, pid = self.app.store, self.app.user, self.meeting_id, self.case.person_id
        seconds = int(self.case_seconds())
        if key in REASONED:
            outcome, title = REASONED[key]
            self.app.push_screen(
                ReasonDialog(title, with_note=False), lambda r: r and self._record(pid, outcome, r.reason, seconds)
            )
            return
        outcome = Outcome.PLAN_AGREED if key == "1" else Outcome.DECLINED

        def plan_incomplete(exc: Exception) -> bool:
            missing = getattr(exc, "missing", None)
            if missing and outcome is Outcome.PLAN_AGREED:  # asked in place, each part by number (issue 14)
                self._agree_in_place(pid, missing, seconds)
            elif missing:
                self._show_missing(pid, missing)
            return bool(missing)

        self._write(
            lambda: store.record_outcome(user, meeting_id, pid, outcome, seconds_spent=seconds),
            f"{outcome.label} — coded",
            refused=plan_incomplete,
        )

    def _agree_in_place(self, pid: int, missing: list, seconds: int) -> None:
        """The missing parts asked here; the answers and "plan agreed" are one write (nothing kept if refused)."""
        from mdt_tui.screens.meeting.agree import AgreePlanDialog, agree_context

        store, user, meeting_id = self.app.store, self.app.user, self.meeting_id

        def answered(parts) -> None:  # noqa: ANN001 - AgreedInPlace
            if parts is None:
                return
            self._write(
                lambda: store.agree_plan_at_meeting(user, meeting_id, pid, parts, seconds_spent=seconds),
                f"{Outcome.PLAN_AGREED.label} — coded",
                refused=lambda exc: bool(missing := getattr(exc, "missing", [])) and self._show_missing(pid, missing),
            )

        self.app.push_screen(AgreePlanDialog(agree_context(self.app, pid, missing)), answered)

    def _show_missing(self, pid: int, missing: list) -> bool:
        from mdt_tui.meeting.agenda import missing_in_words

        lines = missing_in_words(missing)  # human words and the key that fixes each, no field names
        self.app.push_screen(MissingDialog(lines), lambda fix: fix and self.app.open_step("plan", pid))
        return True

    def _record(self, pid: int, outcome: Outcome, reason: str, seconds: int) -> None:
        store, user, meeting_id = self.app.store, self.app.user, self.meeting_id
        self._write(
            lambda: store.record_outcome(user, meeting_id, pid, outcome, reason=reason, seconds_spent=seconds),
            outcome.label,
        )

    def action_action(self) -> None:
        if self._refused_when_held():
            return
        team = self.app.store.team()  # roster order: a member has the same number in every picker
        store, user, meeting_id, pid = self.app.store, self.app.user, self.meeting_id, self.case.person_id
        self.app.push_screen(
            ActionDialog("Action", team, self.app.today),
            lambda a: a
            and self._write(
                lambda: store.record_action(
                    user, meeting_id, pid, description=a.description, owner_id=a.owner_id, due=a.due
                ),
                "Action added",
            ),
        )

    def action_review(self) -> None:
        if self._refused_when_held():
            return
        store, user, meeting_id, pid = self.app.store, self.app.user, self.meeting_id, self.case.person_id
        suggested = store.suggested_review(pid, self.app.policy, self.app.today)
        today = self.app.today

        def write(r) -> None:  # noqa: ANN001 - ReviewDate
            store.record_review_date(user, meeting_id, pid, r.day, reason=r.reason)
            if r.experience:  # the person's own experience, asked at this review (GP Patient Survey)
                store.record_experience(user, pid, r.experience, on=today)

        self.app.push_screen(
            ReviewDialog("Next review", today, suggested, ask_experience=True),
            lambda r: r and self._write(lambda: write(r), f"Next review {r.day:%d %b %Y}"),
        )

    def action_notes(self) -> None:
        if self._refused_when_held():
            return
        c, store, user, meeting_id = self.case, self.app.store, self.app.user, self.meeting_id
        self.app.push_screen(
            NotesDialog("Know / don't know / assuming", CaseNotes(know=c.know, dont_know=c.dont_know, assume=c.assume)),
            lambda n: n
            and self._write(
                lambda: store.save_case_notes(
                    user, meeting_id, c.person_id, know=n.know, dont_know=n.dont_know, assume=n.assume
                ),
                "Notes saved",
            ),
        )

    def action_decision(self) -> None:
        if self._refused_when_held():
            return
        store, user, meeting_id, pid = self.app.store, self.app.user, self.meeting_id, self.case.person_id
        self.app.push_screen(
            ReasonDialog("Decision", reason_label="Decision", with_note=False),
            lambda r: r
            and self._write(lambda: store.record_decision(user, meeting_id, pid, r.reason), "Decision recorded"),
        )

    def action_undo(self) -> None:
        if self._refused_when_held():
            return
        case, store, user, meeting_id = self.case, self.app.store, self.app.user, self.meeting_id
        if case.outcome is None:
            self.notify("This case has no outcome to undo.", timeout=3)
            return
        self.app.push_screen(
            ReasonDialog(f"Undo '{case.outcome.label}' — entered in error: why?", with_note=False),
            lambda r: r
            and self._write(
                lambda: store.withdraw_outcome(user, meeting_id, case.person_id, reason=r.reason),
                f"{case.outcome.label} undone",
            ),
        )

    def _refused_when_held(self) -> bool:
        """A held meeting's record is read-only, and so is one whose minutes someone else is taking: say so
        before any dialog opens."""
        if self.lease.refused():
            return True
        if self._meeting is not None and self._meeting.closed:
            self.notify(
                "This meeting was held: its minutes cannot change. + adds an addendum.", severity="warning", timeout=5
            )
            return True
        return False

    def action_addendum(self) -> None:
        store, user, meeting_id = self.app.store, self.app.user, self.meeting_id
        if not self.meeting.closed:
            self.notify("Addenda are for a held meeting: record it as a decision (d) now.", timeout=4)
            return
        self.app.push_screen(
            ReasonDialog("Addendum — what was learned since the meeting?", reason_label="Addendum", with_note=False),
            lambda r: r and self._write(lambda: store.add_addendum(user, meeting_id, r.reason), "Addendum added"),
        )

    def action_end(self) -> None:
        from mdt_tui.meeting.agenda import ending_warnings
        from mdt_tui.screens.kit.confirm import ConfirmDialog

        if self.lease.refused():
            return

        waiting = sum(1 for c in self.meeting.cases if c.outcome in (None, Outcome.DEFERRED))
        here = {a.member_id: a.attendance for a in self.meeting.attendees}
        warnings = ending_warnings(
            [(m.role, here.get(saved_id(m.id), "")) for m in self.app.store.team()], self.app.policy.quorum_roles
        )  # nobody present, or no quorum: said first
        self.app.push_screen(
            ConfirmDialog(
                "End the meeting?",
                "\n".join(
                    [*warnings, (f"{waiting} case(s) not discussed or deferred will carry over to the next meeting.")]
                ),
            ),
            self._ended,
        )

    def _ended(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        store, user, meeting_id = self.app.store, self.app.user, self.meeting_id

        def closed(carried: list[int]) -> None:
            if self.is_current:
                self.app.pop_screen()
            self.app.notify(f"{len(carried)} case(s) carried over to the next meeting.", timeout=5)

        save_later(self, lambda: store.close_meeting(user, meeting_id), "Meeting closed", then=closed)
