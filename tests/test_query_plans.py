"""Every statement the store issues for the screens uses an index on the tables that grow with the record.

The statements are captured with ``set_trace_callback`` while the screens' read methods run on the demo
neighbourhood, then each is put through ``EXPLAIN QUERY PLAN``: a full scan of a growing table fails,
because it is what turns a 100 ms screen into a 6 s one after five years (issue 20)."""

from __future__ import annotations

import re
from datetime import date

from mdt_tui.cohort.filter import parse_filter
from mdt_tui.store.store import Store
from mdt_tui.team_policy import TeamPolicy
from tests.conftest import TODAY

# Tables whose rows pile up week after week: a screen may never read one of them end to end.
GROWING = {
    "coded_events",
    "pathway_transitions",
    "cohort_entries",
    "cga_bundles",
    "cga_entries",
    "cga_results",
    "care_plans",
    "problems",
    "actions",
    "meetings",
    "meeting_cases",
    "meeting_decisions",
    "meeting_addenda",
    "code_exports",
    "contact_attempts",
    "audit",
    "dismissed_suggestions",
    "self_harm_actions",
    "medicines_reviews",
    "carer_links",
}
# The few reads that must scan, and why. (patients is the cohort itself: its lists are paged and counted.)
ALLOWED = {
    # One meeting a week (260 rows after five years): the meetings list shows them all, and the meeting to
    # run is found among those not held.
    ("meetings", "SELECT m.id, m.held_on, m.status, count(c.id), count(c.outcome) FROM meetings m"),
    ("meetings", "SELECT id FROM meetings WHERE status != 'held'"),
    # Who is booked on a meeting not yet held: a scan of the (covering) case index, ~10 cases a week.
    ("meeting_cases", "SELECT c.patient_id FROM meeting_cases c JOIN meetings m ON m.id = c.meeting_id"),
}
_ALIASES = re.compile(
    r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(?!ON\b|WHERE\b|JOIN\b|LEFT\b|GROUP\b|ORDER\b)(\w+))?", re.IGNORECASE
)


def screen_reads(store: Store) -> None:
    """What the screens ask the store for (home, lists, person, CGA, plan, cohort review, meetings)."""
    settings = TeamPolicy()
    store.pipeline(TODAY, 120)
    store.people()
    store.people(limit=50)
    store.reviews_due(TODAY), store.reviews_overdue(TODAY), store.reviews_between(None, TODAY)
    store.triggered_reviews(), store.carer_strain_people(), store.caseload_left_search_people()
    store.self_harm_people(), store.self_harm_pending()
    store.actions(), store.actions(by_owner=True), store.actions(due_before=TODAY)
    store.waiting_for_contact(TODAY), store.booked_people(), store.agenda_candidates(TODAY)
    store.cohort_page(parse_filter("")), store.cohort_page(parse_filter("new"), offset=100, limit=50)
    store.meetings(), store.next_meeting_id(), store.next_planned_meeting(TODAY)
    store.team(), store.practices(), store.neighbourhood(), store.cohort_size()
    store.latest_declines()
    for meeting in store.meetings()[-3:]:
        store.meeting(meeting.meeting_id), store.meeting_summary(meeting.meeting_id)
        store.agenda_rebuild(meeting.meeting_id, settings, TODAY)  # on opening the agenda (issue 14)
    people = [p.id for p in store.people()]
    for person_id in people[:: max(1, len(people) // 12)]:
        store.person(person_id), store.patient(person_id), store.history(person_id)
        store.cohort_entries(person_id), store.contact_attempts(person_id), store.first_contact(person_id)
        store.cga_draft(person_id), store.latest_completed_cga(person_id), store.previous_cga_results(person_id)
        store.problems(person_id), store.suggested_problems(person_id), store.current_plan(person_id)
        store.plan_versions(person_id), store.plan_snapshot(person_id), store.actions(person_id=person_id)
        store.left_search(person_id), store.last_discussed(person_id, TODAY), store.had_mdt_review(person_id)
        store.latest_self_harm_action(person_id), store.medicines_confirmation(person_id)
        store.suggested_review(person_id, settings, TODAY)
        list(store.coded_events(person_id=person_id))
    store.codes_to_export(since=date(2026, 1, 1), include_exported=False)


def captured_statements(path) -> list[str]:
    seen: list[str] = []
    with Store.open(path) as store:
        store.db.conn.set_trace_callback(seen.append)
        screen_reads(store)
        store.db.conn.set_trace_callback(None)
    return list(dict.fromkeys(s for s in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))))


def full_scans(conn, sql: str) -> list[str]:
    aliases = {}
    for table, alias in _ALIASES.findall(sql):
        aliases[table] = table
        if alias:
            aliases[alias] = table
    scanned = []
    for *_, detail in conn.execute(f"EXPLAIN QUERY PLAN {sql}"):
        # "SCAN x USING INDEX i" still reads the whole table through the index; an AUTOMATIC index is built
        # by reading the whole table, for every run of the statement.
        match = re.match(r"(?:SCAN|SEARCH) (\w+)(?= USING AUTOMATIC)|SCAN (\w+)", detail)
        name = match and (match.group(1) or match.group(2))
        if name and aliases.get(name, name) in GROWING:
            table = aliases.get(name, name)
            if not any(table == t and sql.lstrip().startswith(prefix) for t, prefix in ALLOWED):
                scanned.append(f"{table}: {detail}")
    return scanned


def test_screen_reads_never_scan_a_growing_table(demo_db):
    statements = captured_statements(demo_db)
    assert len(statements) > 60  # the capture saw the screens' reads
    with Store.open(demo_db) as store:
        problems = {sql[:160]: scans for sql in statements if (scans := full_scans(store.db.conn, sql))}
    assert not problems, "full scans of growing tables:\n" + "\n".join(f"{k}\n  -> {v}" for k, v in problems.items())


def test_the_check_sees_a_full_scan(demo_db):
    """The detector itself: a history read with the transition index dropped scans coded_events."""
    with Store.open(demo_db) as store:
        sql = (
            "SELECT t.id FROM pathway_transitions t LEFT JOIN coded_events e ON e.transition_id = t.id"
            " WHERE t.patient_id = 1"
        )
        assert not full_scans(store.db.conn, sql)
        store.db.execute("DROP INDEX coded_events_transition")
    with Store.open(demo_db) as store:  # a new connection: the old one's cached statement keeps its plan
        assert full_scans(store.db.conn, sql) == ["coded_events: SCAN e LEFT-JOIN"]
