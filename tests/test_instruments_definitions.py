"""The INSTRUMENTS registry: ids, domains, codes, attributions, band tables and packaging of the data file."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from itertools import pairwise

import pytest

from mdt_tui.instruments import INSTRUMENTS, InstrumentDefinition

IDS = [
    "phq9",
    "phq2",
    "gad7",
    "gad2",
    "ucla3",
    "ons_direct_loneliness",
    "6cit",
    "cfs",
    "efi",
    "frat",
    "frat5",
    "must",
    "acb",
    "barthel20",
    "barthel100",
]

# id: (domain, score code, score term) — codes from instruments.md sections 1–11.
EXPECTED = {
    "phq9": ("mental", "720433000", "Patient Health Questionnaire Nine Item score"),
    "phq2": ("mental", "836541000000100", "Patient health questionnaire 2 score"),
    "gad7": ("mental", "445455005", "Generalized Anxiety Disorder 7 item score"),
    "gad2": ("mental", "836571000000106", "Generalised anxiety disorder 2 scale score"),
    "ucla3": ("mental", None, None),
    "ons_direct_loneliness": ("mental", None, None),
    "6cit": ("mental", "1085151000000108", "Six Item Cognitive Impairment Test total score"),
    "cfs": ("functional", "763264000", "Canadian Study of Health and Aging Clinical Frailty Scale score"),
    "efi": ("functional", None, None),  # Revision 2: calculated by the GP system, never written back
    "frat": ("functional", None, None),
    "frat5": ("functional", None, None),
    "must": ("functional", "444297006", "Malnutrition universal screening tool score"),
    "acb": ("medication", None, None),
    "barthel20": ("functional", None, None),
    "barthel100": ("functional", None, None),
}

ATTRIBUTION = {
    "phq9": "Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues",
    "phq2": "Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues",
    "gad7": "Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues",
    "gad2": "Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues",
    "6cit": "Kingshill Research Centre",
    "cfs": "Rockwood",
    "must": "BAPEN",
    "frat": "Peninsula Health",
    "acb": "Aging Brain Care",
}


def test_registry_has_exactly_the_contract_ids():
    assert list(INSTRUMENTS) == IDS
    assert all(isinstance(d, InstrumentDefinition) and d.id == key for key, d in INSTRUMENTS.items())


@pytest.mark.parametrize("instrument", IDS)
def test_domain_and_score_code(instrument):
    defn = INSTRUMENTS[instrument]
    assert (defn.domain, defn.score_code, defn.score_term) == EXPECTED[instrument]
    assert defn.attribution


@pytest.mark.parametrize(("instrument", "text"), ATTRIBUTION.items())
def test_attribution_lines(instrument, text):
    assert text in INSTRUMENTS[instrument].attribution


def test_cfs_attribution_names_dalhousie():
    assert "Dalhousie University" in INSTRUMENTS["cfs"].attribution


@pytest.mark.parametrize("instrument", IDS)
def test_items_bands_and_options_have_unique_ids(instrument):
    defn = INSTRUMENTS[instrument]
    assert len({i.id for i in defn.items}) == len(defn.items)
    assert len({b.id for b in defn.bands}) == len(defn.bands)
    for item in defn.items:
        assert len({o.id for o in item.options}) == len(item.options)
        assert len(set(item.allowed())) == len(item.options)


@pytest.mark.parametrize("instrument", [i for i in IDS if i not in ("ons_direct_loneliness", "efi")])
def test_integer_bands_are_contiguous(instrument):
    bands = INSTRUMENTS[instrument].bands
    for below, above in pairwise(bands):
        assert above.lower == below.upper + 1


def test_efi_bands_meet_without_gaps():
    bands = INSTRUMENTS["efi"].bands
    assert [(b.lower, b.lower_exclusive, b.upper) for b in bands] == [
        (0, False, 0.12),
        (0.12, True, 0.24),
        (0.24, True, 0.36),
        (0.36, True, 1),
    ]


@pytest.mark.parametrize(
    ("instrument", "low", "high"),
    [
        ("phq9", 0, 27),
        ("phq2", 0, 6),
        ("gad7", 0, 21),
        ("gad2", 0, 6),
        ("ucla3", 3, 9),
        ("6cit", 0, 28),
        ("cfs", 1, 9),
        ("frat", 5, 20),
        ("frat5", 0, 5),
        ("barthel20", 0, 20),
        ("barthel100", 0, 100),
    ],
)
def test_item_points_span_exactly_the_band_range(instrument, low, high):
    defn = INSTRUMENTS[instrument]
    points = []
    for item in defn.items:
        if not item.scored:
            continue
        if item.options:
            points.append([o.points for o in item.options])
        elif not item.forces_band:
            top = 1 if item.kind == "bool" else item.cap if item.cap is not None else item.max_value
            points.append([0, item.weight * top])
    assert (sum(map(min, points)), sum(map(max, points))) == (low, high) == defn.total_range


def test_stems_and_thresholds():
    stem = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    assert {i for i, d in INSTRUMENTS.items() if d.stem == stem} == {"phq9", "phq2", "gad7", "gad2"}
    assert {i: d.threshold_setting for i, d in INSTRUMENTS.items() if d.threshold_setting} == {
        "phq2": "phq2_positive_threshold",
        "gad2": "gad2_positive_threshold",
        "ucla3": "ucla3_lonely_threshold",
    }


def test_short_screens_reuse_the_full_items():
    assert INSTRUMENTS["phq2"].items == INSTRUMENTS["phq9"].items[:2]
    assert INSTRUMENTS["gad2"].items == INSTRUMENTS["gad7"].items[:2]
    assert [o.label for o in INSTRUMENTS["phq9"].item("q1").options] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]


def test_frat_automatic_boxes_are_required_booleans():
    frat = INSTRUMENTS["frat"]
    for item_id in ("auto_high_functional_change", "auto_high_dizziness"):
        item = frat.item(item_id)
        assert (item.kind, item.required, item.forces_band, item.weight) == ("bool", True, "high", None)


def test_acb_data_file_is_packaged_with_its_source():
    text = resources.files("mdt_tui.instruments").joinpath("data").joinpath("acb_2012.csv").read_text(encoding="utf-8")
    assert text.startswith("# title: Anticholinergic Cognitive Burden (ACB) scale drug list")
    assert "\n# version: ACB 2012" in text and "\n# source: " in text


def test_instruments_package_does_not_import_textual():
    code = "import sys, mdt_tui.instruments; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_unknown_item_or_band_id_is_a_key_error():
    with pytest.raises(KeyError):
        INSTRUMENTS["phq9"].item("q10")
    with pytest.raises(KeyError):
        INSTRUMENTS["phq9"].band("positive")
    assert INSTRUMENTS["phq9"].band("mild").label == "Mild"
