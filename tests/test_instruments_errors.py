"""Every instrument: minimum and maximum, and the error cases (missing, wrong type, out of range, extra key)."""

from __future__ import annotations

import pytest

from mdt_tui.instruments import INSTRUMENTS, InvalidAnswer, score

BARTHEL = (
    "bowels",
    "bladder",
    "grooming",
    "toilet_use",
    "feeding",
    "transfer",
    "mobility",
    "dressing",
    "stairs",
    "bathing",
)
FRAT_MIN = {
    "recent_falls": "none_12m",
    "medications": "none",
    "psychological": "none",
    "cognitive_status": "intact",
    "auto_high_functional_change": False,
    "auto_high_dizziness": False,
}
FRAT5 = (
    "fall_last_year",
    "four_or_more_medicines",
    "stroke_or_parkinsons",
    "balance_problems",
    "cannot_rise_without_arms",
)
CIT = ("year_error", "month_error", "time_error", "count_back_errors", "months_reverse_errors", "address_errors")
UCLA = ("lack_companionship", "left_out", "isolated")


def qs(n: int, value: int) -> dict[str, int]:
    return {f"q{i}": value for i in range(1, n + 1)}


# (instrument, answers, total, band) at each instrument's minimum and maximum.
EXTREMES = [
    ("phq9", qs(9, 0), 0, "none_minimal"),
    ("phq9", qs(9, 3), 27, "severe"),
    ("phq2", qs(2, 0), 0, "negative"),
    ("phq2", qs(2, 3), 6, "positive"),
    ("gad7", qs(7, 0), 0, "minimal"),
    ("gad7", qs(7, 3), 21, "severe"),
    ("gad2", qs(2, 0), 0, "negative"),
    ("gad2", qs(2, 3), 6, "positive"),
    ("ucla3", dict.fromkeys(UCLA, 1), 3, "not_lonely"),
    ("ucla3", dict.fromkeys(UCLA, 3), 9, "lonely"),
    ("ons_direct_loneliness", {"how_often_lonely": "never"}, None, "never"),
    ("ons_direct_loneliness", {"how_often_lonely": "often_always"}, None, "often_always"),
    ("6cit", dict.fromkeys(CIT, 0), 0, "normal"),
    ("6cit", dict(zip(CIT, (1, 1, 1, 2, 2, 5), strict=True)), 28, "significant"),
    ("cfs", {"level": 1}, 1, "very_fit"),
    ("cfs", {"level": 9}, 9, "terminally_ill"),
    ("efi", {"deficits_present": 0}, 0.0, "fit"),
    ("efi", {"deficits_present": 36}, 1.0, "severe"),
    ("frat", FRAT_MIN, 5, "low"),
    (
        "frat",
        {
            "recent_falls": "last_3m_inpatient",
            "medications": "more_than_two",
            "psychological": "severe",
            "cognitive_status": "severe",
            "auto_high_functional_change": True,
            "auto_high_dizziness": True,
        },
        20,
        "high",
    ),
    ("frat5", dict.fromkeys(FRAT5, False), 0, "lower_risk"),
    ("frat5", dict.fromkeys(FRAT5, True), 5, "higher_risk"),
    ("must", {"bmi": 25.0, "weight_loss_percent": 0, "acute_disease_effect": False}, 0, "low"),
    ("must", {"bmi": 15.0, "weight_loss_percent": 20, "acute_disease_effect": True}, 6, "high"),
    ("acb", {"drugs": []}, 0, "below_threshold"),
    ("acb", {"drugs": ["amitriptyline", "oxybutynin", "carbamazepine"]}, 8, "clinically_relevant"),
    ("barthel20", dict.fromkeys(BARTHEL, 0), 0, "total_dependency"),
    ("barthel20", dict(zip(BARTHEL, (2, 2, 1, 2, 2, 3, 3, 2, 2, 1), strict=True)), 20, "independent"),
    ("barthel100", dict.fromkeys(BARTHEL, 0), 0, "total_dependency"),
    ("barthel100", dict(zip(BARTHEL, (10, 10, 5, 10, 10, 15, 15, 10, 10, 5), strict=True)), 100, "independent"),
]
MINIMUM = {instrument: answers for instrument, answers, *_ in reversed(EXTREMES)}


def test_extremes_cover_every_instrument():
    assert set(MINIMUM) == set(INSTRUMENTS)


@pytest.mark.parametrize(("instrument", "answers", "total", "band"), EXTREMES)
def test_minimum_and_maximum(instrument, answers, total, band):
    result = score(instrument, answers)
    assert (result.instrument, result.total, result.band) == (instrument, total, band)
    assert result.score_code == INSTRUMENTS[instrument].score_code


def _cases(kind: str):
    for instrument, defn in INSTRUMENTS.items():
        for item in defn.items:
            if item.id in MINIMUM[instrument]:
                yield from ((instrument, item, value) for value in _bad_values(item, kind))


def _bad_values(item, kind):
    if kind == "type":
        return {
            "choice": ["0", 1.5, True, [0]] if item.answer_by == "points" else [0, True, ["never"]],
            "level": ["1", 1.0, False],
            "bool": [0, 1, "true", [True]],
            "count": [0.5, 1.0, True, "0"],
            "number": ["20", True, [1.0], float("nan")],
            "drug_list": ["digoxin", 3, [3]],
        }[item.kind]
    if item.kind in ("choice", "level") and item.answer_by == "points":
        return [min(item.allowed()) - 1, max(item.allowed()) + 1]
    if item.kind in ("choice", "level"):
        return ["not_an_option"]
    if item.kind in ("count", "number"):
        return [item.min_value - 1] + ([item.max_value + 1] if item.max_value is not None else [])
    return []


@pytest.mark.parametrize(("instrument", "item", "value"), list(_cases("type")), ids=lambda v: getattr(v, "id", repr(v)))
def test_wrong_type_names_the_item(instrument, item, value):
    with pytest.raises(ValueError, match=f"^{instrument}: item '{item.id}' must ") as caught:
        score(instrument, {**MINIMUM[instrument], item.id: value})
    assert caught.value.item == item.id


@pytest.mark.parametrize(
    ("instrument", "item", "value"), list(_cases("range")), ids=lambda v: getattr(v, "id", repr(v))
)
def test_out_of_range_names_the_item_and_is_not_clamped(instrument, item, value):
    with pytest.raises(InvalidAnswer, match=f"^{instrument}: item '{item.id}' must .*got {value!r}"):
        score(instrument, {**MINIMUM[instrument], item.id: value})


@pytest.mark.parametrize(
    ("instrument", "item_id"), [(i, item.id) for i, d in INSTRUMENTS.items() for item in d.items if item.required]
)
@pytest.mark.parametrize("how", ["absent", "none"])
def test_missing_required_answer_names_the_item(instrument, item_id, how):
    answers = {**MINIMUM[instrument]}
    if how == "none":
        answers[item_id] = None
    else:
        del answers[item_id]
    with pytest.raises(ValueError, match=f"^{instrument}: item '{item_id}' is missing$"):
        score(instrument, answers)


@pytest.mark.parametrize("instrument", list(INSTRUMENTS))
@pytest.mark.parametrize("key", ["zzz", "Q1", 1])
def test_unexpected_key_is_named(instrument, key):
    with pytest.raises(ValueError, match=f"^{instrument}: item {key!r} is not an item of "):
        score(instrument, {**MINIMUM[instrument], key: 0})


@pytest.mark.parametrize("answers", [None, [], "q1", [("q1", 0)], 0])
def test_answers_must_be_a_mapping(answers):
    with pytest.raises(ValueError, match="^phq2: answers must be a mapping"):
        score("phq2", answers)


@pytest.mark.parametrize("instrument", ["phq10", "PHQ9", "", " phq9", None, 9, "frat_part1", "barthel"])
def test_unknown_instrument(instrument):
    with pytest.raises(ValueError, match="unknown instrument"):
        score(instrument, {})


def test_settings_must_be_scoring_settings():
    with pytest.raises(ValueError, match="settings must be a ScoringSettings"):
        score("phq2", qs(2, 0), settings={"phq2_positive_threshold": 2})
