"""_StoreBase: what the Store's mixins rely on, declared once so that each mixin type-checks on its own.

Store (store/store.py) is one class made of many mixins (PathwayWrites, Queries, ...). A mixin's methods use
``self.db``, ``self.clock`` and ``self.transaction()``, which Store defines, and some call another mixin's
methods (a plan's agreement takes a pathway step). Every mixin inherits _StoreBase, which declares those names
with their types. The declarations exist for the type checker only (``TYPE_CHECKING``): at run time _StoreBase
is an empty class and each name resolves, as before, to Store's or the providing mixin's own definition. mypy
checks that each real definition agrees with its declaration here, so a changed signature shows up at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from contextlib import AbstractContextManager
    from datetime import date, datetime
    from pathlib import Path
    from typing import Any

    import sqlite_utils

    from mdt_tui.cga.bundle import CgaBundle, RecordedResult, SuggestedProblem
    from mdt_tui.households.records import Household
    from mdt_tui.meeting.agenda import Candidate, Outcome
    from mdt_tui.models import (
        ActionItem,
        CohortEntry,
        HistoryEntry,
        MeetingSummary,
        PersonSummary,
        TeamMember,
        User,
    )
    from mdt_tui.pathway import MeetingChair, Stage
    from mdt_tui.plan.records import CarePlan, Problem, ProblemDraft
    from mdt_tui.store.versions import RecordKind


class _StoreBase:
    """Mixed into every Store mixin; see the module docstring."""

    if TYPE_CHECKING:
        # -- defined by Store itself -------------------------------------------------------------
        path: Path
        clock: Callable[[], datetime]
        snapshot: bool
        session: str
        """This window's random token: a meeting lease belongs to the window that took it."""

        @property
        def db(self) -> sqlite_utils.Database: ...

        def transaction(self) -> AbstractContextManager[sqlite_utils.Database]: ...

        # -- one mixin's methods that another calls (the provider named) --------------------------
        # PathwayWrites
        def _apply(
            self,
            db: sqlite_utils.Database,
            user: User,
            person_id: int,
            current: Stage | None,
            step: str,
            on: date,
            details: dict[str, Any],
            value: str | None = None,
        ) -> int: ...

        def _stage_of(self, db: sqlite_utils.Database, person_id: int) -> Stage: ...

        def mark_suitable(self, user: User, person_id: int, *, note: str = "", on: date | None = None) -> int: ...

        def take_step(
            self,
            user: User,
            person_id: int,
            step: str,
            *,
            on: date | None = None,
            details: Mapping[str, Any] | None = None,
            value: str | None = None,
        ) -> int: ...

        def correct_step(self, user: User, transition_id: int, *, reason: str) -> int | None: ...

        def set_next_review(self, user: User, person_id: int, day: date, *, reason: str) -> None: ...

        # CgaWrites
        def _cga_draft_id(self, db: sqlite_utils.Database, user: User, person_id: int, now: datetime) -> int: ...

        def cga_draft(self, person_id: int) -> CgaBundle | None: ...

        def previous_cga_results(self, person_id: int) -> dict[str, RecordedResult]: ...

        def latest_completed_cga(self, person_id: int) -> CgaBundle | None: ...

        # SignOffWrites
        def signed_off(self, event_ids: list[int]) -> set[int]: ...

        # TeamWrites
        def team_member(self, member_id: int) -> TeamMember: ...

        def neighbourhood(self) -> str: ...

        # HouseholdWrites, HouseholdAgenda
        def household_by_id(self, household_id: int) -> Household: ...

        def household_ids(self, person_ids: list[int]) -> dict[int, int]: ...

        # ActionWrites
        def add_action(
            self,
            user: User,
            person_id: int,
            *,
            description: str,
            owner_id: int | None,
            due: date | None,
            problem_id: int | None = None,
        ) -> int: ...

        def actions(
            self,
            *,
            person_id: int | None = None,
            open_only: bool = True,
            due_before: date | None = None,
            owner_id: int | None = None,
            by_owner: bool = False,
        ) -> list[ActionItem]: ...

        def overdue_action_count(self, today: date) -> int: ...

        # ProblemWrites
        def add_problem(self, user: User, person_id: int, draft: ProblemDraft, *, cga_id: int | None = None) -> int: ...

        def problems(self, person_id: int, *, include_resolved: bool = True) -> list[Problem]: ...

        # Queries
        def carer_strain_people(self) -> list[PersonSummary]: ...

        def cohort_entries(self, person_id: int) -> list[CohortEntry]: ...

        def person(self, person_id: int) -> PersonSummary: ...

        # PlanWrites
        def agreed_on(self, db: sqlite_utils.Database, person_id: int, on: date) -> int | None: ...

        def complete_mdt_review(
            self, user: User, person_id: int, *, on: date, meeting_id: int | None = None
        ) -> int: ...

        # ReviewWrites
        def step_down(self, user: User, person_id: int, *, reason: str, on: date) -> int: ...

        def transfer_to_gsf(self, user: User, person_id: int, *, reason: str, on: date) -> int: ...

        def trigger_review(self, user: User, person_id: int, *, trigger: str, on: date, note: str = "") -> int: ...

        def reviews_due(self, today: date) -> list[PersonSummary]: ...

        def reviews_overdue(self, today: date) -> list[PersonSummary]: ...

        # MeetingWrites, MeetingReads
        def _correction_reaches_meetings(
            self, db: sqlite_utils.Database, user: User, event: dict[str, Any], reason: str
        ) -> None: ...

        def meeting_summary(self, meeting_id: int) -> MeetingSummary: ...

        def next_meeting_id(self) -> int | None: ...

        def next_planned_meeting(self, today: date) -> MeetingSummary | None: ...

        def _open_meeting(self, db: sqlite_utils.Database, meeting_id: int) -> date: ...

        def _meeting_status(self, db: sqlite_utils.Database, meeting_id: int) -> str: ...

        def record_review_date(
            self, user: User, meeting_id: int, person_id: int, day: date, *, reason: str
        ) -> None: ...

        def record_action(
            self,
            user: User,
            meeting_id: int,
            person_id: int,
            *,
            description: str,
            owner_id: int | None,
            due: date | None,
        ) -> int: ...

        def record_outcome(
            self,
            user: User,
            meeting_id: int,
            person_id: int,
            outcome: Outcome,
            *,
            reason: str = "",
            seconds_spent: int = 0,
        ) -> list[int]: ...

        # MeetingLeases, MeetingAuthority
        def _minute_taker_only(self, db: sqlite_utils.Database, user: User, meeting_id: int) -> None: ...

        def meeting_chair(self, meeting_id: int, db: Any = None) -> MeetingChair: ...

        # RecordVersions
        def _claim_version(
            self,
            db: sqlite_utils.Database,
            user: User,
            now: datetime,
            kind: RecordKind,
            record_id: int,
            based_on: int | None,
        ) -> int: ...

        # ProblemWrites, Queries, PlanWrites (more of them)
        def suggested_problems(self, person_id: int) -> list[SuggestedProblem]: ...

        def accept_suggested_problem(
            self, user: User, person_id: int, key: str, *, title: str | None = None, based_on: int | None = None
        ) -> int: ...

        def history(self, person_id: int) -> list[HistoryEntry]: ...

        def save_plan(self, user: User, person_id: int, *, based_on: int | None = None, **fields: Any) -> CarePlan: ...

        # MeetingReads (for the agenda rebuild)
        def booked_people(self) -> set[int]: ...

        def agenda_candidates(self, on: date) -> list[Candidate]: ...
