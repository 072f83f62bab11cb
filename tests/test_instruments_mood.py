"""PHQ-9, PHQ-2, GAD-7 and GAD-2: totals, every band boundary, flags, thresholds and codes."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from mdt_tui.instruments import ScoringSettings, score


def qs(*points: int) -> dict[str, int]:
    return {f"q{n}": p for n, p in enumerate(points, 1)}


@pytest.mark.parametrize(
    ("answers", "total", "band", "label"),
    [
        (qs(0, 0, 0, 0, 0, 0, 0, 0, 0), 0, "none_minimal", "None / minimal"),
        (qs(3, 1, 0, 0, 0, 0, 0, 0, 0), 4, "none_minimal", "None / minimal"),
        (qs(3, 2, 0, 0, 0, 0, 0, 0, 0), 5, "mild", "Mild"),
        (qs(3, 3, 3, 0, 0, 0, 0, 0, 0), 9, "mild", "Mild"),
        (qs(3, 3, 3, 1, 0, 0, 0, 0, 0), 10, "moderate", "Moderate"),
        (qs(3, 3, 3, 3, 2, 0, 0, 0, 0), 14, "moderate", "Moderate"),
        (qs(3, 3, 3, 3, 3, 0, 0, 0, 0), 15, "moderately_severe", "Moderately severe"),
        (qs(3, 3, 3, 3, 3, 3, 1, 0, 0), 19, "moderately_severe", "Moderately severe"),
        (qs(3, 3, 3, 3, 3, 3, 2, 0, 0), 20, "severe", "Severe"),
        (qs(3, 3, 3, 3, 3, 3, 3, 3, 3), 27, "severe", "Severe"),
    ],
)
def test_phq9_bands(answers, total, band, label):
    result = score("phq9", answers)
    assert (result.total, result.band, result.band_label) == (total, band, label)
    assert result.item_points == answers
    assert result.score_code == "720433000"
    assert result.score_term == "Patient Health Questionnaire Nine Item score"


def test_phq9_summary_and_no_self_harm_flag():
    result = score("phq9", qs(1, 1, 1, 1, 1, 1, 1, 0, 0))
    assert result.summary == "PHQ-9 7 — Mild"
    assert result.flags == {"self_harm_risk": False, "item9_positive": False}


@pytest.mark.parametrize("q9", [1, 2, 3])
def test_phq9_item9_flags_self_harm_whatever_the_total(q9):
    result = score("phq9", qs(0, 0, 0, 0, 0, 0, 0, 0, q9))
    assert result.band == "none_minimal"
    assert result.flags == {"self_harm_risk": True, "item9_positive": True}
    assert result.summary == f"PHQ-9 {q9} — None / minimal; item 9 positive: same-day risk assessment"


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_bands(total, band):
    points = [min(3, max(0, total - 3 * n)) for n in range(7)]
    result = score("gad7", qs(*points))
    assert (result.total, result.band) == (total, band)
    assert (result.score_code, result.flags) == ("445455005", {})


@pytest.mark.parametrize(("instrument", "code"), [("phq2", "836541000000100"), ("gad2", "836571000000106")])
@pytest.mark.parametrize(
    ("q1", "q2", "total", "band", "label"),
    [
        (0, 0, 0, "negative", "Negative screen"),
        (2, 0, 2, "negative", "Negative screen"),
        (2, 1, 3, "positive", "Positive screen"),
        (3, 3, 6, "positive", "Positive screen"),
    ],
)
def test_two_item_screens_default_threshold_3(instrument, code, q1, q2, total, band, label):
    result = score(instrument, {"q1": q1, "q2": q2})
    assert (result.total, result.band, result.band_label, result.score_code) == (total, band, label, code)


@pytest.mark.parametrize(
    ("instrument", "field"), [("phq2", "phq2_positive_threshold"), ("gad2", "gad2_positive_threshold")]
)
@pytest.mark.parametrize(
    ("threshold", "total", "band"),
    [
        (2, 1, "negative"),
        (2, 2, "positive"),
        (6, 5, "negative"),
        (6, 6, "positive"),
        (1, 0, "negative"),
        (1, 1, "positive"),
    ],
)
def test_two_item_screens_threshold_is_a_setting(instrument, field, threshold, total, band):
    settings = ScoringSettings(**{field: threshold})
    result = score(instrument, {"q1": min(total, 3), "q2": total - min(total, 3)}, settings=settings)
    assert (result.total, result.band) == (total, band)


def test_phq2_threshold_does_not_leak_into_gad2():
    settings = ScoringSettings(phq2_positive_threshold=2)
    assert score("phq2", {"q1": 1, "q2": 1}, settings=settings).band == "positive"
    assert score("gad2", {"q1": 1, "q2": 1}, settings=settings).band == "negative"


@pytest.mark.parametrize("bad", [0, 7, True, "3", 2.0, None])
def test_screen_threshold_settings_are_validated(bad):
    with pytest.raises(ValidationError, match="phq2_positive_threshold"):
        ScoringSettings(phq2_positive_threshold=bad)


@pytest.mark.parametrize("instrument", ["phq2", "gad2"])
def test_two_item_screens_refuse_phq9_items(instrument):
    with pytest.raises(ValueError, match="'q3'"):
        score(instrument, {"q1": 0, "q2": 0, "q3": 0})
