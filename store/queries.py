"""Read methods: people, pipeline counts, history and coded events, returned as domain objects."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date

from mdt_tui.consent.records import LatestDecline
from mdt_tui.errors import NotFound
from mdt_tui.finder import Candidate
from mdt_tui.models import (
    CarerLink,
    CodedEventRow,
    CohortEntry,
    HistoryEntry,
    Patient,
    PersonSummary,
    PipelineCounts,
)
from mdt_tui.pathway import CASELOAD_STAGES, Stage
from mdt_tui.store.base import _StoreBase


def stage_in(stages: Iterable[Stage], column: str = "p.stage") -> tuple[str, list[str]]:
    """A ``column IN (?, …)`` condition for these stages, and its parameters."""
    values = [stage.value for stage in stages]
    return f"{column} IN ({', '.join('?' * len(values))})", values


_SUMMARY_SQL = """
SELECT p.id, p.nhs_number, p.family_name, p.given_name, p.date_of_birth, p.practice_code,
       p.stage, p.identified_on, p.in_latest_search, p.next_review,
       coalesce(ce.segment, '') AS segment, coalesce(ce.risk_grade, '') AS risk_grade
FROM patients p
LEFT JOIN cohort_entries ce ON ce.id = p.latest_entry_id
"""

# Carer strain is read from the social checklist answer of the person's latest completed CGA, not from
# the "Carer strain" suggested problem: that suggestion is derived from this very answer at completion,
# and the plan may then accept or dismiss it, whereas the answer is what the assessor recorded (frozen
# once the CGA is completed). A later CGA answering "no" clears the flag; a draft never counts.
_CARER_STRAIN = (
    "(SELECT json_extract(e.value, '$.answer') FROM cga_entries e"
    " WHERE e.kind = 'checklist' AND e.section = 'social_checks' AND e.key = 'carer_strain'"
    " AND e.bundle_id = (SELECT b.id FROM cga_bundles b WHERE b.patient_id = p.id AND b.status = 'completed'"
    " ORDER BY b.assessment_date DESC, b.id DESC LIMIT 1)) = 'yes'"
)
_ON_CASELOAD, _CASELOAD_VALUES = stage_in(sorted(CASELOAD_STAGES))

# An event counts unless it is a correction, or a correction points at it.
LIVE_EVENTS = "e.status = 'final' AND NOT EXISTS (SELECT 1 FROM coded_events c WHERE c.corrects_event_id = e.id)"


EVENT_COLUMNS = (
    "e.id AS event_id, p.nhs_number, p.practice_code, e.effective_date, e.snomed_code, e.term, e.value,"
    " e.recorded_by, e.recorded_at"
)


def live_events_sql(
    *,
    extra_columns: str = "",
    since: date | None = None,
    person_id: int | None = None,
    practice: str | None = None,
    meeting_id: int | None = None,
    include_exported: bool = True,
    where: str = LIVE_EVENTS,
) -> tuple[str, list]:
    """The one query behind every list of live coded events (or, with ``where``, other events), oldest first."""
    sql = (
        f"SELECT {EVENT_COLUMNS}{extra_columns} FROM coded_events e JOIN patients p ON p.id = e.patient_id"
        f" WHERE {where}"
    )
    params: list = []
    for clause, value in (
        ("e.effective_date >= ?", since.isoformat() if since else None),
        ("e.patient_id = ?", person_id),
        ("p.practice_code = ?", practice.strip().upper() if practice else None),
        (
            "e.id IN (SELECT d.coded_event_id FROM meeting_decisions d JOIN meeting_cases c"
            " ON c.id = d.case_id WHERE c.meeting_id = ?)",
            meeting_id,
        ),
    ):
        if value is not None:
            sql += f" AND {clause}"
            params.append(value)
    if not include_exported:
        sql += " AND NOT EXISTS (SELECT 1 FROM code_exports x WHERE x.event_id = e.id)"
    return sql + " ORDER BY e.effective_date, e.id", params


def summary_from_row(row: dict) -> PersonSummary:
    return PersonSummary(
        id=row["id"],
        nhs_number=row["nhs_number"],
        family_name=row["family_name"],
        given_name=row["given_name"],
        date_of_birth=row["date_of_birth"],
        practice_code=row["practice_code"],
        stage=Stage(row["stage"]),
        identified_on=row["identified_on"],
        in_latest_search=bool(row["in_latest_search"]),
        segment=row["segment"],
        risk_grade=row["risk_grade"],
        next_review=row["next_review"],
    )


class Queries(_StoreBase):
    def person(self, person_id: int) -> PersonSummary:
        row = next(self.db.query(_SUMMARY_SQL + " WHERE p.id = ?", [person_id]), None)
        if row is None:
            raise NotFound(f"There is no person with id {person_id}.")
        return summary_from_row(row)

    def person_by_nhs_number(self, nhs_number: str) -> PersonSummary:
        row = next(self.db.query(_SUMMARY_SQL + " WHERE p.nhs_number = ?", [nhs_number]), None)
        if row is None:
            raise NotFound(f"NHS number {nhs_number} is not in this neighbourhood.")
        return summary_from_row(row)

    def people(self, stages: Iterable[Stage] | None = None, *, limit: int | None = None) -> list[PersonSummary]:
        sql, params = _SUMMARY_SQL, list[str]()
        if stages is not None:
            where, params = stage_in(stages)
            sql += f" WHERE {where}"
        sql += " ORDER BY p.family_name, p.given_name, p.id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [summary_from_row(r) for r in self.db.query(sql, params)]

    def reviews_between(self, start: date | None, end: date) -> list[PersonSummary]:
        """People with a next review before ``end`` (and on or after ``start`` if given)."""
        sql = _SUMMARY_SQL + " WHERE p.next_review IS NOT NULL AND p.next_review < ?"
        params = [end.isoformat()]
        if start is not None:
            sql += " AND p.next_review >= ?"
            params.append(start.isoformat())
        return [summary_from_row(r) for r in self.db.query(sql + " ORDER BY p.next_review", params)]

    def carer_strain_people(self) -> list[PersonSummary]:
        """People on the caseload whose latest completed CGA flagged carer strain, by name."""
        sql = f"{_SUMMARY_SQL} WHERE {_ON_CASELOAD} AND {_CARER_STRAIN} ORDER BY p.family_name, p.given_name, p.id"
        return [summary_from_row(r) for r in self.db.query(sql, _CASELOAD_VALUES)]

    def carer_strain_count(self) -> int:
        return self.db.execute(
            f"SELECT count(*) FROM patients p WHERE {_ON_CASELOAD} AND {_CARER_STRAIN}", _CASELOAD_VALUES
        ).fetchone()[0]

    def stage_counts(self) -> dict[Stage, int]:
        counts = dict.fromkeys(Stage, 0)
        for stage, n in self.db.execute("SELECT stage, count(*) FROM patients GROUP BY stage"):
            counts[Stage(stage)] = n
        return counts

    def pipeline(self, today: date, capacity: int) -> PipelineCounts:
        counts = self.stage_counts()
        # One definition per count: the very lists the home screen opens (due in the next 7 days, not
        # counting the overdue; overdue), so a count and its list never disagree.
        review_due, overdue = len(self.reviews_due(today)), len(self.reviews_overdue(today))
        oldest = self.db.execute(
            "SELECT min(stage_since) FROM patients WHERE stage = ?", [Stage.AWAITING_CONTACT.value]
        ).fetchone()[0]
        to_run = self.next_meeting_id()
        return PipelineCounts(
            by_stage=counts,
            caseload=sum(counts[s] for s in CASELOAD_STAGES),
            capacity=capacity,
            reviews_due_this_week=review_due or 0,
            reviews_overdue=overdue or 0,
            actions_overdue=self.overdue_action_count(today),
            actions_open=self.db.execute("SELECT count(*) FROM actions WHERE status = 'open'").fetchone()[0],
            oldest_waiting_days=(today - date.fromisoformat(oldest)).days if oldest else None,
            next_meeting=self.next_planned_meeting(today),
            meeting_to_run=self.meeting_summary(to_run) if to_run is not None else None,
            carers_with_strain=self.carer_strain_count(),
        )

    def history(self, person_id: int) -> list[HistoryEntry]:
        """Every step, oldest first; a step reversed as entered in error carries the reason, and the
        correction that reversed it is a step of its own."""
        rows = self.db.query(
            "SELECT t.*, e.snomed_code, e.id AS event_id, (SELECT coalesce(json_extract(c.details, '$.reason'), '')"
            " FROM pathway_transitions c WHERE c.patient_id = t.patient_id AND c.name = 'correction'"
            " AND json_extract(c.details, '$.undoes_transition') = t.id) AS corrected_reason"
            " FROM pathway_transitions t"
            " LEFT JOIN coded_events e ON e.transition_id = t.id AND e.status = 'final'"
            " WHERE t.patient_id = ? ORDER BY t.id",
            [person_id],
        )
        return [
            HistoryEntry(
                step=r["name"],
                from_stage=r["from_stage"],
                to_stage=r["to_stage"],
                effective_date=r["effective_date"],
                recorded_at=r["recorded_at"],
                by_name=r["by_name"],
                by_role=r["by_role"],
                details=json.loads(r["details"]),
                snomed_code=r["snomed_code"],
                transition_id=r["id"],
                event_id=r["event_id"],
                corrected_reason=r["corrected_reason"],
            )
            for r in rows
        ]

    def latest_declines(self) -> dict[int, LatestDecline]:
        """Everyone declined now: person id -> the date and reason of their latest decline, in one query
        (the consent screen's declined tab; reading each person's history took seconds after five years)."""
        rows = self.db.execute(
            "SELECT t.patient_id, t.effective_date, coalesce(json_extract(t.details, '$.reason'), '')"
            " FROM patients p JOIN pathway_transitions t ON t.id = (SELECT max(x.id) FROM pathway_transitions x"
            " WHERE x.patient_id = p.id AND x.name = 'record_decline') WHERE p.stage = ?",
            [Stage.DECLINED.value],
        )
        return {pid: LatestDecline(date.fromisoformat(on), reason) for pid, on, reason in rows}

    def coded_events(self, *, since: date | None = None, person_id: int | None = None) -> Iterator[CodedEventRow]:
        """Live coded events (entered-in-error ones and their corrections left out), oldest first."""
        sql, params = live_events_sql(since=since, person_id=person_id)
        for row in self.db.query(sql, params):
            yield CodedEventRow(**row)

    def finder_candidates(self, stages: Iterable[Stage] | None = None) -> list[Candidate]:
        """Everyone the finder can offer (id, family name, given name, NHS number), or the people at these stages."""
        sql, params = "SELECT id, family_name, given_name, nhs_number FROM patients", list[str]()
        if stages is not None:
            where, params = stage_in(stages, "stage")
            sql += f" WHERE {where}"
        return list(map(Candidate._make, self.db.execute(sql, params)))

    def patient(self, person_id: int) -> Patient:
        row = next(self.db.query("SELECT * FROM patients WHERE id = ?", [person_id]), None)
        if row is None:
            raise NotFound(f"There is no person with id {person_id}.")
        links = [
            CarerLink(
                kind=r["kind"], name=r["name"], relationship=r["relationship"], nhs_number=r["related_nhs_number"]
            )
            for r in self.db.query("SELECT * FROM carer_links WHERE patient_id = ? ORDER BY id", [person_id])
        ]
        fields = {k: row[k] for k in Patient.model_fields if k in row and k not in ("next_of_kin", "carer_links")}
        kin = json.loads(row["next_of_kin"]) if row["next_of_kin"] else None
        return Patient(**fields, next_of_kin=kin, carer_links=tuple(links))

    def cohort_entries(self, person_id: int) -> list[CohortEntry]:
        """Every search run that found this person, newest first."""
        names = [f for f in CohortEntry.model_fields]
        return [
            CohortEntry(**{k: r[k] for k in names})
            for r in self.db.query(
                "SELECT * FROM cohort_entries WHERE patient_id = ? ORDER BY run_date DESC, id DESC", [person_id]
            )
        ]
