"""The Care and Support Plan: the working draft, completing the MDT review (the gate), and the frozen versions."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import sqlite_utils
from pydantic import ValidationError

from mdt_tui import pathway
from mdt_tui.codes import ADVANCE_CARE_PLANNING
from mdt_tui.errors import MdtError, NotFound
from mdt_tui.models import ActionItem, User
from mdt_tui.plan.gate import missing_for_completion
from mdt_tui.plan.records import (
    PER_REVIEW_RESET,
    CarePlan,
    PlanSnapshot,
    PlanVersion,
    Problem,
    ReviewIncomplete,
    plan_fields_error,
)
from mdt_tui.reviews.dates import suggest_next_review
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.pathway_writes import latest_step
from mdt_tui.team_policy import TeamPolicy

_DRAFT = "patient_id = ? AND version IS NULL"
_MEMBER_FIELDS = ("lead_member_id", "care_coordinator_id")
_CODED_ACP = ("respect", "peace", "other", "in_discussion")  # an advance care plan made or being discussed


class PlanWrites(_StoreBase):
    """Mixed into Store; relies on the pathway, problem and action mixins."""

    # -- reads ------------------------------------------------------------------------------
    def current_plan(self, person_id: int) -> CarePlan:
        """The working draft; a new one starts from the last agreed version (its review date and
        "no actions" reason cleared) and, failing that, from the lead recorded on the person."""
        row = self.db.execute(f"SELECT data FROM care_plans WHERE {_DRAFT}", [person_id]).fetchone()
        if row is not None:
            return CarePlan.model_validate_json(row[0])
        last = self._agreed(self.db, person_id)[0]
        if last is not None:
            return _plan(last).model_copy(update=PER_REVIEW_RESET)
        lead = self.db.execute("SELECT lead_member_id FROM patients WHERE id = ?", [person_id]).fetchone()
        if lead is None:
            raise NotFound(f"There is no person with id {person_id}.")
        return CarePlan(lead_member_id=lead[0])

    def has_plan_draft(self, person_id: int) -> bool:
        """Whether the plan has been changed since it was last agreed (or never agreed)."""
        return self.db.execute(f"SELECT 1 FROM care_plans WHERE {_DRAFT}", [person_id]).fetchone() is not None

    def plan_snapshot(self, person_id: int) -> PlanSnapshot:
        """The draft with the problems and actions as they stand now."""
        return PlanSnapshot(
            plan=self.current_plan(person_id),
            problems=tuple(self.problems(person_id)),
            actions=tuple(self.actions(person_id=person_id, open_only=False)),
        )

    def plan_versions(self, person_id: int) -> list[PlanVersion]:
        """Every agreed version, oldest first."""
        out: list[PlanVersion] = []
        plan: dict | None = None
        actions: list[dict] = []
        problems: list[dict] = []
        for row in self.db.query(
            "SELECT * FROM care_plans WHERE patient_id = ? AND version IS NOT NULL ORDER BY version", [person_id]
        ):
            plan = version_plan(row["data"], plan)
            actions, problems = version_items(row["actions"], actions), version_items(row["problems"], problems)
            out.append(_version(row, plan, actions, problems))
        return out

    def plan_version(self, person_id: int, number: int) -> PlanVersion:
        found = [v for v in self.plan_versions(person_id) if v.number == number]
        if not found:
            raise NotFound(f"This person has no plan version {number}.")
        return found[0]

    def review_context(self, person_id: int) -> tuple[int | None, bool]:
        """(CFS, end of life) for suggesting a review date: the latest CGA's CFS, else the search's."""
        cfs = self.previous_cga_results(person_id).get("cfs")
        entries = self.cohort_entries(person_id)
        eol = (
            bool(entries and entries[0].end_of_life_register)
            or self.person(person_id).stage is pathway.Stage.PALLIATIVE_GSF
        )
        value = int(cfs.total) if cfs and cfs.total is not None else (entries[0].cfs if entries else None)
        return value, eol

    def suggested_review(self, person_id: int, policy: TeamPolicy, today: date) -> tuple[date | None, str]:
        """The suggested next review (None when no CFS is recorded and nothing else decides) and why."""
        return suggest_next_review(*self.review_context(person_id), policy, today)

    # -- writes -----------------------------------------------------------------------------
    def save_plan(self, user: User, person_id: int, *, based_on: int | None = None, **fields: Any) -> CarePlan:
        """Change some fields of the draft (a partial update); returns the draft as saved. ``based_on``: the
        plan's ``edit_version`` the change was made on; an older one is refused (``StaleEdit``)."""
        if error := plan_fields_error(fields):
            raise MdtError(error)
        now = self.clock()
        with self.transaction() as db:
            before = self.current_plan(person_id)
            try:
                after = CarePlan.model_validate({**before.model_dump(), **fields})
            except ValidationError as exc:
                first = exc.errors()[0]
                raise MdtError(f"{'.'.join(map(str, first['loc'])).replace('_', ' ')}: {first['msg']}.") from None
            for key in _MEMBER_FIELDS:
                member = getattr(after, key)
                if (
                    key in fields
                    and member is not None
                    and not db.execute("SELECT 1 FROM team_members WHERE id = ?", [member]).fetchone()
                ):
                    raise NotFound(f"There is no team member {member}.")
            old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
            changed = [k for k in new if new[k] != old[k]]
            if not changed:
                return after
            self._claim_version(db, user, now, "plan", person_id, based_on)
            db.execute(
                "INSERT INTO care_plans (patient_id, data, updated_at, updated_by) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (patient_id) WHERE version IS NULL DO UPDATE SET data = excluded.data,"
                " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                (person_id, after.model_dump_json(), _stamp(now), user.name),
            )
            write_audit(
                db,
                user,
                now,
                "save_plan",
                "patient",
                person_id,
                {k: old[k] for k in changed},
                {k: new[k] for k in changed},
            )
        return after

    def complete_mdt_review(
        self,
        user: User,
        person_id: int,
        *,
        on: date,
        meeting_id: int | None = None,
        based_on: tuple[int, int] | None = None,
    ) -> int:
        """Agree the plan: freeze it as a new version, code 1026051000000106 (person → planned), set
        the next review. Refused with ``ReviewIncomplete`` naming everything missing. ``based_on``: the
        (plan, problem list) versions the person agreeing was shown; if either changed since, ``StaleEdit``
        (nobody agrees a plan they have not seen)."""
        now = self.clock()
        with self.transaction() as db:
            stage = self._stage_of(db, person_id)
            pathway.transition("complete_mdt_review").check(stage, user.role, {})
            plan = self._plan_for_completion(db, person_id, on)
            problems = self.problems(person_id)
            actions = self.actions(person_id=person_id, open_only=False)
            if missing := missing_for_completion(problems, plan, actions):
                raise ReviewIncomplete(missing)
            assert plan.next_review is not None, "missing_for_completion asks for the next review date"
            number = db.execute(
                "SELECT coalesce(max(version), 0) + 1 FROM care_plans WHERE patient_id = ?", [person_id]
            ).fetchone()[0]
            transition_id = self._apply(
                db,
                user,
                person_id,
                stage,
                "complete_mdt_review",
                on,
                {"plan_version": number, "meeting_id": meeting_id},
            )
            previous_plan, previous_actions, previous_problems = self._agreed(db, person_id)
            frozen = (
                lean_plan(plan.model_dump(mode="json"), previous_plan, number - 1),
                lean_items([p.model_dump(mode="json") for p in problems], previous_problems, number - 1),
                lean_items([a.model_dump(mode="json") for a in actions], previous_actions, number - 1),
                _stamp(now),
                user.name,
                on.isoformat(),
                user.name,
                meeting_id,
                transition_id,
                number,
            )
            self._claim_version(db, user, now, "plan", person_id, based_on and based_on[0])  # the draft is frozen
            if based_on is not None:
                self._claim_version(db, user, now, "problems", person_id, based_on[1])
            db.execute(f"DELETE FROM care_plans WHERE {_DRAFT}", [person_id])
            db.execute(
                "INSERT INTO care_plans (data, problems, actions, updated_at, updated_by, completed_on,"
                " completed_by, meeting_id, transition_id, version, patient_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*frozen, person_id),
            )
            before = db.execute("SELECT next_review, lead_member_id FROM patients WHERE id = ?", [person_id]).fetchone()
            db.execute(
                "UPDATE patients SET next_review = ?, lead_member_id = ? WHERE id = ?",
                (plan.next_review.isoformat(), plan.lead_member_id, person_id),
            )
            acp_event = self._code_advance_care_plan(db, user, person_id, plan, number, on, now)
            write_audit(
                db,
                user,
                now,
                "complete_mdt_review",
                "patient",
                person_id,
                {"next_review": before[0], "lead_member_id": before[1]},
                {
                    "plan_version": number,
                    "next_review": plan.next_review,
                    "next_review_reason": plan.next_review_reason,
                    "lead_member_id": plan.lead_member_id,
                    "problems": [p.title for p in problems if p.status == "active"],
                    "meeting_id": meeting_id,
                    **({"acp_coded_event_id": acp_event} if acp_event else {}),
                },
            )
        return number

    def agreed_on(self, db: sqlite_utils.Database, person_id: int, on: date) -> int | None:
        """The standing MDT review code of a plan agreed on ``on`` and not changed since, if there is one:
        agreeing that same plan version again the same day is the same review, so it is not coded twice."""
        if (
            self._stage_of(db, person_id) is not pathway.Stage.PLANNED
            or db.execute(f"SELECT 1 FROM care_plans WHERE {_DRAFT}", [person_id]).fetchone()
        ):
            return None
        step = latest_step(db, person_id)
        if step is None or step["name"] != "complete_mdt_review" or step["effective_date"] != on.isoformat():
            return None
        row = db.execute(
            "SELECT e.id FROM coded_events e JOIN care_plans v ON v.transition_id = e.transition_id"
            " WHERE e.transition_id = ? AND e.status = 'final' AND v.version = (SELECT max(version)"
            " FROM care_plans WHERE patient_id = ?) AND NOT EXISTS (SELECT 1 FROM coded_events c"
            " WHERE c.corrects_event_id = e.id)",
            (step["id"], person_id),
        ).fetchone()
        return row[0] if row else None

    # -- internals --------------------------------------------------------------------------
    def _code_advance_care_plan(
        self, db: sqlite_utils.Database, user: User, person_id: int, plan: CarePlan, number: int, on: date, now
    ) -> int | None:  # noqa: ANN001
        """713603004 when the agreed plan records an advance care plan (ReSPECT, PEACE, other, or in
        discussion), once per ACP: not again while the version before recorded the same status and date
        and its code stands. Dated the ACP's date (never in the future), else the agreement. Not linked to
        the pathway step, so withdrawing it never reverses the MDT review."""
        if plan.acp_status not in _CODED_ACP:
            return None
        previous = self._agreed(db, person_id, before=number)[0]
        if previous is not None:
            before = _plan(previous)
            if (before.acp_status, before.acp_date) == (plan.acp_status, plan.acp_date) and db.execute(
                "SELECT 1 FROM coded_events e WHERE e.patient_id = ? AND e.snomed_code = ? AND e.status = 'final'"
                " AND NOT EXISTS (SELECT 1 FROM coded_events c WHERE c.corrects_event_id = e.id)",
                (person_id, ADVANCE_CARE_PLANNING.code),
            ).fetchone():
                return None
        day = plan.acp_date if plan.acp_date is not None and plan.acp_date <= now.date() else on
        return db.execute(
            "INSERT INTO coded_events (patient_id, transition_id, snomed_code, term, effective_date,"
            " recorded_by, recorded_at) VALUES (?, NULL, ?, ?, ?, ?, ?)",
            (
                person_id,
                ADVANCE_CARE_PLANNING.code,
                ADVANCE_CARE_PLANNING.term,
                day.isoformat(),
                user.name,
                _stamp(now),
            ),
        ).lastrowid

    def _agreed(
        self, db: sqlite_utils.Database, person_id: int, *, before: int | None = None
    ) -> tuple[dict | None, list[dict] | None, list[dict] | None]:
        """The plan, actions and problems of the latest agreed version (or the latest before version ``before``)
        as JSON objects, rebuilt from the versions' stored changes; None before the first."""
        plan: dict | None = None
        actions: list[dict] | None = None
        problems: list[dict] | None = None
        for data, stored_actions, stored_problems in db.execute(
            "SELECT data, actions, problems FROM care_plans WHERE patient_id = ? AND version IS NOT NULL"
            " AND version < ? ORDER BY version",
            [person_id, before if before is not None else 2**62],
        ):
            plan = version_plan(data, plan)
            actions, problems = (
                version_items(stored_actions, actions or []),
                version_items(stored_problems, problems or []),
            )
        return plan, actions, problems

    def _plan_for_completion(self, db: sqlite_utils.Database, person_id: int, on: date) -> CarePlan:
        """The draft; a review date set on the person after ``on`` (e.g. minuted at a meeting) counts too."""
        plan = self.current_plan(person_id)
        if plan.next_review is None:
            day = db.execute("SELECT next_review FROM patients WHERE id = ?", [person_id]).fetchone()[0]
            if day and date.fromisoformat(day) > on:
                plan = plan.model_copy(
                    update={
                        "next_review": date.fromisoformat(day),
                        "next_review_reason": plan.next_review_reason or "set at the meeting",
                    }
                )
        return plan


def lean_items(every: list[dict], previous: list[dict] | None, previous_number: int) -> str:
    """What a new version stores of its actions (or problems): only what was added or changed since the version
    before, the rest carried from there by id. A new one (or one whose fields differ) is stored whole under
    "changed"; one with a few values changed (an action done) only those under "patched"; the ids in order only
    when they are not the version before's followed by the new ones. Storing every action and problem the person
    ever had in every version made a plan's storage grow with the square of its versions (issue 20)."""
    if previous is None:
        return _compact(every)
    before = {a["id"]: a for a in previous}
    changed, patched = [], []
    for item in every:
        old = before.get(item["id"])
        if old == item:
            continue
        if old is not None and old.keys() == item.keys():
            patched.append({"id": item["id"]} | {k: v for k, v in item.items() if old[k] != v})
        else:
            changed.append(item)
    ids = [a["id"] for a in every]
    lean: dict[str, Any] = {"carried_from": previous_number, "changed": changed}
    if patched:
        lean["patched"] = patched
    if ids != _carried_ids(previous, changed):
        lean["ids"] = ids
    return _compact(lean)


def version_items(stored: str, previous: list[dict]) -> list[dict]:
    """A version's actions (or problems) in full from its stored form: a list (every version frozen before
    issue 20, and first versions), or the lean form read against the previous version's."""
    value = json.loads(stored)
    if isinstance(value, list):
        return value
    known = {a["id"]: a for a in previous}
    known |= {a["id"]: known[a["id"]] | a for a in value.get("patched", ())}
    known |= {a["id"]: a for a in value["changed"]}
    ids = value["ids"] if "ids" in value else _carried_ids(previous, value["changed"])
    return [known[i] for i in ids]


def lean_plan(plan: dict, previous: dict | None, previous_number: int) -> str:
    """What a new version stores of the plan's fields: those changed since the version before (all of them in a
    first version)."""
    if previous is None:
        return _compact(plan)
    changed = {k: v for k, v in plan.items() if k not in previous or previous[k] != v}
    return _compact({"carried_from": previous_number, "changed": changed})


def version_plan(stored: str, previous: dict | None) -> dict:
    """A version's plan fields in full (as JSON) from its stored form: the whole plan (versions frozen before,
    and first versions), or the changed fields over the previous version's."""
    value = json.loads(stored)
    if "carried_from" not in value:
        return value
    return {**(previous or {}), **value["changed"]}


def _carried_ids(previous: list[dict], changed: list[dict]) -> list[int]:
    """The version before's ids followed by those new in ``changed``: what a lean version without ids holds."""
    ids = [a["id"] for a in previous]
    known = set(ids)
    return ids + [a["id"] for a in changed if a["id"] not in known]


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _plan(data: dict) -> CarePlan:
    return CarePlan.model_validate_json(json.dumps(data))


def _version(row: dict, plan: dict, actions: list[dict], problems: list[dict]) -> PlanVersion:
    return PlanVersion(
        number=row["version"],
        person_id=row["patient_id"],
        completed_on=row["completed_on"],
        completed_by=row["completed_by"],
        meeting_id=row["meeting_id"],
        plan=_plan(plan),
        problems=tuple(Problem.model_validate(p) for p in problems),
        actions=tuple(ActionItem.model_validate(a) for a in actions),
    )


def _stamp(moment) -> str:  # noqa: ANN001
    return moment.isoformat(timespec="seconds")
