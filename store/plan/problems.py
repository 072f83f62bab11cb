"""The prioritised problem list: accepting or dismissing CGA suggestions, adding, editing, reordering, resolving."""

from __future__ import annotations

import json
from typing import Literal

import sqlite_utils

from mdt_tui.cga.bundle import SuggestedProblem
from mdt_tui.errors import IllegalTransition, MissingRequirement, NotFound
from mdt_tui.models import User, saved_id
from mdt_tui.plan.records import SUGGESTION_DOMAINS, Problem, ProblemDraft
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.connection import inserted_id

_ORDER = " ORDER BY status = 'resolved', position, id"
_COLUMNS = ("title", "domain", "status", "key_risks", "goals", "management_plan", "source", "suggestion_key")


def problem_from_row(row: dict) -> Problem:
    data = {k: row[k] for k in _COLUMNS}
    return Problem(
        id=row["id"],
        person_id=row["patient_id"],
        position=row["position"],
        created_by=row["created_by"],
        **{**data, "goals": tuple(json.loads(row["goals"]))},
    )


class ProblemWrites(_StoreBase):
    """Mixed into Store; relies on ``transaction()``, ``clock``, ``db``, ``latest_completed_cga`` and
    ``_claim_version`` (store/versions.py)."""

    # -- reads ------------------------------------------------------------------------------
    def problems(self, person_id: int, *, include_resolved: bool = True) -> list[Problem]:
        """Active problems in priority order, then resolved ones."""
        where = "" if include_resolved else " AND status = 'active'"
        return [
            problem_from_row(r)
            for r in self.db.query(f"SELECT * FROM problems WHERE patient_id = ?{where}{_ORDER}", [person_id])
        ]

    def problem(self, problem_id: int) -> Problem:
        row = next(self.db.query("SELECT * FROM problems WHERE id = ?", [problem_id]), None)
        if row is None:
            raise NotFound(f"There is no problem {problem_id}.")
        return problem_from_row(row)

    def suggested_problems(self, person_id: int) -> list[SuggestedProblem]:
        """The latest completed CGA's suggestions not yet accepted or dismissed."""
        cga = self.latest_completed_cga(person_id)
        if cga is None:
            return []
        taken = {
            r[0]
            for r in self.db.execute(
                "SELECT suggestion_key FROM problems WHERE cga_id = ? UNION SELECT key FROM dismissed_suggestions"
                " WHERE cga_id = ?",
                (cga.id, cga.id),
            )
        }
        return [s for s in cga.suggested_problems if s.rule not in taken]

    # -- writes -----------------------------------------------------------------------------
    def add_problem(
        self,
        user: User,
        person_id: int,
        draft: ProblemDraft,
        *,
        cga_id: int | None = None,
        based_on: int | None = None,
    ) -> int:
        """Add a problem at the bottom of the active list; returns its id. ``based_on`` (here and in every
        problem-list write): the list's ``edit_version`` the change was made on; an older one is refused."""
        now = self.clock()
        with self.transaction() as db:
            self._stage_of(db, person_id)  # NotFound for an unknown person
            self._claim_version(db, user, now, "problems", person_id, based_on)
            position = db.execute(
                "SELECT coalesce(max(position), 0) + 1 FROM problems WHERE patient_id = ?", [person_id]
            ).fetchone()[0]
            data = draft.model_dump(mode="json")
            cursor = db.execute(
                f"INSERT INTO problems (patient_id, position, {', '.join(_COLUMNS)}, cga_id, created_at, created_by)"
                f" VALUES (?, ?, {', '.join('?' * len(_COLUMNS))}, ?, ?, ?)",
                (
                    person_id,
                    position,
                    *[json.dumps(data[k]) if k == "goals" else data[k] for k in _COLUMNS],
                    cga_id,
                    _stamp(now),
                    user.name,
                ),
            )
            write_audit(
                db, user, now, "add_problem", "problem", cursor.lastrowid, None, {"patient_id": person_id, **data}
            )
        return inserted_id(cursor)

    def accept_suggested_problem(
        self, user: User, person_id: int, key: str, *, title: str | None = None, based_on: int | None = None
    ) -> int:
        """Turn one of the latest CGA's suggestions into a problem, keeping where it came from."""
        suggestion, cga_id = self._suggestion(person_id, key)
        domain = SUGGESTION_DOMAINS.get(key, "physical")
        draft = ProblemDraft(
            title=(title or "").strip() or suggestion.title, domain=domain, source=suggestion.source, suggestion_key=key
        )
        return self.add_problem(user, person_id, draft, cga_id=cga_id, based_on=based_on)

    def dismiss_suggested_problem(
        self, user: User, person_id: int, key: str, *, reason: str, based_on: int | None = None
    ) -> None:
        """Decide against a suggestion; the reason and the suggestion's source are kept."""
        if not reason.strip():
            raise MissingRequirement("Say why the suggested problem is dismissed.")
        suggestion, cga_id = self._suggestion(person_id, key)
        now = self.clock()
        with self.transaction() as db:
            self._claim_version(db, user, now, "problems", person_id, based_on)
            cursor = db.execute(
                "INSERT INTO dismissed_suggestions (patient_id, cga_id, key, title, source, reason, at, by_name)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (person_id, cga_id, key, suggestion.title, suggestion.source, reason.strip(), _stamp(now), user.name),
            )
            write_audit(
                db,
                user,
                now,
                "dismiss_suggested_problem",
                "patient",
                person_id,
                None,
                {
                    "dismissal_id": cursor.lastrowid,
                    "key": key,
                    "title": suggestion.title,
                    "source": suggestion.source,
                    "reason": reason.strip(),
                },
            )

    def update_problem(self, user: User, problem_id: int, draft: ProblemDraft, *, based_on: int | None = None) -> None:
        """Replace a problem's details (title, domain, status, risks, goals, management plan)."""
        before = self.problem(problem_id)
        data = draft.model_dump(mode="json")
        with self.transaction() as db:
            self._claim_version(db, user, self.clock(), "problems", before.person_id, based_on)
            db.execute(
                f"UPDATE problems SET {', '.join(f'{k} = ?' for k in _COLUMNS)},"
                " resolved_at = CASE WHEN ? = 'resolved' THEN coalesce(resolved_at, ?) END WHERE id = ?",
                (
                    *[json.dumps(data[k]) if k == "goals" else data[k] for k in _COLUMNS],
                    data["status"],
                    _stamp(self.clock()),
                    problem_id,
                ),
            )
            old = ProblemDraft(**before.model_dump(include=set(ProblemDraft.model_fields))).model_dump(mode="json")
            changed = [k for k in data if data[k] != old[k]]
            write_audit(
                db,
                user,
                self.clock(),
                "update_problem",
                "problem",
                problem_id,
                {k: old[k] for k in changed},
                {k: data[k] for k in changed},
            )

    def resolve_problem(self, user: User, problem_id: int, *, based_on: int | None = None) -> None:
        problem = self.problem(problem_id)
        if problem.status == "resolved":
            raise IllegalTransition(f"“{problem.title}” is already resolved.")
        self.update_problem(
            user,
            problem_id,
            ProblemDraft(**{**problem.model_dump(include=set(ProblemDraft.model_fields)), "status": "resolved"}),
            based_on=based_on,
        )

    def move_problem(
        self, user: User, problem_id: int, to: Literal["up", "down", "top"], *, based_on: int | None = None
    ) -> None:
        """Change a problem's priority among the person's active problems."""
        problem = self.problem(problem_id)
        if problem.status != "active":
            raise IllegalTransition("Only active problems have a priority; this one is resolved.")
        with self.transaction() as db:
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM problems WHERE patient_id = ? AND status = 'active' ORDER BY position, id",
                    [problem.person_id],
                )
            ]
            before = list(ids)
            i = ids.index(problem_id)
            if to == "top":
                ids.insert(0, ids.pop(i))
            elif to in ("up", "down"):
                j = i - 1 if to == "up" else i + 1
                if 0 <= j < len(ids):
                    ids[i], ids[j] = ids[j], ids[i]
            else:
                raise ValueError(f"Move a problem 'up', 'down' or 'top', not {to!r}.")
            if ids == before:
                return
            self._claim_version(db, user, self.clock(), "problems", problem.person_id, based_on)
            _renumber(db, ids)
            write_audit(
                db,
                user,
                self.clock(),
                "move_problem",
                "patient",
                problem.person_id,
                {"order": before},
                {"order": ids, "moved": problem_id, "to": to},
            )

    # -- internals --------------------------------------------------------------------------
    def _suggestion(self, person_id: int, key: str) -> tuple[SuggestedProblem, int]:
        cga = self.latest_completed_cga(person_id)
        if cga is None:
            raise NotFound("This person has no completed CGA, so there are no suggested problems.")
        suggestion = next((s for s in cga.suggested_problems if s.rule == key), None)
        if suggestion is None:
            raise NotFound(f"The latest CGA did not suggest a problem called {key!r}.")
        if suggestion.rule not in {s.rule for s in self.suggested_problems(person_id)}:
            raise IllegalTransition(f"“{suggestion.title}” has already been accepted or dismissed.")
        return suggestion, saved_id(cga.id)


def _renumber(db: sqlite_utils.Database, ids: list[int]) -> None:
    for position, pid in enumerate(ids, start=1):
        db.execute("UPDATE problems SET position = ? WHERE id = ?", (position, pid))


def _stamp(moment) -> str:  # noqa: ANN001
    return moment.isoformat(timespec="seconds")
