"""Merging a validated cohort file into the store: one transaction, new people coded, nobody lost.

New people are written in bulk (one executemany into a temporary table, then INSERT … SELECT) so a
100,000-row search imports in seconds; people already known are updated field by field with the
change in the audit; people missing from a newer run of the same search are marked "no longer in
search", never deleted; and a person's stage (declined, not appropriate…) is never changed by an
import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from mdt_tui import codes
from mdt_tui.cohort import CohortRow
from mdt_tui.cohort.columns import ENTRY_FIELDS
from mdt_tui.cohort.practices import pairs_in
from mdt_tui.cohort.summary import CohortImportSummary
from mdt_tui.finder import fold
from mdt_tui.gc_pause import gc_paused
from mdt_tui.models import User
from mdt_tui.pathway import Stage, transition
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.cohort.practices import learn_practices

IDENTITY = (
    "family_name",
    "given_name",
    "date_of_birth",
    "sex",
    "practice_code",
    "practice_name",
    "usual_gp",
    "postcode",
)
# segment and risk_grade first: a NULL in either is stored as '' by the INSERT below.
ENTRY = ENTRY_FIELDS
assert set(IDENTITY + ENTRY) == set(CohortRow._fields) - {"row_number", "nhs_number"}, "a column is not stored"
SEX = {"male": "male", "female": "female", "indeterminate": "other", "unknown": "unknown"}
Progress = Callable[[int, int], None]
"""Called with (done, total) as the import goes: comparing with who is held, staging the rows, writing
them (PHASES units of work a row, roughly in proportion to the time each phase takes)."""
PHASES = 4
CHUNK = 5000


def identity_of(row: CohortRow, practice_names: dict[str, str]) -> tuple:
    """The row's identity fields as stored, None where the file says nothing (the stored value is kept).

    A practice name that no code is known for (the reader let it through for someone held) is not stored
    either: the name would not belong with the code they keep.
    """
    if row.practice_code is None:
        name = None
    else:
        name = row.practice_name or practice_names.get(row.practice_code)
    return (
        row.family_name,
        row.given_name,
        row.date_of_birth.isoformat(),
        SEX[row.sex.lower()] if row.sex else None,
        row.practice_code,
        name,
        row.usual_gp,
        row.postcode,
    )


def changes(before: tuple, after: tuple) -> dict[str, tuple]:
    """Field -> (stored, from the file) for each field the file gives and that differs: never a blanking.

    A new practice code with no name known for it clears the old practice's name, which would be wrong.
    """
    changed = {
        f: (old, new)
        for f, old, new in zip(IDENTITY, before, after, strict=True)
        if new is not None and new != "" and old != new
    }
    if "practice_code" in changed and after[IDENTITY.index("practice_name")] is None and before[5]:
        changed["practice_name"] = (before[5], "")
    return changed


class CohortImport(_StoreBase):
    def import_cohort(
        self,
        user: User,
        rows: Sequence[CohortRow],
        *,
        search_name: str,
        run_date: date,
        rejected: int = 0,
        source: str = "",
        progress: Progress | None = None,
    ) -> CohortImportSummary:
        transition("identify").check(None, user.role, {})
        now = self.clock()
        stamp = now.isoformat(timespec="seconds")
        with gc_paused(), self.transaction() as db:
            learned = learn_practices(db, pairs_in(rows), stamp)
            practice_names = dict(db.execute("SELECT ods_code, name FROM practices").fetchall())
            known = {r[0]: r[1:] for r in db.execute(f"SELECT nhs_number, id, {', '.join(IDENTITY)} FROM patients")}
            members = self._members(db, search_name)
            new = sum(row.nhs_number not in known for row in rows)
            updated = unchanged = 0
            for done, row in enumerate(rows, 1):
                if row.nhs_number in known:
                    before = known[row.nhs_number]
                    changed = changes(before[1:], identity_of(row, practice_names))
                    if changed:
                        after = {f: v[1] for f, v in changed.items()}
                        names = (after.get("family_name", before[1]), after.get("given_name", before[2]))
                        db.execute(
                            f"UPDATE patients SET {', '.join(f'{f} = ?' for f in changed)},"
                            " search_text = ? WHERE id = ?",
                            [*after.values(), fold(f"{names[0]} {names[1]} {row.nhs_number}"), before[0]],
                        )
                        write_audit(
                            db,
                            user,
                            now,
                            "import_update",
                            "patient",
                            before[0],
                            {f: v[0] for f, v in changed.items()},
                            after,
                        )
                        updated += 1
                    else:
                        unchanged += 1
                if progress and done % CHUNK == 0:
                    progress(done, PHASES * len(rows))
            # Every row goes into a temporary table as it is (a CohortRow is already a tuple), and SQL
            # builds the people and their entries from it: no per-row Python beyond the driver's binding.
            first_entry = db.execute("SELECT coalesce(max(id), 0) FROM cohort_entries").fetchone()[0] + 1
            _stage(db, rows, progress)
            self._insert_new(db, new, run_date, user, stamp, first_entry)
            if progress:
                progress(3 * len(rows), PHASES * len(rows))
            db.execute(
                f"INSERT INTO cohort_entries (id, patient_id, search_name, run_date, {', '.join(ENTRY)})"
                f" SELECT ? + s.rowid - 1, p.id, ?, ?, coalesce(s.segment, ''), coalesce(s.risk_grade, ''),"
                f" {', '.join(f's.{field}' for field in ENTRY[2:])}"
                " FROM temp.import_rows s JOIN patients p ON p.nhs_number = s.nhs_number ORDER BY s.rowid",
                [first_entry, search_name, run_date.isoformat()],
            )
            # An older run than the one already held adds history but does not become the latest.
            db.conn.executemany(
                "UPDATE patients SET latest_entry_id = ?, in_latest_search = 1 WHERE id = ? AND"
                " (latest_entry_id IS NULL OR ? >= (SELECT run_date FROM cohort_entries WHERE id = latest_entry_id))",
                [
                    (first_entry + i, known[r.nhs_number][0], run_date.isoformat())
                    for i, r in enumerate(rows)
                    if r.nhs_number in known
                ],
            )
            db.execute("DROP TABLE temp.import_rows")
            newest = self._is_newest(db, search_name, run_date, first_entry)
            gone = self._mark_absent(db, user, now, search_name, run_date, first_entry) if newest else []
            # Joiners are named as this file names them (it has just been stored): no query for 100,000 names.
            joined = (
                tuple(sorted(f"{r.family_name}, {r.given_name}" for r in rows if r.nhs_number not in members))
                if newest
                else ()
            )
            summary = CohortImportSummary(
                search_name=search_name,
                run_date=run_date,
                new=new,
                updated=updated,
                unchanged=unchanged,
                no_longer_in_search=len(gone),
                rejected=rejected,
                practices_learned=learned,
                joined=joined,
                left=_names(db, gone),
            )
            write_audit(db, user, now, "import_cohort", "cohort", None, None, {**summary.counts(), "source": source})
        if progress:
            progress(PHASES * len(rows), PHASES * len(rows))
        return summary

    @staticmethod
    def _members(db, search_name: str) -> set[str]:
        """Who the search's latest run found (and has not been marked absent since): NHS numbers."""
        return {
            r[0]
            for r in db.execute(
                "SELECT nhs_number FROM patients WHERE in_latest_search = 1 AND id IN"
                " (SELECT patient_id FROM cohort_entries WHERE search_name = ?)",
                [search_name],
            )
        }

    @staticmethod
    def _is_newest(db, search_name: str, run_date: date, first_entry: int) -> bool:
        """Whether this run is no older than any held: an older one says nothing about who is in the search now."""
        latest = db.execute(
            "SELECT max(run_date) FROM cohort_entries WHERE search_name = ? AND id < ?", [search_name, first_entry]
        ).fetchone()[0]
        return latest is None or latest <= run_date.isoformat()

    def _insert_new(self, db, count: int, run_date: date, user: User, stamp: str, first_entry: int) -> None:
        """Insert the staged people not yet held, each with their identify step and its code."""
        if not count:
            return
        day = run_date.isoformat()
        start = db.execute("SELECT coalesce(max(id), 0) FROM patients").fetchone()[0] + 1
        sex = " ".join(f"WHEN '{spelled}' THEN '{stored}'" for spelled, stored in SEX.items())
        db.execute(
            f"INSERT INTO patients (nhs_number, {', '.join(IDENTITY)}, stage, stage_since, identified_on,"
            " in_latest_search, search_text, latest_entry_id)"
            " SELECT s.nhs_number, s.family_name, s.given_name, s.date_of_birth,"
            f" CASE lower(coalesce(s.sex, '')) {sex} ELSE 'unknown' END,"
            " coalesce(s.practice_code, ''), coalesce(s.practice_name,"
            " (SELECT name FROM practices WHERE ods_code = s.practice_code), ''), coalesce(s.usual_gp, ''),"
            " coalesce(s.postcode, ''), ?, ?, ?, 1,"
            " mdt_fold(s.family_name || ' ' || s.given_name || ' ' || s.nhs_number),"
            " ? + s.rowid - 1 FROM temp.import_rows s WHERE s.nhs_number NOT IN (SELECT nhs_number FROM patients)"
            " ORDER BY s.rowid",
            [Stage.IDENTIFIED.value, day, day, first_entry],
        )
        first_transition = db.execute("SELECT coalesce(max(id), 0) FROM pathway_transitions").fetchone()[0] + 1
        db.execute(
            "INSERT INTO pathway_transitions (patient_id, name, from_stage, to_stage, effective_date, recorded_at,"
            " by_name, by_role, details) SELECT id, 'identify', NULL, 'identified', ?, ?, ?, ?, '{}'"
            " FROM patients WHERE id >= ? ORDER BY id",
            [day, stamp, user.name, user.role.value, start],
        )
        concept = codes.AT_RISK_OF_EMERGENCY_ADMISSION
        db.execute(
            "INSERT INTO coded_events (patient_id, transition_id, snomed_code, term, effective_date, recorded_by,"
            " recorded_at) SELECT patient_id, id, ?, ?, ?, ?, ? FROM pathway_transitions WHERE id >= ? ORDER BY id",
            [concept.code, concept.term, day, user.name, stamp, first_transition],
        )

    def _mark_absent(self, db, user: User, now, search_name: str, run_date: date, first_entry: int) -> list[int]:
        """People found by an earlier run of this search but not by this (newer) one: ids, marked."""
        earlier = {
            r[0]
            for r in db.execute(
                "SELECT DISTINCT patient_id FROM cohort_entries WHERE search_name = ? AND id < ?",
                [search_name, first_entry],
            )
        }
        found = {r[0] for r in db.execute("SELECT patient_id FROM cohort_entries WHERE id >= ?", [first_entry])}
        still_listed = {r[0] for r in db.execute("SELECT id FROM patients WHERE in_latest_search = 1")}
        absent = sorted((earlier - found) & still_listed)
        for person_id in absent:
            db.execute("UPDATE patients SET in_latest_search = 0 WHERE id = ?", [person_id])
            write_audit(
                db,
                user,
                now,
                "no_longer_in_search",
                "patient",
                person_id,
                {"in_latest_search": True},
                {"in_latest_search": False, "search_name": search_name, "run_date": run_date},
            )
        return absent


def _names(db, ids: list[int]) -> tuple[str, ...]:
    """'Family, Given' for each person, in name order."""
    found: list[tuple[str, str]] = []
    for start in range(0, len(ids), 500):  # within SQLite's limit on parameters
        chunk = ids[start : start + 500]
        found += db.execute(
            f"SELECT family_name, given_name FROM patients WHERE id IN ({', '.join('?' * len(chunk))})", chunk
        ).fetchall()
    return tuple(sorted(f"{family}, {given}" for family, given in found))


def _stage(db, rows: Sequence[CohortRow], progress: Progress | None) -> None:
    """The file's rows, in file order (rowid 1, 2, …), in a temporary table shaped like CohortRow."""
    db.execute("DROP TABLE IF EXISTS temp.import_rows")
    db.execute(f"CREATE TEMP TABLE import_rows ({', '.join(CohortRow._fields)})")
    db.conn.create_function("mdt_fold", 1, fold, deterministic=True)
    insert = f"INSERT INTO temp.import_rows VALUES ({', '.join('?' * len(CohortRow._fields))})"
    for start in range(0, len(rows), CHUNK):
        db.conn.executemany(insert, rows[start : start + CHUNK])  # a date goes in as ISO text (store/connection.py)
        if progress:
            progress(len(rows) + min(start + CHUNK, len(rows)), PHASES * len(rows))
