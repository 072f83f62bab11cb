"""CGA results stored from now on keep in their JSON only what the row's columns do not hold; every field reads
back as scored, and results stored before in the full form read as they were."""

from __future__ import annotations

import json

from mdt_tui.cga.bundle import bundle_results
from mdt_tui.instruments import ScoringSettings
from mdt_tui.instruments.results import ScoreResult
from mdt_tui.store.cga.writes import stored_result
from mdt_tui.store.store import Store

COLUMNS = "result, instrument, total, band, band_label, summary"


def test_every_field_of_every_stored_result_reads_back_as_scored(demo_db):
    seen = set()
    with Store.open(demo_db) as store:
        bundles = [r[0] for r in store.db.execute("SELECT id FROM cga_bundles WHERE status = 'completed'")]
        assert len(bundles) > 20
        for bundle_id in bundles:
            scored = bundle_results(store.cga_bundle(bundle_id), ScoringSettings())
            for instrument, fresh in scored.items():
                got = store.cga_score_result(bundle_id, instrument)
                for name in ScoreResult.model_fields:
                    assert getattr(got, name) == getattr(fresh, name), (instrument, name)
                    assert type(got.total) is type(fresh.total)
                raw = json.loads(
                    store.db.execute(
                        "SELECT result FROM cga_results WHERE bundle_id = ? AND instrument = ?", (bundle_id, instrument)
                    ).fetchone()[0]
                )
                assert not {"instrument", "total", "band", "band_label", "summary"} & set(raw)
                seen.add(instrument)
        assert {"acb", "must", "cfs", "phq9"} <= seen  # the breakdowns (ACB drugs, MUST measures) included


def test_a_result_stored_in_the_old_full_form_reads_as_it_was(demo_db):
    with Store.open(demo_db) as store:
        for result, instrument, total, band, label, summary in store.db.execute(f"SELECT {COLUMNS} FROM cga_results"):
            lean = stored_result(result, instrument, total, band, label, summary)
            assert stored_result(lean.model_dump_json(), instrument, total, band, label, summary) == lean
