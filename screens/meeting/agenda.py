"""Before the meeting: attendance from the roster, the quorum check, the agenda (reordered by keys) and its fit."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, Static

from mdt_tui.errors import StaleEdit
from mdt_tui.meeting.agenda import (
    ATTENDANCE_WORDS,
    STATUS_WORDS,
    AgendaItem,
    Source,
    added_by_hand,
    agenda_fit,
    build_agenda,
    check_quorum,
    next_meeting_date,
)
from mdt_tui.models import saved_id
from mdt_tui.pathway import CASELOAD_STAGES
from mdt_tui.privacy import show_name
from mdt_tui.screens.kit.base import MdtScreen, row_id
from mdt_tui.screens.kit.keys import binding
from mdt_tui.screens.kit.plain_text import PlainTable, plain
from mdt_tui.screens.kit.saving import save_later

ATTENDANCE_KEYS: dict[str, str | None] = {"1": "in_person", "2": "remote", "3": "apologies", "0": None}


class AttendanceTable(PlainTable):
    BINDINGS = [
        Binding(
            k,
            f"screen.attend('{k}')",
            ATTENDANCE_WORDS.get(v or "", "not listed").capitalize(),
            id=f"attend_{k}",
            tooltip=f"Mark the highlighted member: {ATTENDANCE_WORDS.get(v or '', 'not listed')}",
        )
        for k, v in ATTENDANCE_KEYS.items()
    ]


class AgendaTable(PlainTable):
    BINDINGS = [
        Binding("shift+up", "screen.move(-1)", "Move up", id="agenda_up", tooltip="Move the case up the agenda"),
        Binding("shift+down", "screen.move(1)", "Move down", id="agenda_down", tooltip="Move the case down the agenda"),
        Binding("delete", "screen.remove", "Remove", id="agenda_remove", tooltip="Take the case off the agenda"),
    ]


def automatic_agenda(app, on) -> list[AgendaItem]:  # noqa: ANN001
    """The agenda built for a meeting ``on`` a date, leaving out people already on another open meeting's."""
    booked = app.store.booked_people()
    return build_agenda([c for c in app.store.agenda_candidates(on) if c.person_id not in booked], app.policy)


def open_meeting(app) -> None:  # noqa: ANN001
    """The meeting to run (in progress, else the next upcoming); with none planned, one for today."""
    meeting_id = app.store.next_meeting_id()
    if meeting_id is not None:
        app.push_screen(AgendaScreen(meeting_id))
        return
    store, user, today, minutes = app.store, app.user, app.today, app.policy.session_minutes
    held = next((m.meeting_id for m in store.meetings() if m.date == today), None)
    if held is not None:  # one meeting a day: today's is held, so show it rather than make a second
        app.push_screen(AgendaScreen(held))
        app.notify(
            "Today's meeting has been held: its minutes are here (N plans a meeting on another date).", timeout=6
        )
        return
    agenda = automatic_agenda(app, today)
    save_later(
        app.screen,
        lambda: store.create_meeting(user, held_on=today, session_minutes=minutes, agenda=agenda),
        f"No meeting was planned: one for today, with {len(agenda)} case{'s' * (len(agenda) != 1)}",
        then=lambda made: app.push_screen(AgendaScreen(made)),
    )


class AgendaScreen(MdtScreen):
    BINDINGS = [
        Binding("s", "start", "Start", id="meeting_start", tooltip="Start (or resume) the meeting"),
        binding(
            "write_minutes",
            "write",
            description="Write the agenda and pre-read (minutes once held); private if privacy mode is on",
        ),
        Binding("i", "details", "Details…", id="meeting_details", tooltip="Date, time, chair, minute-taker and guests"),
        binding("team_roster", "roster", description="The team roster: add and edit members"),
        binding(
            "add",
            "add_person",
            name="Add person…",
            description="Add a person on the caseload to the agenda (find them by name or NHS number)",
        ),
        Binding(
            "j",
            "together",
            "Together",
            id="meeting_together",
            tooltip="Discuss the highlighted person's household as one item (one timer, an outcome for each)",
        ),
        Binding(
            "N",
            "new_meeting",
            "New meeting…",
            id="meeting_new",
            tooltip="Plan a new meeting on a chosen date, with its agenda built automatically",
        ),
        binding(
            "reload",
            "reload",
            description=(
                "Someone else changed the agenda: show it as it is now (and reopen refused details to save again)"
            ),
            show=False,
        ),
        Binding("escape", "app.pop_screen", "Back", id="back", tooltip="Go back"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id

    def compose_body(self) -> ComposeResult:
        yield Label(id="agenda-title", classes="panel-title")
        yield Static(id="agenda-checks")
        yield Static(id="agenda-stale", classes="error")  # shown only after a save refused as out of date
        with Horizontal(id="agenda"):
            with Vertical(classes="panel", id="attendance-panel"):
                yield Label("Attendance  1 in person · 2 remote · 3 apologies · 0 off", classes="hint")
                yield AttendanceTable(id="attendance", cursor_type="row")
            with Vertical(classes="panel"):
                yield Label("Agenda  shift+↑↓ move · delete remove · + add · s start", classes="hint")
                yield AgendaTable(id="agenda-cases", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        # Here first: at 80 columns the status must show even when a long role is cut; # is the roster number.
        self.query_one("#attendance", DataTable).add_columns("Here", "#", "Name", "Role")
        self.query_one("#agenda-cases", DataTable).add_columns("#", "Person", "Why", "Min", "Outcome")
        self.show_privacy(self.app.privacy)
        self.query_one("#agenda-cases").focus()
        self.bring_up_to_date()

    def came_back(self) -> None:
        self.show_privacy(self.app.privacy)
        self.bring_up_to_date()

    def bring_up_to_date(self) -> None:
        """A draft agenda (a meeting after today) takes in the people who became due since it was built and lets
        go of those no longer due; cases added, moved or taken off by hand stay as they are (issue 14)."""
        store, user, meeting_id = self.app.store, self.app.user, self.meeting_id
        policy, today = self.app.policy, self.app.today
        if not store.agenda_rebuild(meeting_id, policy, today).changed:  # a quick read: most times nothing to do
            return

        def rebuilt(change) -> None:  # noqa: ANN001 - AgendaRebuild
            self.show_privacy(self.app.privacy)
            if change.changed:
                self.notify(change.line(), timeout=6)

        save_later(self, lambda: store.rebuild_agenda(user, meeting_id, policy, today), "Agenda", then=rebuilt)

    def show_privacy(self, private: bool) -> None:
        store, settings = self.app.store, self.app.policy
        self.agenda_version = store.edit_version("agenda", self.meeting_id)  # before the agenda (issue 19)
        meeting = store.meeting(self.meeting_id)
        self._stale_line("")
        self.query_one("#agenda-title", Label).update(
            plain(  # names as typed: no markup or control characters
                f"MDT meeting {meeting.id} — {meeting.held_on:%a %d %b %Y} {meeting.starts_at} — "
                f"{STATUS_WORDS[meeting.status]} · chair {meeting.chair or '—'} · minutes {meeting.minute_taker or '—'}"
            )
        )
        here = {a.member_id: a.attendance for a in meeting.attendees}
        team = store.team()
        quorum = check_quorum([(m.role, here.get(saved_id(m.id), "")) for m in team], settings.quorum_roles)
        fit = agenda_fit([c.minutes for c in meeting.cases], meeting.session_minutes)
        self.query_one("#agenda-checks", Static).update(
            Text(f" {quorum.line()}   {fit.line()}", style="" if quorum.met and fit.fits else "bold")
        )
        _refill(
            self.query_one("#attendance", DataTable),
            [
                (
                    str(m.id),
                    (ATTENDANCE_WORDS.get(here.get(saved_id(m.id), ""), "—"), str(number), m.name, m.role.label),
                )
                for number, m in enumerate(team, 1)
            ],
        )
        people = {c.person_id: store.person(c.person_id) for c in meeting.cases}
        joint = store.joint_cases(self.meeting_id)  # a household discussed as one item: marked on each case
        _refill(
            self.query_one("#agenda-cases", DataTable),
            [
                (
                    str(c.person_id),
                    (
                        str(i),
                        show_name(people[c.person_id].family_name, people[c.person_id].given_name, private=private),
                        ("⌂ household item · " if c.id in joint else "") + c.source.label,
                        str(c.minutes),
                        c.outcome.label if c.outcome else "",
                    ),
                )
                for i, c in enumerate(meeting.cases, 1)
            ],
        )

    def action_together(self) -> None:
        person, store, user, meeting_id = (
            self._selected("#agenda-cases"),
            self.app.store,
            self.app.user,
            self.meeting_id,
        )
        if person is not None:
            save_later(
                self,
                lambda: store.discuss_together(user, meeting_id, person),
                "Household to be discussed as one item",
                then=lambda _: self.show_privacy(self.app.privacy),
            )

    # -- a save refused as out of date (issue 19) ------------------------------------------
    def _stale(self, redo: Callable[[], None] | None = None) -> Callable[[Exception], bool]:
        """For ``save_later``: someone else changed the agenda first. Their sentence on one line; R reloads."""

        def refused(exc: Exception) -> bool:
            if not isinstance(exc, StaleEdit):
                return False
            self.redo = redo
            self._stale_line(f"✘ {exc}  R reloads" + (" and reopens your change to save again" if redo else ""))
            return True

        return refused

    def _stale_line(self, text: str) -> None:
        line = self.query_one("#agenda-stale", Static)
        line.update(plain(text))
        line.display = bool(text)

    def action_reload(self) -> None:
        self.show_privacy(self.app.privacy)
        redo, self.redo = getattr(self, "redo", None), None
        if redo is not None:
            redo()

    def _selected(self, table_id: str) -> int | None:
        table = self.query_one(table_id, DataTable)
        if not table.row_count:
            return None
        return row_id(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_attend(self, key: str) -> None:
        member, store, user, meeting_id = self._selected("#attendance"), self.app.store, self.app.user, self.meeting_id
        if member is not None:  # values captured now: the write runs in the writer's thread
            save_later(
                self,
                lambda: store.set_attendance(user, meeting_id, member, ATTENDANCE_KEYS[key]),
                "Attendance",
                then=lambda _: self.show_privacy(self.app.privacy),
            )

    def action_move(self, step: int) -> None:
        person = self._selected("#agenda-cases")
        table = self.query_one("#agenda-cases", DataTable)
        store, user, meeting_id = self.app.store, self.app.user, self.meeting_id

        def moved(_: object) -> None:
            row = table.cursor_row
            self.show_privacy(self.app.privacy)
            table.move_cursor(row=max(0, min(table.row_count - 1, row + step)))

        if person is not None:
            based_on = self.agenda_version
            save_later(
                self,
                lambda: store.move_on_agenda(user, meeting_id, person, step, based_on=based_on),
                "Agenda reordered",
                then=moved,
                refused=self._stale(),
            )

    def action_remove(self) -> None:
        person = self._selected("#agenda-cases")
        store, user, meeting_id = self.app.store, self.app.user, self.meeting_id
        if person is not None:
            based_on = self.agenda_version
            save_later(
                self,
                lambda: store.remove_from_agenda(user, meeting_id, person, based_on=based_on),
                "Taken off the agenda",
                then=lambda _: self.show_privacy(self.app.privacy),
                refused=self._stale(),
            )

    def action_details(self, typed: object = None) -> None:
        """The meeting's details; ``typed``: details refused as out of date, reopened after R to save again."""
        from mdt_tui.screens.meeting.dialogs import MeetingDetails, MeetingDialog

        m = self.app.store.meeting(self.meeting_id)
        based_on = self.agenda_version
        current = MeetingDetails(
            held_on=m.held_on,
            starts_at=m.starts_at,
            chair_id=m.chair_member_id,
            minute_taker_id=m.minute_taker_member_id,
            guests=m.guests,
        )
        if isinstance(typed, MeetingDetails):
            current = typed
        store, user, meeting_id = self.app.store, self.app.user, self.meeting_id
        self.app.push_screen(
            MeetingDialog("Meeting details", store.team(), current),
            lambda d: d
            and save_later(
                self,
                lambda: store.update_meeting(user, meeting_id, **d.model_dump(), based_on=based_on),
                "Meeting details",
                then=lambda _: self.show_privacy(self.app.privacy),
                refused=self._stale(lambda: self.action_details(d)),
            ),
        )

    def action_add_person(self) -> None:
        from mdt_tui.screens.people.finder import FinderScreen

        def chosen(person_id: int | None) -> None:
            if person_id is None:
                return
            store, user, meeting_id = self.app.store, self.app.user, self.meeting_id
            item = added_by_hand(person_id, new_case=not store.had_mdt_review(person_id), settings=self.app.policy)

            def added(_: object) -> None:
                self.show_privacy(self.app.privacy)
                table = self.query_one("#agenda-cases", DataTable)
                table.move_cursor(row=table.row_count - 1)

            based_on = self.agenda_version
            save_later(
                self,
                lambda: store.add_to_agenda(user, meeting_id, item, based_on=based_on),
                f"Added to the agenda ({item.minutes} min)",
                then=added,
                refused=self._stale(),
            )

        self.app.push_screen(
            FinderScreen("Add to the agenda — people on the caseload", CASELOAD_STAGES, only_one=True), chosen
        )

    def action_new_meeting(self) -> None:
        from mdt_tui.screens.meeting.dialogs import NewMeeting, NewMeetingDialog

        store, today = self.app.store, self.app.today
        rows = store.meetings()
        latest = store.meeting(rows[-1].meeting_id) if rows else None
        suggested = NewMeeting(
            held_on=next_meeting_date(latest.held_on if latest else None, today),
            starts_at=latest.starts_at if latest else "13:00",
        )

        def chosen(new: NewMeeting | None) -> None:
            if new is None:
                return
            agenda = automatic_agenda(self.app, new.held_on)
            user, minutes = self.app.user, self.app.policy.session_minutes

            def made(meeting_id: int) -> None:
                self.meeting_id = meeting_id
                self.show_privacy(self.app.privacy)

            save_later(
                self,
                lambda: store.plan_meeting(
                    user, held_on=new.held_on, starts_at=new.starts_at, session_minutes=minutes, agenda=agenda
                ),
                f"Meeting on {new.held_on:%a %d %b}: {len(agenda)} case{'s' * (len(agenda) != 1)}, "
                f"{sum(i.source is Source.CARRIED_OVER for i in agenda)} carried over",
                then=made,
            )

        self.app.push_screen(
            NewMeetingDialog("New meeting", today, suggested, {r.date: r.meeting_id for r in rows}), chosen
        )

    def action_roster(self) -> None:
        from mdt_tui.screens.meeting.roster import RosterScreen

        self.app.push_screen(RosterScreen())

    def action_start(self) -> None:
        from mdt_tui.screens.meeting.in_progress import MeetingScreen

        if self.app.store.meeting(self.meeting_id).status != "upcoming":
            # Held (read-only; + adds an addendum) or already started: nothing to write, so a window that only
            # watches never says "Meeting started" (issue 14).
            self.app.push_screen(MeetingScreen(self.meeting_id))
        else:
            store, user, meeting_id = self.app.store, self.app.user, self.meeting_id
            save_later(
                self,
                lambda: store.start_meeting(user, meeting_id),
                "Meeting started",
                then=lambda _: self.app.push_screen(MeetingScreen(meeting_id)),
            )

    def action_write(self) -> None:
        """The agenda (minutes once held) as Markdown in the exports folder beside the database; never
        over an earlier file (a second one is …-2.md)."""
        from mdt_tui.export_folder import write_new_export
        from mdt_tui.meeting.minutes import agenda_document, minutes_document

        held = self.app.store.meeting(self.meeting_id).status == "held"
        build, kind = (minutes_document, "minutes") if held else (agenda_document, "agenda")
        text = build(self.app.store, self.meeting_id, private=self.app.privacy).render("md")
        stem = f"{kind}-meeting-{self.meeting_id}{'-private' if self.app.privacy else ''}"
        path = write_new_export(self.app.store.path, stem, ".md", text)
        self.notify(f"{kind.capitalize()} written to {path}", timeout=6, markup=False)


def _refill(table: DataTable, rows: list[tuple[str, tuple[str, ...]]]) -> None:
    row = table.cursor_row
    table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key)
    if table.row_count:
        table.move_cursor(row=min(row, table.row_count - 1))
