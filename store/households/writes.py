"""Households and carers in the store: linking people, carers' details, strain, assessment and support.

Each write is one transaction with its audit row; recording a carer who is in the cohort writes their
'is a carer' coded event (224484003) once.
"""

from __future__ import annotations

from datetime import date

import sqlite_utils

from mdt_tui.codes import IS_A_CARER
from mdt_tui.errors import MissingRequirement, NotFound
from mdt_tui.households.records import (
    Carer,
    CarerDetails,
    Household,
    HouseholdKind,
    HouseholdMember,
    HouseholdView,
    Resident,
    StrainReport,
    check_not_in_household,
    check_reported_on,
    suggest_households,
)
from mdt_tui.models import User
from mdt_tui.plan.records import ProblemDraft
from mdt_tui.store.audit import write_audit
from mdt_tui.store.connection import inserted_id
from mdt_tui.store.households.agenda import HouseholdAgenda

_CARER_SQL = (
    "SELECT c.*, s.level, s.words, s.reported_on FROM carers c LEFT JOIN carer_strain s ON s.id ="
    " (SELECT id FROM carer_strain WHERE carer_id = c.id ORDER BY reported_on DESC, id DESC LIMIT 1)"
)
# The cared-for person's latest completed CGA answer to the social checklist's carer strain question.
_CGA_STRAIN = (
    "SELECT json_extract(e.value, '$.answer'), coalesce(b.assessment_date, b.started_on) FROM cga_bundles b"
    " JOIN cga_entries e ON e.bundle_id = b.id AND e.kind = 'checklist' AND e.section = 'social_checks'"
    " AND e.key = 'carer_strain' WHERE b.patient_id = ? AND b.status = 'completed'"
    " ORDER BY b.assessment_date DESC, b.id DESC LIMIT 1"
)


def _stamp(now) -> str:
    return now.isoformat(timespec="seconds")


def _person_name(db: sqlite_utils.Database, person_id: int) -> str:
    row = db.execute("SELECT family_name, given_name FROM patients WHERE id = ?", [person_id]).fetchone()
    if row is None:
        raise NotFound(f"There is no person with id {person_id}.")
    return f"{row[0]}, {row[1]}"


def _household_of(db: sqlite_utils.Database, person_id: int) -> int | None:
    row = db.execute("SELECT household_id FROM household_members WHERE person_id = ?", [person_id]).fetchone()
    return row[0] if row else None


class HouseholdWrites(HouseholdAgenda):
    # -- households ---------------------------------------------------------------------------
    def link_household(self, user: User, kind: HouseholdKind, people: list[tuple[int, str]]) -> int:
        """A new household of people in the cohort, each with their relationship ('husband', 'wife')."""
        if len(people) < 1:
            raise MissingRequirement("Choose the people who live together.")
        now = self.clock()
        with self.transaction() as db:
            for person_id, _ in people:
                self._check_free(db, person_id)
            household_id = inserted_id(
                db.execute(
                    "INSERT INTO households (kind, created_at, created_by) VALUES (?, ?, ?)",
                    (kind, _stamp(now), user.name),
                )
            )
            for person_id, relationship in people:
                self._insert_member(
                    db,
                    user,
                    household_id,
                    HouseholdMember(person_id=person_id, name=_person_name(db, person_id), relationship=relationship),
                    now,
                )
            write_audit(
                db,
                user,
                now,
                "link_household",
                "household",
                household_id,
                None,
                {"kind": kind, "people": [p for p, _ in people]},
            )
        return household_id

    def link_people(
        self,
        user: User,
        person_id: int,
        other_id: int,
        *,
        kind: HouseholdKind = "couple",
        relationship: str = "",
        other_relationship: str = "",
    ) -> int:
        """Link two cohort people: into the household one of them is in already, or a new one of ``kind``."""
        if person_id == other_id:
            raise MissingRequirement("Choose someone else to link with.")
        with self.transaction() as db:
            mine, theirs = _household_of(db, person_id), _household_of(db, other_id)
            if mine is not None and theirs is not None:
                if mine == theirs:
                    raise MissingRequirement("They are already in the same household.")
                raise MissingRequirement(
                    f"{_person_name(db, other_id)} is already in another household: take them out of it first."
                )
            if mine is not None:
                household_id, joining, rel = mine, other_id, other_relationship
            elif theirs is not None:
                household_id, joining, rel = theirs, person_id, relationship
            else:
                return self.link_household(user, kind, [(person_id, relationship), (other_id, other_relationship)])
            self.add_household_member(
                user, household_id, HouseholdMember(person_id=joining, name="-", relationship=rel)
            )
        return household_id

    def add_household_member(self, user: User, household_id: int, member: HouseholdMember) -> int:
        """Someone joins the household: a person in the cohort (one household each) or someone who is not."""
        now = self.clock()
        with self.transaction() as db:
            if not db.execute("SELECT 1 FROM households WHERE id = ?", [household_id]).fetchone():
                raise NotFound(f"There is no household {household_id}.")
            if member.person_id is not None:
                self._check_free(db, member.person_id)
                member = member.model_copy(update={"name": _person_name(db, member.person_id)})
            member_id = self._insert_member(db, user, household_id, member, now)
        return member_id

    def remove_household_member(self, user: User, member_id: int) -> None:
        """Someone leaves the household (moved, died, linked by mistake); the audit keeps who they were."""
        now = self.clock()
        with self.transaction() as db:
            row = db.execute("SELECT * FROM household_members WHERE id = ?", [member_id]).fetchone()
            if row is None:
                raise NotFound(f"There is no household member {member_id}.")
            db.execute("DELETE FROM household_members WHERE id = ?", [member_id])
            write_audit(
                db,
                user,
                now,
                "remove_household_member",
                "household",
                row[1],
                {"member_id": member_id, "person_id": row[2], "name": row[3]},
                None,
            )

    def _check_free(self, db: sqlite_utils.Database, person_id: int, joining: int | None = None) -> None:
        name = _person_name(db, person_id)
        try:
            check_not_in_household(name, _household_of(db, person_id), joining)
        except ValueError as exc:
            raise MissingRequirement(str(exc)[:1].upper() + str(exc)[1:] + ".") from None

    def _insert_member(
        self, db, user: User, household_id: int, member: HouseholdMember, now, from_link_id: int | None = None
    ) -> int:
        member_id = db.execute(
            "INSERT INTO household_members (household_id, person_id, name, relationship, contact, lives_with,"
            " from_link_id, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                household_id,
                member.person_id,
                member.name,
                member.relationship,
                member.contact,
                int(member.lives_with),
                from_link_id,
                _stamp(now),
                user.name,
            ),
        ).lastrowid
        write_audit(
            db,
            user,
            now,
            "add_household_member",
            "household",
            household_id,
            None,
            member.model_dump(mode="json", exclude={"id"}),
        )
        return member_id

    def household(self, person_id: int) -> Household | None:
        """The person's household, members in the order they were added; None if they are in none."""
        household_id = _household_of(self.db, person_id)
        return None if household_id is None else self.household_by_id(household_id)

    def household_view(self, person_id: int) -> HouseholdView:
        """Household, carers and whom they care for: what every screen and document shows of the household."""
        return HouseholdView(
            person_id, self.household(person_id), tuple(self.carers_of(person_id)), tuple(self.cared_for_by(person_id))
        )

    def household_by_id(self, household_id: int) -> Household:
        row = self.db.execute("SELECT id, kind FROM households WHERE id = ?", [household_id]).fetchone()
        if row is None:
            raise NotFound(f"There is no household {household_id}.")
        members = tuple(
            HouseholdMember(
                id=r["id"],
                person_id=r["person_id"],
                name=r["name"],
                relationship=r["relationship"],
                contact=r["contact"],
                lives_with=bool(r["lives_with"]),
            )
            for r in self.db.query("SELECT * FROM household_members WHERE household_id = ? ORDER BY id", [household_id])
        )
        return Household(id=row[0], kind=row[1], members=members)

    def household_suggestions_for(self, person_id: int) -> list[int]:
        """The people suggested to link with this person (reads only their postcode's people)."""
        rows = self.db.execute(
            "SELECT p.id, p.postcode, m.household_id, p.family_name FROM patients p"
            " LEFT JOIN household_members m ON m.person_id = p.id"
            " WHERE replace(upper(p.postcode), ' ', '') = (SELECT replace(upper(postcode), ' ', '') FROM patients"
            " WHERE id = ?) AND p.postcode != ''",
            [person_id],
        ).fetchall()
        group = next(
            (g for g in suggest_households(Resident(r[0], r[1], "", r[2], r[3]) for r in rows) if person_id in g), []
        )
        return [p for p in group if p != person_id]

    def household_suggestions(self) -> list[list[int]]:
        """People not yet in a household who share a postcode (and family name, as no address line is held):
        offered to link, never linked here."""
        rows = self.db.execute(
            "SELECT p.id, p.postcode, m.household_id, p.family_name FROM patients p"
            " LEFT JOIN household_members m ON m.person_id = p.id WHERE p.postcode != ''"
        ).fetchall()
        return suggest_households(Resident(r[0], r[1], "", r[2], r[3]) for r in rows)

    # -- shared problems and actions for a carer -------------------------------------------------
    def add_shared_problem(self, user: User, household_id: int, draft: ProblemDraft) -> list[int]:
        """A problem the household shares ("carer breakdown if reablement ends"): one on each cohort member's
        problem list, tied by the household; returns the problem ids."""
        now = self.clock()
        with self.transaction() as db:
            people = self.household_by_id(household_id).other_people(-1)
            if not people:
                raise MissingRequirement("No one in this household is in the cohort to hold the problem.")
            ids = [self.add_problem(user, person_id, draft) for person_id in people]
            db.execute(
                f"UPDATE problems SET household_id = ? WHERE id IN ({', '.join('?' * len(ids))})", [household_id, *ids]
            )
            write_audit(
                db,
                user,
                now,
                "add_shared_problem",
                "household",
                household_id,
                None,
                {"problems": ids, "title": draft.title},
            )
        return ids

    def shared_problem_ids(self, person_id: int) -> set[int]:
        """The person's problems that their household shares."""
        return {
            r[0]
            for r in self.db.execute(
                "SELECT id FROM problems WHERE patient_id = ? AND household_id IS NOT NULL", [person_id]
            )
        }

    def add_carer_action(
        self, user: User, carer_id: int, *, description: str, owner_id: int | None, due: date | None
    ) -> int:
        """An action for the carer (their assessment, respite), held on the cared-for person's record."""
        now = self.clock()
        with self.transaction() as db:
            carer = self._carer_row(db, carer_id)
            person_id = carer["cared_for_id"] or carer["carer_person_id"]
            action_id = self.add_action(user, person_id, description=description, owner_id=owner_id, due=due)
            db.execute("UPDATE actions SET carer_id = ? WHERE id = ?", (carer_id, action_id))
            write_audit(db, user, now, "action_for_carer", "action", action_id, None, {"carer_id": carer_id})
        return action_id

    def carer_actions(self, person_id: int) -> dict[int, str]:
        """The person's actions that are for a carer: action id -> the carer's name."""
        return {
            r[0]: r[1]
            for r in self.db.execute(
                "SELECT a.id, c.name FROM actions a JOIN carers c ON c.id = a.carer_id WHERE a.patient_id = ?",
                [person_id],
            )
        }

    # -- carers -------------------------------------------------------------------------------
    def add_carer(
        self, user: User, details: CarerDetails, *, cared_for_id: int | None, cared_for_name: str = ""
    ) -> int:
        """Record who cares for a person (``cared_for_id``), or whom a cohort person cares for (then
        ``details.carer_person_id`` is them and ``cared_for_name`` names someone outside the cohort)."""
        if cared_for_id is None and details.carer_person_id is None:
            raise MissingRequirement("A carer record needs a person in the cohort on one side.")
        now = self.clock()
        with self.transaction() as db:
            if cared_for_id is not None:
                cared_for_name = _person_name(db, cared_for_id)
            elif not cared_for_name.strip():
                raise MissingRequirement("Name the person they care for.")
            name = details.name
            if details.carer_person_id is not None:
                name = _person_name(db, details.carer_person_id)
            carer_id = inserted_id(
                db.execute(
                    "INSERT INTO carers (cared_for_id, cared_for_name, carer_person_id, name, relationship, main_carer,"
                    " contact, consent_to_hold, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        cared_for_id,
                        cared_for_name.strip(),
                        details.carer_person_id,
                        name,
                        details.relationship,
                        int(details.main_carer),
                        details.contact,
                        int(details.consent_to_hold),
                        _stamp(now),
                        user.name,
                    ),
                )
            )
            if details.carer_person_id is not None:
                self._code_is_a_carer(db, user, details.carer_person_id, now)
            write_audit(
                db,
                user,
                now,
                "add_carer",
                "carer",
                carer_id,
                None,
                {"cared_for_id": cared_for_id, **details.model_dump(mode="json")},
            )
        return carer_id

    def _code_is_a_carer(self, db, user: User, person_id: int, now) -> None:
        """'Is a carer' once per person (a live event already there is enough)."""
        if db.execute(
            "SELECT 1 FROM coded_events e WHERE e.patient_id = ? AND e.snomed_code = ?"
            " AND e.status = 'final' AND NOT EXISTS"
            " (SELECT 1 FROM coded_events c WHERE c.corrects_event_id = e.id)",
            (person_id, IS_A_CARER.code),
        ).fetchone():
            return
        db.execute(
            "INSERT INTO coded_events (patient_id, snomed_code, term, effective_date, recorded_by,"
            " recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
            (person_id, IS_A_CARER.code, IS_A_CARER.term, now.date().isoformat(), user.name, _stamp(now)),
        )

    def record_carer_strain(self, user: User, carer_id: int, report: StrainReport) -> None:
        """Strain as the carer reported it, dated; earlier reports stay (append-only)."""
        now = self.clock()
        try:
            check_reported_on(report.reported_on, now.date())
        except ValueError as exc:
            raise MissingRequirement(f"{exc}.".capitalize()) from None
        with self.transaction() as db:
            self._carer_row(db, carer_id)
            db.execute(
                "INSERT INTO carer_strain (carer_id, level, words, reported_on, recorded_at, recorded_by)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (carer_id, report.level, report.words, report.reported_on.isoformat(), _stamp(now), user.name),
            )
            write_audit(db, user, now, "record_carer_strain", "carer", carer_id, None, report.model_dump(mode="json"))

    def record_carer_assessment_offered(self, user: User, carer_id: int, on: date) -> None:
        now = self.clock()
        try:
            check_reported_on(on, now.date())
        except ValueError as exc:
            raise MissingRequirement(f"{exc}.".capitalize()) from None
        self._update_carer(user, carer_id, "assessment_offered_on", on.isoformat(), now)

    def set_carer_support(self, user: User, carer_id: int, support: str) -> None:
        self._update_carer(user, carer_id, "support", support.strip(), self.clock())

    def _update_carer(self, user: User, carer_id: int, column: str, value, now) -> None:
        with self.transaction() as db:
            before = self._carer_row(db, carer_id)[column]
            db.execute(f"UPDATE carers SET {column} = ? WHERE id = ?", (value, carer_id))
            write_audit(db, user, now, f"carer_{column}", "carer", carer_id, {column: before}, {column: value})

    @staticmethod
    def _carer_row(db, carer_id: int):
        row = next(iter(db.query("SELECT * FROM carers WHERE id = ?", [carer_id])), None)
        if row is None:
            raise NotFound(f"There is no carer {carer_id}.")
        return row

    def carers_of(self, person_id: int) -> list[Carer]:
        """Who cares for the person, main carer first."""
        return self._carers(" WHERE c.cared_for_id = ? ORDER BY c.main_carer DESC, c.id", [person_id])

    def cared_for_by(self, person_id: int) -> list[Carer]:
        """Whom the person cares for (in the cohort or not)."""
        return self._carers(" WHERE c.carer_person_id = ? ORDER BY c.id", [person_id])

    def carer(self, carer_id: int) -> Carer:
        found = self._carers(" WHERE c.id = ?", [carer_id])
        if not found:
            raise NotFound(f"There is no carer {carer_id}.")
        return found[0]

    def all_carers(self) -> list[Carer]:
        return self._carers(" ORDER BY c.name, c.id", [])

    def carers_under_strain(self) -> list[Carer]:
        """Carers whose latest strain is some or high (or a later CGA answered yes), by name."""
        return [c for c in self.all_carers() if c.under_strain]

    def carer_strain_list(self) -> list[Carer]:
        """Home's "carers under strain": every carer under strain, then each person on the caseload whose latest
        CGA flagged carer strain but who has no carer recorded (shown as 'carer not recorded', id below 0)."""
        strained = self.carers_under_strain()
        with_carer = {c.cared_for_id for c in self.all_carers()}
        for person in self.carer_strain_people():
            if person.id not in with_carer:
                found = self.db.execute(_CGA_STRAIN, [person.id]).fetchone()
                strained.append(
                    Carer(
                        id=-person.id,
                        cared_for_id=person.id,
                        cared_for_name=f"{person.family_name}, {person.given_name}",
                        carer_person_id=None,
                        name="carer not recorded",
                        cga_strain=(found[0], date.fromisoformat(found[1][:10])),
                    )
                )
        return strained

    def _carers(self, where: str, params: list) -> list[Carer]:
        out = []
        for r in self.db.query(_CARER_SQL + where, params):
            strain = (
                StrainReport(level=r["level"], words=r["words"], reported_on=r["reported_on"]) if r["level"] else None
            )
            cga = None
            if r["cared_for_id"] is not None:
                found = self.db.execute(_CGA_STRAIN, [r["cared_for_id"]]).fetchone()
                cga = (found[0], date.fromisoformat(found[1][:10])) if found and found[0] else None
            out.append(
                Carer(
                    id=r["id"],
                    cared_for_id=r["cared_for_id"],
                    cared_for_name=r["cared_for_name"],
                    carer_person_id=r["carer_person_id"],
                    name=r["name"],
                    relationship=r["relationship"],
                    main_carer=bool(r["main_carer"]),
                    contact=r["contact"],
                    consent_to_hold=bool(r["consent_to_hold"]),
                    assessment_offered_on=r["assessment_offered_on"],
                    support=r["support"],
                    strain=strain,
                    cga_strain=cga,
                )
            )
        return out
