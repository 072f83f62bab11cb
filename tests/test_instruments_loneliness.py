"""UCLA-3 loneliness (bands, configurable threshold, alt_band_ge4) and the ONS direct question."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from mdt_tui.instruments import INSTRUMENTS, ScoringSettings, score


def ucla(a: int, b: int, c: int) -> dict[str, int]:
    return {"lack_companionship": a, "left_out": b, "isolated": c}


@pytest.mark.parametrize(
    ("answers", "total", "band", "alt"),
    [
        (ucla(1, 1, 1), 3, "not_lonely", "not_lonely"),
        (ucla(2, 1, 1), 4, "not_lonely", "lonely"),
        (ucla(2, 2, 1), 5, "not_lonely", "lonely"),
        (ucla(2, 2, 2), 6, "lonely", "lonely"),
        (ucla(3, 3, 3), 9, "lonely", "lonely"),
    ],
)
def test_ucla3_bands_and_alternative_ge4(answers, total, band, alt):
    result = score("ucla3", answers)
    assert (result.total, result.band) == (total, band)
    assert result.flags == {"alt_band_ge4": alt}
    assert result.score_code is None and result.score_term is None


def test_ucla3_summary_and_labels():
    result = score("ucla3", ucla(3, 2, 2))
    assert result.summary == "UCLA-3 7 — Lonely"
    assert score("ucla3", ucla(1, 1, 1)).band_label == "Not lonely"


@pytest.mark.parametrize(
    ("threshold", "answers", "band"),
    [
        (4, ucla(1, 1, 1), "not_lonely"),
        (4, ucla(2, 1, 1), "lonely"),
        (9, ucla(3, 3, 2), "not_lonely"),
        (9, ucla(3, 3, 3), "lonely"),
    ],
)
def test_ucla3_threshold_is_a_setting(threshold, answers, band):
    assert score("ucla3", answers, settings=ScoringSettings(ucla3_lonely_threshold=threshold)).band == band


@pytest.mark.parametrize("bad", [3, 10, True, "6"])
def test_ucla3_threshold_setting_validated(bad):
    with pytest.raises(ValidationError, match="ucla3_lonely_threshold"):
        ScoringSettings(ucla3_lonely_threshold=bad)


@pytest.mark.parametrize("bad", [0, 4])
def test_ucla3_answers_are_1_to_3(bad):
    with pytest.raises(ValueError, match="'left_out'.*must be one of 1, 2, 3"):
        score("ucla3", ucla(1, bad, 1))


ONS = [
    ("often_always", "Often/always"),
    ("some_of_the_time", "Some of the time"),
    ("occasionally", "Occasionally"),
    ("hardly_ever", "Hardly ever"),
    ("never", "Never"),
]


def test_ons_option_and_band_ids_are_the_spec_ids():
    defn = INSTRUMENTS["ons_direct_loneliness"]
    assert [(o.id, o.label) for o in defn.items[0].options] == ONS
    assert [b.id for b in defn.bands] == [i for i, _ in ONS]
    assert defn.items[0].prompt == "How often do you feel lonely?"


@pytest.mark.parametrize(("option", "label"), ONS)
def test_ons_direct_question_stores_the_category(option, label):
    result = score("ons_direct_loneliness", {"how_often_lonely": option})
    assert (result.total, result.band, result.band_label) == (None, option, label)
    assert result.summary == f"ONS loneliness — {label}"
    assert result.item_points == {}


@pytest.mark.parametrize("bad", ["Often/always", "often", 1, True])
def test_ons_refuses_anything_but_an_option_id(bad):
    with pytest.raises(ValueError, match="'how_often_lonely'"):
        score("ons_direct_loneliness", {"how_often_lonely": bad})
