"""ACB: the packaged 2012 drug list, UK/US name lookup, typo suggestions, overrides and banding."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from mdt_tui.instruments import INSTRUMENTS, ScoringSettings, acb_list_info, lookup_drug, score, suggest_drugs
from mdt_tui.instruments.acb import load_acb_list


@pytest.mark.parametrize(
    ("name", "canonical", "points"),
    [
        ("amitriptyline", "amitriptyline", 3),
        ("  Amitriptyline ", "amitriptyline", 3),
        ("CHLORPHENIRAMINE", "chlorphenamine", 3),
        ("chlorphenamine", "chlorphenamine", 3),
        ("scopolamine", "hyoscine hydrobromide", 3),
        ("dicyclomine", "dicycloverine", 3),
        ("methotrimeprazine", "levomepromazine", 2),
        ("meperidine", "pethidine", 2),
        ("trimeprazine", "alimemazine", 1),
        ("isosorbide  mononitrate", "isosorbide", 1),
        ("quetiapine", "quetiapine", 3),
        ("amantadine", "amantadine", 2),
        ("cyproheptadine", "cyproheptadine", 2),
        ("cetirizine", "cetirizine", 1),
        ("loratadine", "loratadine", 1),
        ("prednisone", "prednisone", 1),
    ],
)
def test_lookup_accepts_uk_and_us_names_any_case(name, canonical, points):
    assert tuple(lookup_drug(name)) == (canonical, points)


@pytest.mark.parametrize("name", ["nefopam", "belladonna", "mirtazapine", "prednisolone", "paracetamol", ""])
def test_drugs_not_on_the_2012_list(name):
    assert lookup_drug(name) is None


def test_list_has_the_spec_counts_and_metadata():
    drugs = set(load_acb_list().by_name.values())
    assert len(drugs) == 88  # 80 in 2012 transcription 1, plus Revision 2's eight
    assert {s: sum(d.score == s for d in drugs) for s in (1, 2, 3)} == {1: 42, 2: 8, 3: 38}
    info = acb_list_info()
    assert info["version"].startswith("ACB 2012")
    assert "Aging Brain Care" in info["source"] and "Campbell" in info["source"]
    assert "nefopam" in info["decisions"] and "quetiapine 3" in info["decisions"]


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("amitryptiline", "amitriptyline"),
        ("oxybutinin", "oxybutynin"),
        ("chlorpheneramine", "chlorphenamine"),
        ("quetiapene", "quetiapine"),
    ],
)
def test_typo_suggestions(typo, expected):
    suggestions = suggest_drugs(typo)
    assert suggestions[0] == expected
    assert len(suggestions) <= 3


def test_no_suggestion_for_unrelated_names():
    assert suggest_drugs("zzqx") == []


@pytest.mark.parametrize(
    ("drugs", "total", "band", "ge2"),
    [
        ([], 0, "below_threshold", False),
        (["loratadine", "digoxin"], 2, "below_threshold", False),
        (["carbamazepine"], 2, "below_threshold", True),
        (["loratadine", "digoxin", "warfarin"], 3, "clinically_relevant", False),
        (["oxybutynin"], 3, "clinically_relevant", True),
        (["amitriptyline", "Chlorpheniramine", "amantadine", "furosemide"], 9, "clinically_relevant", True),
    ],
)
def test_acb_totals_bands_and_any_drug_ge2(drugs, total, band, ge2):
    result = score("acb", {"drugs": drugs})
    assert (result.total, result.band) == (total, band)
    assert result.flags == {"any_drug_ge2": ge2}
    assert (result.score_code, result.score_term) == (None, None)


def test_acb_breakdown_and_unknown_drug():
    result = score("acb", {"drugs": ["Scopolamine", "amitryptiline", "Digoxin"]})
    assert result.total == 4
    assert result.item_points == {"hyoscine hydrobromide": 3, "amitryptiline": 0, "digoxin": 1}
    assert result.acb.unknown_drugs == ("amitryptiline",)
    assert result.acb.suggestions == {"amitryptiline": ("amitriptyline",)}
    assert [(d.entered, d.name, d.list_score, d.score) for d in result.acb.drugs] == [
        ("Scopolamine", "hyoscine hydrobromide", 3, 3),
        ("amitryptiline", "amitryptiline", None, 0),
        ("Digoxin", "digoxin", 1, 1),
    ]
    assert result.acb.overrides_applied == {}
    assert result.acb.list_version == acb_list_info()["version"]
    assert result.summary == "ACB 4 — Clinically relevant (1 unrecognised: check with the pharmacist)"


def test_same_drug_under_two_names_counts_once():
    result = score("acb", {"drugs": ["chlorphenamine", "Chlorpheniramine", "CHLORPHENAMINE "]})
    assert result.total == 3
    assert len(result.acb.drugs) == 1


def test_pharmacist_override_is_applied_and_recorded():
    settings = ScoringSettings(acb_overrides={"Chlorpheniramine": 1, "prednisolone": 1, "oxybutynin": 3, "warfarin": 0})
    assert settings.acb_overrides == {"chlorphenamine": 1, "prednisolone": 1, "oxybutynin": 3, "warfarin": 0}
    result = score("acb", {"drugs": ["chlorphenamine", "Prednisolone", "digoxin"]}, settings=settings)
    assert result.total == 3
    assert result.item_points == {"chlorphenamine": 1, "prednisolone": 1, "digoxin": 1}
    assert result.acb.overrides_applied == {"chlorphenamine": 1, "prednisolone": 1}
    assert result.acb.unknown_drugs == ()
    assert result.flags == {"any_drug_ge2": False}
    chlor = result.acb.drugs[0]
    assert (chlor.list_score, chlor.score, chlor.overridden) == (3, 1, True)


@pytest.mark.parametrize(
    "overrides",
    [
        {"digoxin": 4},
        {"digoxin": -1},
        {"digoxin": True},
        {"digoxin": "2"},
        {"digoxin": 1.0},
        {" ": 1},
        {"chlorphenamine": 1, "chlorpheniramine": 2},
    ],
)
def test_invalid_overrides_are_refused(overrides):
    with pytest.raises(ValidationError, match="acb_overrides"):
        ScoringSettings(acb_overrides=overrides)


@pytest.mark.parametrize(
    ("drugs", "message"),
    [
        ("amitriptyline", "must be a list of drug names, got str"),
        ([1], "must contain only non-empty drug names, got int 1"),
        (["  "], "must contain only non-empty drug names, got str '  '"),
        (["digoxin", None], "must contain only non-empty drug names, got NoneType None"),
        ({"amitriptyline": 3}, "must be a list of drug names, got dict"),
    ],
)
def test_acb_refuses_malformed_drug_lists(drugs, message):
    with pytest.raises(ValueError, match=f"acb: item 'drugs' {message}"):
        score("acb", {"drugs": drugs})


def test_acb_scale_code_is_not_a_score_code():
    defn = INSTRUMENTS["acb"]
    assert (defn.score_code, defn.scale_code, defn.scale_term) == (
        None,
        "763240001",
        "Anticholinergic Cognitive Burden Scale",
    )
