"""ACB Revision 2: matching by ingredient, the added drugs, hyoscine split, and the three kinds of entry."""

from __future__ import annotations

import pytest

from mdt_tui.instruments import score
from mdt_tui.instruments.acb import compounds, ingredient_names, load_acb_list, not_on_list


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("Amitriptyline 10mg tablets", ["amitriptyline"]),
        ("OXYBUTYNIN 5 mg m/r tabs", ["oxybutynin"]),
        ("amitriptyline hydrochloride", ["amitriptyline"]),
        ("Tolterodine tartrate XL 4mg capsules", ["tolterodine"]),
        ("Morphine sulfate m/r 10mg (MST Continus)", ["morphine"]),
        ("Chlorphenamine 4mg/5ml oral solution", ["chlorphenamine"]),
        ("Levothyroxine sodium 100micrograms tablets", ["levothyroxine"]),
        ("Co-codamol 30mg/500mg tablets", ["codeine", "paracetamol"]),
        ("Co-codamol 30/500 tablets", ["codeine", "paracetamol"]),
        ("Paracetamol and codeine", ["paracetamol", "codeine"]),
        ("Hyoscine hydrobromide 300microgram tablets", ["hyoscine hydrobromide"]),
        ("Hyoscine butylbromide 10mg tablets", ["hyoscine butylbromide"]),
    ],
)
def test_an_entry_as_a_gp_system_prints_it_is_reduced_to_its_ingredients(entry, expected):
    assert ingredient_names(entry) == expected


def test_amitriptyline_as_printed_scores_3():
    result = score("acb", {"drugs": ["Amitriptyline 10mg tablets"]})
    assert (result.total, result.band, result.acb.scored) == (3, "clinically_relevant", ("amitriptyline",))


def test_a_gp_printed_list_that_should_score_about_14_does():
    drugs = [
        "Amitriptyline 10mg tablets",
        "OXYBUTYNIN 5 mg m/r tabs",
        "Procyclidine 5mg tablets",
        "Chlorphenamine 4mg tablets",
        "Furosemide 40mg tablets",
        "Co-codamol 30mg/500mg tablets",
        "Ramipril 5mg capsules",
        "Isosorbide mononitrate 60mg m/r tablets",
    ]
    result = score("acb", {"drugs": drugs})
    assert result.total == 3 + 3 + 3 + 3 + 1 + 1 + 1
    assert result.acb.unrecognised == () and result.acb.unknown_drugs == ()


@pytest.mark.parametrize(
    ("drug", "points"),
    [
        ("procyclidine", 3),
        ("trifluoperazine", 3),
        ("perphenazine", 3),
        ("promazine", 3),
        ("propantheline", 3),
        ("meclozine", 3),
        ("meclizine", 3),
        ("doxylamine", 3),
        ("clorazepate", 1),
        ("hyoscine hydrobromide", 3),
    ],
)
def test_revision_2_added_drugs_score(drug, points):
    assert score("acb", {"drugs": [drug]}).total == points


def test_hyoscine_butylbromide_is_not_on_the_list_and_bare_hyoscine_asks_which():
    result = score("acb", {"drugs": ["Hyoscine butylbromide 10mg tablets", "hyoscine"]})
    assert result.total == 0
    assert result.acb.recognised_not_anticholinergic == ("hyoscine butylbromide",)
    assert result.acb.unrecognised == ("hyoscine",)
    assert result.acb.suggestions == {"hyoscine": ("hyoscine hydrobromide", "hyoscine butylbromide")}


def test_three_kinds_of_entry_and_only_the_unrecognised_warns():
    result = score("acb", {"drugs": ["Amitriptyline 10mg", "Ramipril 5mg", "Metformin 500mg", "Zzqxamab 5mg"]})
    assert result.acb.scored == ("amitriptyline",)
    assert result.acb.recognised_not_anticholinergic == ("ramipril", "metformin")
    assert result.acb.unrecognised == ("zzqxamab",)
    assert result.acb.unknown_drugs == ("Zzqxamab 5mg",)
    assert result.summary.endswith("(1 unrecognised: check with the pharmacist)")
    assert [d.kind for d in result.acb.drugs] == ["scored", "not_on_list", "not_on_list", "unrecognised"]


def test_ordinary_medicines_raise_no_warning():
    result = score("acb", {"drugs": ["Atorvastatin 20mg tablets", "Amlodipine 5mg tablets", "Paracetamol 500mg"]})
    assert (result.total, result.acb.unknown_drugs) == (0, ())
    assert "pharmacist" not in result.summary


def test_the_recognised_list_and_compound_names_never_hide_an_acb_drug():
    listed = load_acb_list().by_name
    assert not set(not_on_list()) & set(listed)
    assert not set(compounds()) & set(listed)


def test_a_combination_scores_each_ingredient_once():
    result = score("acb", {"drugs": ["Co-codamol 30mg/500mg tablets", "Codeine phosphate 30mg tablets"]})
    assert result.item_points == {"codeine": 1, "paracetamol": 0}
