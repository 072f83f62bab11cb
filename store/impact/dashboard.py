"""Reads behind the INT dashboard: the plain facts the core's measures count, and the people behind a number."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from mdt_tui.impact.dashboard import Dashboard, Facts, build
from mdt_tui.models import PersonSummary
from mdt_tui.store.base import _StoreBase
from mdt_tui.store.plan.writes import version_plan
from mdt_tui.store.queries import _SUMMARY_SQL, LIVE_EVENTS, summary_from_row


class DashboardReads(_StoreBase):
    def dashboard_facts(self) -> Facts:
        """Everything the dashboard counts, in a handful of scans (no per-person queries)."""
        db = self.db
        facts = Facts()
        facts.practice = dict(db.execute("SELECT id, practice_code FROM patients").fetchall())
        facts.events = db.execute(
            f"SELECT e.patient_id, e.snomed_code, e.effective_date FROM coded_events e WHERE {LIVE_EVENTS}"
        ).fetchall()
        facts.transitions = db.execute(
            "SELECT patient_id, effective_date, to_stage FROM pathway_transitions ORDER BY id"
        ).fetchall()
        plans = db.execute(
            "SELECT patient_id, completed_on, data FROM care_plans WHERE version IS NOT NULL ORDER BY id"
        ).fetchall()
        agreed: dict[int, dict] = {}  # each person's plan as last agreed, rebuilt from the versions' changes
        read = []
        for pid, on, data in plans:
            agreed[pid] = version_plan(data, agreed.get(pid))
            read.append((pid, on, agreed[pid]))
        facts.plans = [(pid, on, bool(plan.get("consent_to_share"))) for pid, on, plan in read]
        # The next review as last set: by each agreed plan (on its agreed day) and by each later change (audited).
        facts.next_reviews = [(pid, on, plan.get("next_review")) for pid, on, plan in read]
        for pid, at, after in db.execute(
            "SELECT entity_id, at, after FROM audit WHERE action = 'set_next_review' AND entity = 'patient' ORDER BY id"
        ):
            facts.next_reviews.append((pid, at[:10], json.loads(after or "{}").get("next_review")))
        facts.actions = db.execute("SELECT patient_id, created_at, due_date, closed_at FROM actions").fetchall()
        facts.meetings = [r[0] for r in db.execute("SELECT held_on FROM meetings WHERE status = 'held'")]
        facts.cases = db.execute(
            "SELECT c.patient_id, m.held_on FROM meeting_cases c JOIN meetings m"
            " ON m.id = c.meeting_id WHERE m.status = 'held' AND c.outcome IS NOT NULL"
        ).fetchall()
        facts.experience = db.execute("SELECT patient_id, asked_on, answer FROM review_experience").fetchall()
        facts.cfs = db.execute(
            "SELECT b.patient_id, b.assessment_date, r.total FROM cga_results r JOIN cga_bundles b"
            " ON b.id = r.bundle_id WHERE r.instrument = 'cfs' AND b.status = 'completed'"
            " AND r.total IS NOT NULL AND b.assessment_date IS NOT NULL"
        ).fetchall()
        facts.triggers = [
            (pid, day)
            for pid, day, details in db.execute(
                "SELECT patient_id, effective_date, details FROM pathway_transitions WHERE name = 'mark_review_due'"
            )
            if json.loads(details or "{}").get("trigger") != "Review date reached"
        ]  # a date, not an event
        facts.admissions = db.execute(
            "SELECT patient_id, on_date, bed_days FROM activity_events WHERE setting = 'emergency_admission'"
        ).fetchall()
        return facts

    def dashboard(self, first: str, last: str, today: date | None = None) -> Dashboard:
        """Every measure for every month from ``first`` to ``last`` ('YYYY-MM'), per practice and ALL."""
        return build(self.dashboard_facts(), first, last, today)

    def people_by_ids(self, ids: Iterable[int]) -> list[PersonSummary]:
        """The people behind a dashboard number, by name."""
        wanted = sorted(set(ids))
        out: list[PersonSummary] = []
        for start in range(0, len(wanted), 500):  # under SQLite's variable limit
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            out += [summary_from_row(r) for r in self.db.query(f"{_SUMMARY_SQL} WHERE p.id IN ({marks})", chunk)]
        return sorted(out, key=lambda p: (p.family_name, p.given_name, p.id))
