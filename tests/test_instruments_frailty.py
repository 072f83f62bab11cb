"""Clinical Frailty Scale (levels, UK category, codes) and eFI (exact k/36 versus a recorded value)."""

from __future__ import annotations

import pytest

from mdt_tui.instruments import INSTRUMENTS, score

CFS_LEVELS = [
    (1, "very_fit", "Very fit", None, "1129331000000101"),
    (2, "fit", "Fit", None, "1129341000000105"),
    (3, "managing_well", "Managing well", None, "1129351000000108"),
    (4, "very_mild_frailty", "Living with very mild frailty", None, "1129361000000106"),
    (5, "mild_frailty", "Living with mild frailty", "mild_frailty", "1129371000000104"),
    (6, "moderate_frailty", "Living with moderate frailty", "moderate_frailty", "1129381000000102"),
    (7, "severe_frailty", "Living with severe frailty", "severe_frailty", "1129391000000100"),
    (8, "very_severe_frailty", "Living with very severe frailty", "severe_frailty", "1129401000000102"),
    (9, "terminally_ill", "Terminally ill", None, "1129411000000100"),
]


@pytest.mark.parametrize(("level", "band", "label", "category", "code"), CFS_LEVELS)
def test_cfs_level_is_the_total_and_gives_band_and_uk_category(level, band, label, category, code):
    """Revision 2: no UK frailty category for 1–4 and 9; level 9 is end of life, not severe frailty."""
    result = score("cfs", {"level": level})
    assert (result.total, result.band, result.band_label, result.band_code) == (level, band, label, code)
    assert result.flags == {"uk_frailty_category": category, "end_of_life": level == 9}
    assert (result.score_code, result.score_term) == (
        "763264000",
        "Canadian Study of Health and Aging Clinical Frailty Scale score",
    )
    end = "; end of life: consider GSF / palliative care review" if level == 9 else ""
    assert result.summary == f"CFS {level} — {label}{end}"


def test_cfs_form_shows_level_names_only():
    (item,) = INSTRUMENTS["cfs"].items
    assert [(o.points, o.label) for o in item.options] == [(lvl, label) for lvl, _, label, _, _ in CFS_LEVELS]
    assert item.help is None
    assert INSTRUMENTS["cfs"].scale_code == "445414007"


@pytest.mark.parametrize(
    ("value", "message"),
    [(0, "one of 1, 2"), (10, "one of 1, 2"), ("5", "whole number"), (5.0, "whole number"), (True, "whole number")],
)
def test_cfs_refuses_bad_levels(value, message):
    with pytest.raises(ValueError, match=f"'level'.*{message}"):
        score("cfs", {"level": value})


@pytest.mark.parametrize(
    ("deficits", "band"),
    [
        (0, "fit"),
        (4, "fit"),
        (5, "mild"),
        (8, "mild"),
        (9, "moderate"),
        (12, "moderate"),
        (13, "severe"),
        (14, "severe"),
        (36, "severe"),
    ],
)
def test_efi_is_banded_by_deficit_count(deficits, band):
    """Revision 2: k ≤ 4 fit, 5–8 mild, 9–12 moderate, ≥ 13 severe; borderline at 13."""
    result = score("efi", {"deficits_present": deficits})
    assert result.total == deficits / 36
    assert result.band == band
    assert result.flags == {"alt_band_if_rounded_2dp": band, "borderline": deficits == 13}
    assert result.item_points == {"deficits_present": deficits}
    assert (result.score_code, result.score_term) == (None, None)


def test_efi_13_deficits_is_severe_with_a_clear_summary():
    assert score("efi", {"deficits_present": 13}).summary == "eFI 0.361 — Severe frailty (13/36 deficits)"


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, "fit"),
        (0.0, "fit"),
        (0.11, "fit"),
        (0.12, "fit"),
        (0.1201, "mild"),
        (0.13, "mild"),
        (0.14, "mild"),
        (0.22, "mild"),
        (0.24, "mild"),
        (0.2401, "moderate"),
        (0.25, "moderate"),
        (0.33, "moderate"),
        (0.35, "moderate"),
        (0.36, "severe"),
        (0.361, "severe"),
        (0.37, "severe"),
        (1, "severe"),
        (1.0, "severe"),
    ],
)
def test_efi_recorded_value_is_banded_as_its_deficit_count_when_it_is_one(value, band):
    """A recorded 0.36 is the display of 13/36, so severe like 13 deficits; 0.24 and 0.12 are no k/36."""
    result = score("efi", {"efi_score": value})
    assert (result.total, result.band) == (value, band)
    assert result.flags["borderline"] is (round(value, 2) == 0.36)


def test_the_same_person_is_banded_one_way_from_a_count_or_a_recorded_value():
    assert score("efi", {"efi_score": 0.36}).band == score("efi", {"deficits_present": 13}).band == "severe"


def test_efi_recorded_036_summary():
    assert score("efi", {"efi_score": 0.36}).summary == "eFI 0.36 — Severe frailty (shown as 13/36 deficits)"


@pytest.mark.parametrize(
    ("answers", "item", "message"),
    [
        ({}, "efi_score", "is missing \\(give efi_score, or deficits_present\\)"),
        ({"efi_score": None, "deficits_present": None}, "efi_score", "is missing"),
        ({"efi_score": 0.2, "deficits_present": 7}, "deficits_present", "conflicts"),
        ({"efi_score": 1.01}, "efi_score", "must be 0–1"),
        ({"efi_score": -0.01}, "efi_score", "must be 0–1"),
        ({"efi_score": float("nan")}, "efi_score", "must be a finite number"),
        ({"efi_score": "0.2"}, "efi_score", "must be a number"),
        ({"efi_score": True}, "efi_score", "must be a number"),
        ({"deficits_present": 37}, "deficits_present", "must be 0–36"),
        ({"deficits_present": -1}, "deficits_present", "must be 0–36"),
        ({"deficits_present": 1.5}, "deficits_present", "must be a whole number"),
        ({"frailty": 0.2}, "frailty", "is not an item"),
    ],
)
def test_efi_errors(answers, item, message):
    with pytest.raises(ValueError, match=f"'{item}' {message}"):
        score("efi", answers)
