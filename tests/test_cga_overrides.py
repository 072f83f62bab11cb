"""The pharmacist's ACB override (saved with the draft, applied, recorded, audited, pharmacists only) and the
PHQ-2 / GAD-2 / UCLA-3 cut-points as app settings."""

import json
import sqlite3

import pytest
from pydantic import ValidationError

from mdt_tui.cga.bundle import Medicine, bundle_results, scoring_settings
from mdt_tui.errors import MissingRequirement, NotFound, NotPermitted
from mdt_tui.models import User
from mdt_tui.roles import Role
from mdt_tui.team_policy import TeamPolicy
from tests.cga_helpers import excuse_domains
from tests.helpers.cga_records import answer_all, audit_actions, person  # noqa: F401  (person is a fixture)

PHARMACIST = User(name="Priya Shah", role=Role.PHARMACIST)


def override_audit(store) -> list[tuple[str, dict | None, dict | None]]:
    rows = store.db.execute(
        "SELECT user_name, before, after FROM audit WHERE action = 'save_cga_acb_override' ORDER BY id"
    ).fetchall()
    return [(who, json.loads(before) if before else None, json.loads(after)) for who, before, after in rows]


def test_a_pharmacists_override_is_saved_applied_audited_and_recorded_at_completion(store, user, person):  # noqa: F811
    store.save_cga_list(user, person, "medicines", [Medicine(name="Amitriptyline"), Medicine(name="furosemide")])
    assert (
        store.cga_draft(person).medicines
        and bundle_results(store.cga_draft(person), scoring_settings(TeamPolicy()))["acb"].total == 4
    )
    store.save_cga_acb_override(PHARMACIST, person, "AMITRIPTYLINE ", 1, "10 mg at night for neuropathic pain")

    draft = store.cga_draft(person)
    override = draft.acb_overrides["amitriptyline"]
    assert (override.list_score, override.score) == (3, 1)
    assert override.describe() == "ACB 3 → 1, pharmacist override: 10 mg at night for neuropathic pain"
    live = bundle_results(draft, scoring_settings(TeamPolicy()))["acb"]
    assert live.total == 2 and live.band == "below_threshold"
    assert override_audit(store) == [
        (
            "Priya Shah",
            None,
            {
                "section": "acb",
                "key": "amitriptyline",
                "value": {"score": 1, "list_score": 3, "reason": "10 mg at night for neuropathic pain"},
            },
        )
    ]

    excuse_domains(store, user, person, "mental", "functional")
    bundle = store.complete_cga(user, person, scoring=scoring_settings(TeamPolicy()))
    assert bundle.results["acb"].total == 2
    recorded = store.cga_score_result(bundle.id, "acb")
    assert recorded.acb.overrides_applied == {"amitriptyline": 1}
    assert [(d.name, d.list_score, d.score, d.overridden) for d in recorded.acb.drugs] == [
        ("amitriptyline", 3, 1, True),
        ("furosemide", 1, 1, False),
    ]
    assert bundle.acb_overrides["amitriptyline"].reason == "10 mg at night for neuropathic pain"
    completed = json.loads(
        store.db.execute("SELECT after FROM audit WHERE action = 'complete_cga' AND entity = 'cga_bundle'").fetchone()[
            0
        ]
    )
    assert completed["acb_overrides"] == {"amitriptyline": override.describe()}
    with pytest.raises(sqlite3.DatabaseError, match="completed CGA"):  # the recorded override is frozen
        store.db.execute("DELETE FROM cga_entries WHERE bundle_id = ? AND kind = 'acb_override'", [bundle.id])


def test_removing_an_override_is_audited_and_the_list_score_counts_again(store, user, person):  # noqa: F811
    store.save_cga_list(user, person, "medicines", [Medicine(name="chlorpheniramine")])  # US name of chlorphenamine
    store.save_cga_acb_override(PHARMACIST, person, "chlorpheniramine", 2, "as needed, rarely taken")
    assert bundle_results(store.cga_draft(person), scoring_settings(TeamPolicy()))["acb"].total == 2
    store.save_cga_acb_override(PHARMACIST, person, "chlorphenamine", None)

    draft = store.cga_draft(person)
    assert draft.acb_overrides == {}
    assert bundle_results(draft, scoring_settings(TeamPolicy()))["acb"].total == 3
    (_, _, added), (who, before, after) = override_audit(store)
    assert added["key"] == "chlorphenamine" and added["value"]["score"] == 2
    assert (
        who == "Priya Shah"
        and before["value"]["score"] == 2
        and after == {"section": "acb", "key": "chlorphenamine", "value": None}
    )
    with pytest.raises(NotFound, match="no ACB override"):
        store.save_cga_acb_override(PHARMACIST, person, "chlorphenamine", None)


def test_only_a_pharmacist_may_override_and_a_reason_is_required(store, user, person):  # noqa: F811
    store.save_cga_list(user, person, "medicines", [Medicine(name="oxybutynin")])
    before = audit_actions(store)
    with pytest.raises(NotPermitted, match="Only a pharmacist .* signed in as care coordinator"):
        store.save_cga_acb_override(user, person, "oxybutynin", 1, "low dose")
    with pytest.raises(MissingRequirement, match="reason"):
        store.save_cga_acb_override(PHARMACIST, person, "oxybutynin", 1, "   ")
    with pytest.raises(ValidationError):
        store.save_cga_acb_override(PHARMACIST, person, "oxybutynin", 4, "above the scale")
    assert audit_actions(store) == before and store.cga_draft(person).acb_overrides == {}


def test_the_phq2_gad2_and_ucla3_thresholds_are_settings_used_live_and_at_completion(store, user, person):  # noqa: F811
    answer_all(store, user, person, "phq2", {"q1": 1, "q2": 1})  # total 2
    answer_all(store, user, person, "gad2", {"q1": 2, "q2": 0})  # total 2
    answer_all(store, user, person, "ucla3", {"lack_companionship": 2, "left_out": 2, "isolated": 1})  # 5
    draft = store.cga_draft(person)
    default = bundle_results(draft, scoring_settings(TeamPolicy()))
    assert (default["phq2"].band, default["gad2"].band, default["ucla3"].band) == ("negative", "negative", "not_lonely")
    sensitive = scoring_settings(
        TeamPolicy(phq2_positive_threshold=2, gad2_positive_threshold=2, ucla3_lonely_threshold=5)
    )
    live = bundle_results(draft, sensitive)
    assert (live["phq2"].band, live["gad2"].band, live["ucla3"].band) == ("positive", "positive", "lonely")
    excuse_domains(store, user, person, "functional", "medication")
    bundle = store.complete_cga(user, person, scoring=sensitive)
    assert {i: r.band for i, r in bundle.results.items()} == {"phq2": "positive", "gad2": "positive", "ucla3": "lonely"}


def test_the_threshold_settings_are_documented_bounded_and_default_to_3():
    settings = TeamPolicy()
    assert (settings.phq2_positive_threshold, settings.gad2_positive_threshold) == (3, 3)
    for field in ("phq2_positive_threshold", "gad2_positive_threshold"):
        for bad in (0, 7):
            with pytest.raises(ValidationError):
                TeamPolicy(**{field: bad})
