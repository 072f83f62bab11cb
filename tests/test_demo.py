"""The demo neighbourhood: deterministic, synthetic, and consistent with its coded events."""

import csv
import io
from collections import Counter

from mdt_tui.cli import main
from mdt_tui.codes import CFS_LEVEL_FINDINGS, WRITABLE
from mdt_tui.demo import PRACTICES, build_demo
from mdt_tui.nhs_number import is_valid_nhs_number
from mdt_tui.pathway import Stage
from mdt_tui.roles import Role
from mdt_tui.store.store import Store
from tests.conftest import TODAY

STAGE_CODES = {
    "788921000000108": set(Stage),
    "818241000000105": {
        Stage.ON_CASELOAD,
        Stage.ASSESSED,
        Stage.PLANNED,
        Stage.REVIEW_DUE,
        Stage.STEPPED_DOWN,
        Stage.PALLIATIVE_GSF,
    },
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
    assert {Role.GP, Role.CARE_COORDINATOR, Role.PHARMACIST, Role.NURSE, Role.SOCIAL_CARE} <= {
        m.role for m in first.team
    }


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
        assert dict(links) == {"cared_for_by": 1, "cares_for": 1, "lives_with": 4}
        # Adopted into households and carers; Mr and Mrs C's daughter cares for both, under high strain.
        assert store.db.execute("SELECT count(*) FROM households").fetchone()[0] == 2
        carters = [r[0] for r in store.db.execute("SELECT id FROM patients WHERE family_name = 'Carter'")]
        assert len(carters) == 2 and store.household(carters[0]) == store.household(carters[1])
        assert {c.name for c in store.carers_under_strain()} >= {"Jane Hughes"}
        assert [c.name for c in store.carers_of(carters[0])] == ["Jane Hughes"]
        patel = store.db.execute(
            "SELECT id FROM patients WHERE given_name = 'Sunita' AND family_name = 'Patel'"
        ).fetchone()[0]
        assert [(c.name, c.relationship) for c in store.carers_of(patel)] == [("Patel, Ramesh", "husband")]
        assert store.pipeline(TODAY, 150).actions_overdue > 0


def test_the_demo_codes_export_follows_revision_2(demo_db, capsys):
    """No eFI written back; CFS level findings beside every CFS score, 414191008 for every falls screen,
    frailty diagnoses only where a GP completed the CGA; every code a writable register entry; one self-harm
    answer, actioned."""
    assert main(["export", "codes", "--db", str(demo_db)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    codes = Counter(row["snomed_code"] for row in rows)
    assert "713636003" not in codes
    assert set(codes) <= WRITABLE
    levels = {c.code for c in CFS_LEVEL_FINDINGS}
    with Store.open(demo_db) as store:
        completed = store.db.execute("SELECT id, completed_by FROM cga_bundles WHERE status = 'completed'").fetchall()
        results = {(b, i) for b, i in store.db.execute("SELECT bundle_id, instrument FROM cga_results")}
        falls = sum(1 for b, _ in completed if (b, "frat") in results or (b, "frat5") in results)
        cfs = sum(1 for b, _ in completed if (b, "cfs") in results)
        assert codes["763264000"] == sum(codes[c] for c in levels) == cfs
        assert codes["414191008"] == falls > 0
        diagnoses = sum(codes[c] for c in ("925791000000100", "925831000000107", "925861000000102"))
        gps = {m.name for m in store.team() if m.role is Role.GP}
        assert 0 < diagnoses == sum(1 for _, by in completed if by in gps)
        assert store.self_harm_pending() == [] and store.latest_self_harm_action(14) is not None
        given = store.db.execute(
            "SELECT count(*) FROM cga_results r JOIN cga_bundles b ON b.id = r.bundle_id"
            " WHERE r.administered_on < b.assessment_date"
        ).fetchone()[0]
        assert given > 0  # some CFS were given before the CGA was completed, and are dated so
