"""Instruments Revision 2 (instruments.md): PHQ-9 difficulty, Barthel dependency, UCLA-3 'some loneliness'."""

from __future__ import annotations

import pytest

from mdt_tui.instruments import INSTRUMENTS, ScoringSettings, score

PHQ9_ZERO = {f"q{n}": 0 for n in range(1, 10)}
BARTHEL20_FULL = {
    "bowels": 2,
    "bladder": 2,
    "grooming": 1,
    "toilet_use": 2,
    "feeding": 2,
    "transfer": 3,
    "mobility": 3,
    "dressing": 2,
    "stairs": 2,
    "bathing": 1,
}


def test_phq9_is_scored_without_the_difficulty_item():
    assert score("phq9", {**PHQ9_ZERO, "q1": 2}).total == 2


@pytest.mark.parametrize("difficulty", [0, 1, 2, 3])
def test_phq9_difficulty_is_stored_and_shown_but_not_scored(difficulty):
    result = score("phq9", {**PHQ9_ZERO, "q1": 2, "difficulty": difficulty})
    assert result.total == 2
    assert result.answers["difficulty"] == difficulty
    assert "difficulty" not in result.item_points
    label = INSTRUMENTS["phq9"].item("difficulty").option(difficulty).label
    assert label in ("Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult")
    assert result.summary == f"PHQ-9 2 — None / minimal; difficulty: {label.lower()}"


@pytest.mark.parametrize("bad", [4, -1, "very", 1.0])
def test_phq9_difficulty_out_of_range_is_refused(bad):
    with pytest.raises(ValueError, match="'difficulty'"):
        score("phq9", {**PHQ9_ZERO, "difficulty": bad})


def test_phq2_has_no_difficulty_item():
    with pytest.raises(ValueError, match="'difficulty'"):
        score("phq2", {"q1": 0, "q2": 0, "difficulty": 1})


def test_barthel_perfect_or_near_perfect_raises_no_dependency():
    assert score("barthel20", BARTHEL20_FULL).flags["dependency"] is False
    assert score("barthel20", {**BARTHEL20_FULL, "stairs": 1, "bathing": 0}).flags["dependency"] is False


@pytest.mark.parametrize("item", ["bowels", "bladder", "toilet_use", "transfer"])
def test_barthel_any_point_lost_in_continence_toilet_or_transfer_is_dependency(item):
    result = score("barthel20", {**BARTHEL20_FULL, item: BARTHEL20_FULL[item] - 1})
    assert result.total == 19
    assert result.flags == {"dependency": True, "dependency_items": [item]}


@pytest.mark.parametrize(("bathing", "total", "dependent"), [(0, 12, True), (1, 13, False)])
def test_barthel20_threshold_is_12(bathing, total, dependent):
    answers = {**BARTHEL20_FULL, "grooming": 0, "feeding": 0, "dressing": 0, "stairs": 0, "bathing": bathing}
    result = score("barthel20", answers)
    assert (result.total, result.flags["dependency"]) == (total, dependent)


def test_barthel100_threshold_is_60_and_a_setting():
    full = {k: v * 5 for k, v in BARTHEL20_FULL.items()}
    answers = {**full, "mobility": 0, "stairs": 0, "dressing": 0, "grooming": 0}  # 100 - 15 - 10 - 10 - 5 = 60
    assert score("barthel100", answers).flags["dependency"] is True
    answers["grooming"] = 5  # 65
    assert score("barthel100", answers).flags["dependency"] is False
    strict = ScoringSettings(barthel_dependency_threshold=70)
    assert score("barthel100", answers, settings=strict).flags["dependency"] is True


@pytest.mark.parametrize(
    ("answers", "band", "label"),
    [
        ((1, 1, 1), "not_lonely", "Not lonely"),
        ((2, 1, 1), "not_lonely", "Some loneliness"),
        ((2, 2, 1), "not_lonely", "Some loneliness"),
        ((2, 2, 2), "lonely", "Lonely"),
    ],
)
def test_ucla3_4_to_5_is_shown_as_some_loneliness(answers, band, label):
    result = score("ucla3", dict(zip(("lack_companionship", "left_out", "isolated"), answers, strict=True)))
    assert (result.band, result.band_label) == (band, label)


def test_the_default_falls_screen_is_the_primary_care_frat5():
    """Revision 2: the Peninsula FRAT was validated for sub-acute and residential care; FRAT-5 is the default."""
    from mdt_tui.team_policy import TeamPolicy

    assert TeamPolicy().falls_tool == "frat5"
    assert TeamPolicy(falls_tool="frat").falls_tool == "frat"


def test_six_cit_impossible_counts_are_refused_not_capped():
    answers = {
        "year_error": 0,
        "month_error": 0,
        "time_error": 0,
        "count_back_errors": 0,
        "months_reverse_errors": 0,
        "address_errors": 0,
    }
    for item, impossible in (("count_back_errors", 21), ("count_back_errors", 111), ("months_reverse_errors", 13)):
        with pytest.raises(ValueError, match=f"'{item}'"):
            score("6cit", {**answers, item: impossible})
    assert score("6cit", {**answers, "count_back_errors": 20, "months_reverse_errors": 12}).total == 8
