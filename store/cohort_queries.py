"""The cohort review table's reads: filtered, sorted and paged in SQL so 10,000 rows stay quick."""

from __future__ import annotations

from datetime import date

from mdt_tui.cohort_filter import SORTABLE, CohortFilter
from mdt_tui.models import CohortListRow
from mdt_tui.pathway import Stage
from mdt_tui.store.queries import stage_in

_COLUMNS = """p.id, p.nhs_number, p.family_name, p.given_name, p.date_of_birth, p.practice_code, p.stage,
p.identified_on, p.in_latest_search, coalesce(ce.segment, '') AS segment, coalesce(ce.risk_grade, '') AS risk_grade,
ce.efi, ce.cfs, ce.emergency_admissions_12m, ce.ae_attendances_12m"""
_FROM = " FROM patients p LEFT JOIN cohort_entries ce ON ce.id = p.latest_entry_id"


def _where(flt: CohortFilter) -> tuple[str, list]:
    clauses, params = [], []
    for word in flt.words:
        clauses.append("p.search_text LIKE ?")
        params.append(f"%{word}%")
    if flt.stages is not None:
        clauses.append(f"p.stage IN ({', '.join('?' * len(flt.stages)) or 'NULL'})")
        params.extend(s.value for s in flt.stages)
    for column, values, pattern in (("p.practice_code", flt.practices, "{}%"), ("lower(ce.segment)", flt.segments, "%{}%"),
                                    ("ce.risk_grade", flt.risks, "{}")):
        if values:
            clauses.append("(" + " OR ".join(f"{column} LIKE ?" for _ in values) + ")")
            params.extend(pattern.format(v) for v in values)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class CohortQueries:
    def cohort_page(self, flt: CohortFilter, *, sort: str = "name", descending: bool = False, offset: int = 0,
                    limit: int = 200) -> tuple[list[CohortListRow], int]:
        """One page of matching people, and how many match in all."""
        where, params = _where(flt)
        order = SORTABLE.get(sort, SORTABLE["name"])
        direction = "DESC" if descending else "ASC"
        order_sql = ", ".join(f"{part} {direction}" for part in order.split(", "))
        rows = self.db.execute(f"SELECT {_COLUMNS}{_FROM}{where} ORDER BY {order_sql}, p.id LIMIT ? OFFSET ?",
                               [*params, int(limit), int(offset)])
        names = [d[0] for d in rows.description]
        page = [CohortListRow(**dict(zip(names, r))) for r in rows.fetchall()]
        total = self.db.execute(f"SELECT count(*){_FROM}{where}", params).fetchone()[0]
        return page, total

    def cohort_size(self) -> int:
        return self.db.execute("SELECT count(*) FROM patients").fetchone()[0]

    def search_members(self, search_name: str) -> tuple[set[str], date | None]:
        """Who an earlier run of this search found and is still listed as found, and when it last ran."""
        members = {r[0] for r in self.db.execute(
            "SELECT nhs_number FROM patients WHERE in_latest_search = 1 AND id IN"
            " (SELECT patient_id FROM cohort_entries WHERE search_name = ?)", [search_name])}
        latest = self.db.execute("SELECT max(run_date) FROM cohort_entries WHERE search_name = ?",
                                 [search_name]).fetchone()[0]
        return members, date.fromisoformat(latest) if latest else None

    def stages_by_nhs_number(self) -> dict[str, Stage]:
        """Everyone held and their stage: what an import of a file would merge into."""
        return {nhs: Stage(stage) for nhs, stage in self.db.execute("SELECT nhs_number, stage FROM patients")}

    def cohort_listing(self, stages=None):
        """Every person for the `mdt cohort` worklist, ordered by name."""
        sql = ("SELECT nhs_number, family_name, given_name, date_of_birth, practice_code, stage AS status,"
               " in_latest_search FROM patients")
        params: list = []
        if stages is not None:
            where, params = stage_in(stages, "stage")
            sql += f" WHERE {where}"
        yield from self.db.query(sql + " ORDER BY family_name, given_name, nhs_number", params)
