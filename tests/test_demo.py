"""The demo neighbourhood: deterministic, synthetic, and consistent with its coded events."""

from collections import Counter

from mdt_tui.demo import PRACTICES, build_demo
from mdt_tui.nhs_number import is_valid_nhs_number
from mdt_tui.pathway import Stage
from mdt_tui.roles import Role
from mdt_tui.store.store import Store
from tests.conftest import TODAY

STAGE_CODES = {
    "788921000000108": set(Stage),
    "818241000000105": {Stage.ON_CASELOAD, Stage.ASSESSED, Stage.PLANNED, Stage.REVIEW_DUE, Stage.STEPPED_DOWN,
                        Stage.PALLIATIVE_GSF},
    "836131000000104": {Stage.ASSESSED, Stage.PLANNED, Stage.REVIEW_DUE, Stage.STEPPED_DOWN, Stage.PALLIATIVE_GSF},
    "1026051000000106": {Stage.PLANNED, Stage.REVIEW_DUE, Stage.STEPPED_DOWN, Stage.PALLIATIVE_GSF},
    "877011000000107": {Stage.DECLINED},
    "1239441000000103": {Stage.NOT_APPROPRIATE},
}


def test_demo_is_deterministic_and_synthetic():
    first, second = build_demo(TODAY), build_demo(TODAY)
    assert [p.patient for p in first.people] == [p.patient for p in second.people]
    numbers = [p.patient.nhs_number for p in first.people]
    assert len(set(numbers)) == 180
    assert all(n.startswith("999") and is_valid_nhs_number(n) for n in numbers)
    assert {p.patient.practice_code for p in first.people} == {code for code, _ in PRACTICES}
    assert 10 <= len(first.team) <= 14
    assert {Role.GP, Role.CARE_COORDINATOR, Role.PHARMACIST, Role.NURSE, Role.SOCIAL_CARE} <= {m.role for m in first.team}


def test_demo_store_has_every_stage_households_and_consistent_codes(demo_db):
    with Store.open(demo_db) as store:
        counts = store.stage_counts()
        assert all(counts[stage] > 0 for stage in Stage), counts
        assert sum(counts.values()) == 180
        stages = {p.id: p.stage for p in store.people()}
        by_person = {}
        for event in store.coded_events():
            person = store.person_by_nhs_number(event.nhs_number)
            by_person.setdefault(person.id, Counter())[event.snomed_code] += 1
        for person_id, stage in stages.items():
            for code, allowed in STAGE_CODES.items():
                has = by_person.get(person_id, Counter())[code] > 0
                assert has == (stage in allowed), (person_id, stage, code)
        links = store.db.execute("SELECT kind, count(*) FROM carer_links GROUP BY kind").fetchall()
        assert dict(links) == {"cared_for_by": 1, "cares_for": 1, "lives_with": 2}
        assert store.pipeline(TODAY, 150).actions_overdue > 0
