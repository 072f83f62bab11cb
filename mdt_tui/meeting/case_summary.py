"""A person's one-screen summary for the meeting and its documents: scores, problems, goals, actions, changes."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from mdt_tui.cga.self_harm import SelfHarmAction
from mdt_tui.households.records import shown_name
from mdt_tui.models import ActionItem, age_on
from mdt_tui.nhs_number import format_nhs_number
from mdt_tui.pathway import Stage
from mdt_tui.privacy import initials

SCORE_ORDER = (
    "cfs",
    "efi",
    "phq9",
    "phq2",
    "gad7",
    "gad2",
    "sixcit",
    "frat",
    "frat5",
    "must",
    "acb",
    "barthel",
    "ucla3",
)


class CaseSummary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    person_id: int
    family_name: str
    given_name: str
    nhs_number: str
    date_of_birth: date
    postcode: str = ""
    stage: Stage
    scores: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    problems_agreed: bool = False
    goals: tuple[str, ...] = ()
    actions: tuple[ActionItem, ...] = ()
    changes: tuple[str, ...] = ()
    next_review: date | None = None
    draft_review: date | None = None
    """The review date in the plan being drafted (set on the person once the plan is agreed)."""
    cga_done: bool = False
    """A CGA has been completed (it may have had no scored instrument)."""
    self_harm_pending: str = ""
    """A positive PHQ-9 item 9 with no same-day action (no identifiers): heads the summary until recorded."""
    self_harm_action: SelfHarmAction | None = None
    household: tuple[str, ...] = ()
    """Household and carers in full (households.py), and the same with initials for privacy mode."""
    household_private: tuple[str, ...] = ()
    carer_actions: dict[int, str] = {}
    """Action id -> the carer it is for (their name as recorded)."""

    def scores_text(self) -> str:
        """The scores, or why there are none: never "no completed CGA" beside a completed one (issue 14)."""
        if self.scores:
            return " · ".join(self.scores)
        return "none (the CGA had no scored instrument)" if self.cga_done else "no completed CGA"

    def review_text(self) -> str:
        """The next review: the person's, and the draft plan's date when it differs (issue 14)."""
        proposed = (
            f"{self.draft_review:%d %b %Y} (proposed in the plan; set when it is agreed)" if self.draft_review else ""
        )
        if self.next_review is None:
            return proposed or "not set"
        if proposed and self.draft_review != self.next_review:
            return f"{self.next_review:%d %b %Y} · {proposed}"
        return f"{self.next_review:%d %b %Y}"

    def for_carer(self, action_id: int, *, private: bool) -> str:
        """' (for the carer, Jane Hughes)' when the action is for a carer, else ''."""
        name = self.carer_actions.get(action_id)
        return f" (for the carer, {shown_name(name, private=private)})" if name else ""

    def household_lines(self, *, private: bool) -> tuple[str, ...]:
        return self.household_private if private else self.household

    def self_harm_line(self, *, private: bool) -> str:
        """The self-harm line that heads the summary: pending (loud) or the latest action; '' when neither."""
        if self.self_harm_pending:
            return self.self_harm_pending
        return self.self_harm_action.line(private=private) if self.self_harm_action else ""

    def who(self, today: date, *, private: bool) -> str:
        """Name, age and NHS number — or, in privacy mode, initials and age only."""
        age = age_on(self.date_of_birth, today)
        if private:
            return f"{initials(self.family_name, self.given_name)} · {age}"
        return f"{self.family_name}, {self.given_name} · {age} · {format_nhs_number(self.nhs_number)}"

    def document_name(self, *, private: bool) -> str:
        """For documents: initials and year of birth only when private."""
        if private:
            return f"{initials(self.family_name, self.given_name)} (born {self.date_of_birth.year})"
        return (
            f"{self.family_name}, {self.given_name} — NHS {format_nhs_number(self.nhs_number)},"
            f" born {self.date_of_birth:%d %b %Y}"
        )


def summarise(store, person_id: int, *, since: date | None = None) -> CaseSummary:  # noqa: ANN001 — any Store
    """Everything the MDT needs about one person, read from the store (duck-typed: no store import here)."""
    person, patient = store.person(person_id), store.patient(person_id)
    results = store.previous_cga_results(person_id)
    order = sorted(results, key=lambda k: (SCORE_ORDER.index(k) if k in SCORE_ORDER else len(SCORE_ORDER), k))
    scores = tuple(results[key].summary for key in order)
    cga = store.latest_completed_cga(person_id)
    active = [p for p in store.problems(person_id) if p.status == "active"]
    shared = store.shared_problem_ids(person_id)
    problems = tuple(p.title + (" (shared by the household)" if p.id in shared else "") for p in active)
    if not problems and cga is not None:
        problems = tuple(p.title for p in cga.suggested_problems)
    cga_goals = [g.text for g in cga.goals] if cga is not None else []
    goals = tuple(dict.fromkeys(cga_goals + [g for p in active for g in p.goals]))
    changes: list[str] = []
    if since is not None:
        for event in store.coded_events(since=since, person_id=person_id):
            changes.append(f"{event.effective_date:%d %b}: {event.term}" + (f" {event.value}" if event.value else ""))
        if not changes:
            changes.append(f"nothing coded since {since:%d %b %Y}")
    pending = store.self_harm_pending(person_id)
    household = store.household_view(person_id)
    return CaseSummary(
        self_harm_pending=pending[0].line() if pending else "",
        self_harm_action=store.latest_self_harm_action(person_id),
        person_id=person_id,
        family_name=person.family_name,
        given_name=person.given_name,
        nhs_number=person.nhs_number,
        date_of_birth=person.date_of_birth,
        postcode=patient.postcode,
        stage=person.stage,
        scores=scores,
        problems=problems,
        problems_agreed=bool(active),
        goals=goals,
        actions=tuple(store.actions(person_id=person_id)),
        changes=tuple(changes),
        next_review=person.next_review,
        draft_review=store.current_plan(person_id).next_review if store.has_plan_draft(person_id) else None,
        cga_done=cga is not None,
        household=tuple(household.lines(private=False)),
        household_private=tuple(household.lines(private=True)),
        carer_actions=store.carer_actions(person_id),
    )
