"""The mdt-tui Textual app and ``make_app``, the factory the CLI, tests and demo all use.

Start-up paints the home screen first: with ``open_in_background`` the store (and the pydantic,
sqlite-utils and instrument modules behind it) is imported and opened in a thread worker, and the
counts fill in when it is ready. Tests and the demo hand over an open store instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.reactive import reactive
from textual.screen import Screen

from mdt_tui.safe_text import terminal_text
from mdt_tui.screens.kit.base import RefusesMdtErrors, refusal, refuse
from mdt_tui.screens.kit.focus_rules import TypingFirst
from mdt_tui.screens.kit.keys import binding
from mdt_tui.screens.kit.navigation import STEPS, binding_commands, registry_commands

if TYPE_CHECKING:
    from mdt_tui.models import User
    from mdt_tui.settings import Settings
    from mdt_tui.store.store import Store
    from mdt_tui.team_policy import TeamPolicy


class MdtApp(TypingFirst, RefusesMdtErrors, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "mdt-tui"
    BINDINGS = [
        *(binding(i) for i in ("help", "find", "home")),
        # Priority: `p` works inside dialogs too (Textual stops other app keys at a modal); a text field still
        # takes it as a letter (TypingFirst).
        binding("privacy", priority=True),
        binding("quit", priority=True),
    ]

    privacy: reactive[bool] = reactive(False, init=False)

    def __init__(
        self,
        store: Store | None,
        settings: Settings | None,
        *,
        db_path: Path | None = None,
        settings_file: Path | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self._store = store  # None until the background open finishes (see is_ready)
        self.open_error: str | None = None
        self.crash_report: Path | None = None  # set when an unexpected error ended the app
        self.health_checked = False  # the home screen's daily check runs once a run
        self._settings = settings
        self.db_path = db_path
        self.settings_file = settings_file
        self._today = today
        self._new_file = False  # the background open made the database file (the CLI's first start on it)

    @property
    def today(self) -> date:
        return self._today or date.today()

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error: one sentence on exit and a private log, never Textual's crash report
        (it prints local variables: names, NHS numbers, dates of birth)."""
        if (refused := refusal(error)) is not None:  # a refused write (busy, disk full…) from a callback,
            refuse(self, refused)  # timer or worker: one notice, and the app carries on
            return
        from rich.text import Text

        from mdt_tui.crash_report import crash_message, write_crash_report

        if self.crash_report is None:  # a second error while closing adds nothing the first did not say
            self.crash_report = write_crash_report(error, where="app")
        self._return_code = 2
        if self._exception is None:  # Pilot re-raises it in tests, as Textual's own handler arranges
            self._exception = error
            self._exception_event.set()
        self.bell()
        self.panic(Text(crash_message(self.crash_report)))  # Text: a [ in the path is not markup

    @property
    def is_ready(self) -> bool:
        return self._store is not None and self._settings is not None

    @property
    def store(self) -> Store:
        """The open store. Screens are shown only once the app is ready, so for them it is never None;
        reaching it earlier is a bug, named here rather than as an AttributeError on None."""
        if self._store is None:
            raise RuntimeError("MdtApp.store was used before the database was open (see is_ready)")
        return self._store

    @property
    def opened_store(self) -> Store | None:
        """The store if it is open yet (closing the app, or a screen leaving, may come first)."""
        return self._store

    @property
    def settings(self) -> Settings:
        """The settings, loaded with the store (see ``store``)."""
        if self._settings is None:
            raise RuntimeError("MdtApp.settings was used before they were loaded (see is_ready)")
        return self._settings

    def on_mount(self) -> None:
        from mdt_tui.screens.home import HomeScreen
        from mdt_tui.screens.kit.privacy_banner import banner_on_dialog

        self.screen_change_signal.subscribe(self, banner_on_dialog)
        self.push_screen(HomeScreen())
        if self.is_ready:
            self._store_ready()
        else:
            self.sub_title = "opening the database…"
            # After the first frame: the imports behind the store would otherwise slow that frame down.
            self.call_after_refresh(self._open_in_background)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _open_in_background(self) -> None:
        from mdt_tui.errors import MdtError
        from mdt_tui.settings import load_settings
        from mdt_tui.store.store import Store

        try:
            settings = self._settings or load_settings(self.settings_file)
            if self.db_path is None:  # make_app gives one whenever the store opens here
                raise MdtError("No database file was given.")
            self._new_file = not Path(self.db_path).exists()
            store = Store.open(self.db_path, create=True)
        except MdtError as exc:
            self.open_error = str(exc)  # the CLI reports it as one sentence once the screen is gone
            self.call_from_thread(self.exit, None, 1)
            return
        self.call_from_thread(self._opened, store, settings)

    def _opened(self, store: Store, settings: Settings) -> None:
        self._store, self._settings = store, settings
        self._store_ready()

    def _store_ready(self) -> None:
        from mdt_tui.screens.first_run import FirstRunScreen
        from mdt_tui.screens.home import HomeScreen

        neighbourhood = self.store.neighbourhood()
        self.title = terminal_text(f"mdt-tui — {neighbourhood}" if neighbourhood else "mdt-tui")  # stored text
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen) and screen.is_mounted:  # else its on_mount fills it
                screen.refresh_counts()
        if self.settings.user is None:
            self.push_screen(FirstRunScreen(), self._signed_in)
        else:
            self._adopt_file_policy()
            self._show_user()
            if self._new_file:  # signed in before (the demo first): a new file still asks for the team first
                self._team_first()

    def _adopt_file_policy(self) -> None:
        """An older settings file's team-policy keys: copied into the database once (while it has no policy),
        else set aside; the person is told once, and the keys leave the settings file."""
        from mdt_tui.errors import MdtError
        from mdt_tui.settings import save_settings
        from mdt_tui.team_policy import adoption_note

        if not self.settings.file_policy:
            return
        try:
            adoption = self.store.adopt_settings_policy(self.user, self.settings.file_policy)
            self._settings = self.settings.model_copy(update={"file_policy": {}})
            save_settings(self.settings, self.settings_file)
        except (MdtError, OSError) as exc:  # read-only database or config folder: tried again next time
            self.notify(f"The team policy could not be taken over from your settings file yet: {exc}", timeout=8)
            return
        if note := adoption_note(adoption.migrated, adoption.ignored):
            self.notify(terminal_text(note), title="Team policy", timeout=15)

    def _signed_in(self, user: User | None) -> None:
        from mdt_tui.settings import save_settings

        if user is None:
            return
        self._settings = self.settings.model_copy(update={"user": user})
        self._adopt_file_policy()  # before saving: the saved file no longer holds the policy keys
        save_settings(self.settings, self.settings_file)
        self._show_user()
        self._team_first()

    def _team_first(self) -> None:
        if not self.store.team():  # a new neighbourhood: the team first, so work can be assigned to people
            self.action_roster()
            self.notify("No team yet: + adds each member (name, role, contact); escape when done.", timeout=10)

    def _show_user(self) -> None:
        user = self.user
        self.sub_title = terminal_text(f"{user.name} ({user.role.label}) · {self.store.path.name}")

    @property
    def policy(self) -> TeamPolicy:
        """The team policy now, read from the database (one person's change reaches everyone's next read)."""
        assert self.store is not None, "read once the store is open"
        return self.store.team_policy()

    @property
    def user(self) -> User:
        assert self.settings.user is not None, "the first-run screen sets the user"
        return self.settings.user

    # -- actions ---------------------------------------------------------------------------
    def action_help(self) -> None:
        from mdt_tui.screens.kit.help import HelpScreen

        self.push_screen(HelpScreen())

    def still_opening(self) -> bool:
        """True (and says so) while the database is still being opened at start-up."""
        if not self.is_ready:
            self.notify("Still opening the database — one moment.", timeout=2)
        return not self.is_ready

    def action_find(self) -> None:
        from mdt_tui.screens.people.finder import FinderScreen

        if not self.still_opening():
            self.push_screen(FinderScreen(), self.open_person)

    def open_person(self, person_id: int | None) -> None:
        from mdt_tui.screens.people.person import PersonScreen

        if person_id is not None:
            self.push_screen(PersonScreen(person_id))

    def action_home(self) -> None:
        from mdt_tui.screens.home import HomeScreen
        from mdt_tui.screens.kit.saving import confirm_leaving, writer_of

        def go_home() -> None:
            while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
                self.pop_screen()

        confirm_leaving(self.screen, writer_of(self.screen), go_home)  # asks first if changes are not yet saved

    def action_toggle_privacy(self) -> None:
        from mdt_tui.screens.kit.privacy_banner import privacy_follows

        if not privacy_follows(self.screen):  # a dialog that drew names as it opened: the state would lie
            self.notify("Close this dialog first (escape), then press p.", severity="warning", timeout=4)
            return
        self.privacy = not self.privacy

    def watch_privacy(self, private: bool) -> None:
        self.set_class(private, "-privacy")
        for screen in self.screen_stack:  # every screen, and every dialog that can redraw its identifiers
            show = getattr(screen, "show_privacy", None)
            if callable(show) and screen.is_mounted:
                show(private)
        self.notify("Privacy mode on: identifiers hidden" if private else "Privacy mode off", timeout=2)

    def open_step(self, step: str, person_id: int | None = None) -> None:
        from mdt_tui.screens.kit.coming import ComingScreen

        if self.still_opening():
            return
        if step == "cohort":
            from mdt_tui.screens.cohort.review import CohortReviewScreen

            self.push_screen(CohortReviewScreen())
        elif step == "consent":
            from mdt_tui.screens.consent.contact import ConsentScreen

            self.push_screen(ConsentScreen(person_id))
        elif step == "cga":
            from mdt_tui.screens.cga.assessment import open_cga

            open_cga(self, person_id)
        elif step == "plan":
            from mdt_tui.screens.plan.care_plan import open_plan

            open_plan(self, person_id)
        elif step == "reviews":
            from mdt_tui.screens.reviews.due import ReviewsScreen

            self.push_screen(ReviewsScreen())
        elif step == "meeting":
            from mdt_tui.screens.meeting.agenda import open_meeting

            open_meeting(self)
        else:
            title, explanation = STEPS[step]
            self.push_screen(ComingScreen(title, explanation))

    def action_import_cohort(self) -> None:
        if self.still_opening():
            return
        from mdt_tui.screens.cohort.importing import ImportScreen

        self.push_screen(ImportScreen())

    def action_practices(self) -> None:
        if self.still_opening():
            return
        from mdt_tui.screens.cohort.practices import PracticesScreen

        self.push_screen(PracticesScreen())

    def action_codes_to_send(self) -> None:
        if self.still_opening():
            return
        from mdt_tui.screens.exports.codes_to_send import CodesToSendScreen

        self.push_screen(CodesToSendScreen())

    def action_roster(self) -> None:
        if self.still_opening():
            return
        from mdt_tui.screens.meeting.roster import RosterScreen

        self.push_screen(RosterScreen())

    def action_team_policy(self) -> None:
        if self.still_opening():
            return
        from mdt_tui.screens.team_policy import TeamPolicyScreen

        self.push_screen(TeamPolicyScreen())

    def action_my_actions(self) -> None:
        """The signed-in person's own open actions across everyone, soonest (so overdue) first."""
        if self.still_opening():
            return
        from mdt_tui.screens.plan.actions import ActionsScreen

        me = next((m for m in self.store.team() if m.name.casefold() == self.user.name.casefold()), None)
        if me is None:
            self.notify(
                f"You are not on the team roster as '{self.user.name}': add yourself (t on home) "
                "so actions can be yours.",
                severity="warning",
                timeout=8,
            )
            return
        self.push_screen(ActionsScreen("My open actions", owner_id=me.id))

    def action_dashboard(self) -> None:
        if self.still_opening():
            return
        from mdt_tui.screens.impact.dashboard import DashboardScreen

        self.push_screen(DashboardScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from binding_commands(screen)  # this screen's own keys, by name (export, minutes, roster…)
        yield from registry_commands(screen)  # every action of screens/kit/keys.py, by name, from anywhere
        yield SystemCommand(
            "Team policy",
            "Capacity, review intervals, meeting timings, quorum, cut-offs, falls tool (P on the roster)",
            self.action_team_policy,
        )
        if not self.is_ready:
            return
        from mdt_tui.pipeline import pipeline_rows

        for row in pipeline_rows(self.store.pipeline(self.today, self.policy.caseload_capacity)):
            yield SystemCommand(f"List: {row.label}", f"{row.count} people", lambda r=row: self._list(r))

    def _list(self, row) -> None:
        from mdt_tui.screens.people.listing import PeopleScreen

        self.push_screen(PeopleScreen(f"{row.label} ({row.count})", lambda store: store.people(row.stages)))


def make_app(
    db_path: Path | str,
    settings: Settings | None = None,
    *,
    settings_file: Path | None = None,
    today: date | None = None,
    open_in_background: bool = False,
) -> MdtApp:
    """Build the app: used by the CLI, the tests and the benchmarks.

    With ``open_in_background`` (the CLI) the home screen paints first and the store opens in a
    worker; an error opening it ends the app with that one sentence and exit code 1. Otherwise the
    store is opened here, so a caller can use ``app.store`` at once."""
    if open_in_background:
        return MdtApp(None, settings, db_path=Path(db_path), settings_file=settings_file, today=today)
    from mdt_tui.settings import load_settings
    from mdt_tui.store.store import Store

    store = Store.open(db_path, create=True)
    return MdtApp(
        store,
        settings if settings is not None else load_settings(settings_file),
        db_path=Path(db_path),
        settings_file=settings_file,
        today=today,
    )
