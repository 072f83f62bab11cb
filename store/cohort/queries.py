"""The cohort review table's reads: filtered, sorted and paged in SQL so 10,000 rows stay quick."""

from __future__ import annotations

from datetime import date

from mdt_tui.cohort.columns import ENTRY_FIELDS
from mdt_tui.cohort.filter import SORTABLE, CohortFilter
from mdt_tui.cohort.importing import SearchMembers
from mdt_tui.cohort.rows import LeftSearch
from mdt_tui.models import CohortListRow
from mdt_tui.pathway import CASELOAD_STAGES, Stage
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.queries import _SUMMARY_SQL, stage_in, summary_from_row

_COLUMNS = """p.id, p.nhs_number, p.family_name, p.given_name, p.date_of_birth, p.practice_code, p.stage,
p.identified_on, p.in_latest_search, coalesce(ce.segment, '') AS segment, coalesce(ce.risk_grade, '') AS risk_grade,
ce.efi, ce.cfs, ce.emergency_admissions_12m, ce.ae_attendances_12m"""
_FROM = " FROM patients p LEFT JOIN cohort_entries ce ON ce.id = p.latest_entry_id"
# Found by the latest run of their search, and not by the run of that search before it.
_NEW_IN_SEARCH = """(p.in_latest_search = 1 AND ce.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cohort_entries prev
WHERE prev.patient_id = p.id AND prev.search_name = ce.search_name AND prev.run_date = (SELECT max(e.run_date)
FROM cohort_entries e WHERE e.search_name = ce.search_name AND e.run_date < ce.run_date)))"""
_SEARCH = {"left": "p.in_latest_search = 0", "new": _NEW_IN_SEARCH}
# The `mdt cohort` worklist's columns after the identity and status: the latest search entry's values.
LISTING_ENTRY = ENTRY_FIELDS


def _where(flt: CohortFilter) -> tuple[str, list]:
    clauses, params = [], []
    for word in flt.words:
        clauses.append("p.search_text LIKE ?")
        params.append(f"%{word}%")
    if flt.stages is not None:
        clauses.append(f"p.stage IN ({', '.join('?' * len(flt.stages)) or 'NULL'})")
        params.extend(s.value for s in flt.stages)
    for column, values, pattern in (
        ("p.practice_code", flt.practices, "{}%"),
        ("lower(ce.segment)", flt.segments, "%{}%"),
        ("ce.risk_grade", flt.risks, "{}"),
    ):
        if values:
            clauses.append("(" + " OR ".join(f"{column} LIKE ?" for _ in values) + ")")
            params.extend(pattern.format(v) for v in values)
    if flt.search:
        clauses.append("(" + " OR ".join(_SEARCH[word] for word in sorted(flt.search)) + ")")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class CohortQueries(_StoreBase):
    def cohort_page(
        self, flt: CohortFilter, *, sort: str = "name", descending: bool = False, offset: int = 0, limit: int = 200
    ) -> tuple[list[CohortListRow], int]:
        """One page of matching people, and how many match in all."""
        where, params = _where(flt)
        order = SORTABLE.get(sort, SORTABLE["name"])
        direction = "DESC" if descending else "ASC"
        order_sql = ", ".join(f"{part} {direction}" for part in order.split(", "))
        rows = self.db.execute(
            f"SELECT {_COLUMNS}{_FROM}{where} ORDER BY {order_sql}, p.id LIMIT ? OFFSET ?",
            [*params, int(limit), int(offset)],
        )
        names = [d[0] for d in rows.description]
        page = [CohortListRow(**dict(zip(names, r, strict=True))) for r in rows.fetchall()]
        total = self.db.execute(f"SELECT count(*){_FROM}{where}", params).fetchone()[0]
        return page, total

    def cohort_size(self) -> int:
        return self.db.execute("SELECT count(*) FROM patients").fetchone()[0]

    def stages_by_nhs_number(self) -> dict[str, Stage]:
        """Everyone held and their stage: what an import of a file would merge into."""
        return {nhs: Stage(stage) for nhs, stage in self.db.execute("SELECT nhs_number, stage FROM patients")}

    def cohort_listing(self, stages=None):
        """Every person for the `mdt cohort` worklist, ordered by name: identity, status, and their latest search
        entry's values; identified_on / last_seen_on are the run dates of the first and latest runs that found them."""
        entry = ", ".join(f"ce.{field}" for field in LISTING_ENTRY)
        sql = (
            "SELECT p.nhs_number, p.family_name, p.given_name, p.date_of_birth, p.practice_code, p.stage AS status,"
            f" p.in_latest_search, {entry},"
            " coalesce((SELECT min(run_date) FROM cohort_entries f WHERE f.patient_id = p.id), p.identified_on)"
            " AS identified_on,"
            " (SELECT max(run_date) FROM cohort_entries f WHERE f.patient_id = p.id) AS last_seen_on"
            " FROM patients p LEFT JOIN cohort_entries ce ON ce.id = p.latest_entry_id"
        )
        params: list = []
        if stages is not None:
            where, params = stage_in(stages, "p.stage")
            sql += f" WHERE {where}"
        yield from self.db.query(sql + " ORDER BY p.family_name, p.given_name, p.nhs_number", params)

    def caseload_left_search(self) -> int:
        """How many people on the caseload the latest run of their search no longer finds."""
        where, params = stage_in(sorted(CASELOAD_STAGES), "stage")
        return self.db.execute(
            f"SELECT count(*) FROM patients WHERE in_latest_search = 0 AND {where}", params
        ).fetchone()[0]

    def caseload_left_search_people(self):
        """Those people, by name: for the MDT to decide about, never dropped."""
        where, params = stage_in(sorted(CASELOAD_STAGES))
        return [
            summary_from_row(r)
            for r in self.db.query(
                f"{_SUMMARY_SQL} WHERE p.in_latest_search = 0 AND {where} ORDER BY p.family_name, p.given_name, p.id",
                params,
            )
        ]

    def left_search(self, person_id: int) -> LeftSearch | None:
        """The search and run date of the latest run that no longer found this person, or None if it still does."""
        row = self.db.execute(
            "SELECT ce.search_name, (SELECT max(e.run_date) FROM cohort_entries e WHERE e.search_name = ce.search_name)"
            " FROM patients p JOIN cohort_entries ce ON ce.id = p.latest_entry_id"
            " WHERE p.id = ? AND p.in_latest_search = 0",
            [person_id],
        ).fetchone()
        return LeftSearch(row[0], date.fromisoformat(row[1])) if row else None

    def search_members_named(self, search_name: str) -> SearchMembers:
        """Who the search's latest run found (and still lists as found), NHS number -> 'Family, Given', and when it
        last ran: what an import of a new run would compare with, to name who joins and who leaves."""
        members = {
            nhs: f"{family}, {given}"
            for nhs, family, given in self.db.execute(
                "SELECT nhs_number, family_name, given_name FROM patients WHERE in_latest_search = 1 AND id IN"
                " (SELECT patient_id FROM cohort_entries WHERE search_name = ?)",
                [search_name],
            )
        }
        latest = self.db.execute(
            "SELECT max(run_date) FROM cohort_entries WHERE search_name = ?", [search_name]
        ).fetchone()[0]
        return SearchMembers(members, date.fromisoformat(latest) if latest else None)
