"""Barthel ADL Index: 0–20 (derived bands) and 0–100 (Shah bands, ×5 points only)."""

from __future__ import annotations

import pytest

from mdt_tui.instruments import INSTRUMENTS, score

ITEMS = (
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
MAX_20 = (2, 2, 1, 2, 2, 3, 3, 2, 2, 1)


def barthel(total: int, scale: int = 1) -> dict[str, int]:
    """Answers reaching ``total`` (in 0–20 units), filling items in order; points ×scale."""
    answers = {}
    for item, top in zip(ITEMS, MAX_20, strict=True):
        answers[item] = min(top, total) * scale
        total -= min(top, total)
    assert total == 0
    return answers


@pytest.mark.parametrize(
    ("total", "band", "label"),
    [
        (0, "total_dependency", "Total dependency (derived)"),
        (4, "total_dependency", "Total dependency (derived)"),
        (5, "severe_dependency", "Severe dependency (derived)"),
        (12, "severe_dependency", "Severe dependency (derived)"),
        (13, "moderate_dependency", "Moderate dependency (derived)"),
        (18, "moderate_dependency", "Moderate dependency (derived)"),
        (19, "slight_dependency", "Slight dependency (derived)"),
        (20, "independent", "Independent (derived)"),
    ],
)
def test_barthel20_derived_bands(total, band, label):
    result = score("barthel20", barthel(total))
    assert (result.total, result.band, result.band_label) == (total, band, label)
    assert result.score_code is None


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "total_dependency"),
        (20, "total_dependency"),
        (25, "severe_dependency"),
        (60, "severe_dependency"),
        (65, "moderate_dependency"),
        (90, "moderate_dependency"),
        (95, "slight_dependency"),
        (100, "independent"),
    ],
)
def test_barthel100_shah_bands(total, band):
    result = score("barthel100", barthel(total // 5, scale=5))
    assert (result.total, result.band) == (total, band)
    assert result.band_label == INSTRUMENTS["barthel100"].band(band).label
    assert "(derived)" not in result.band_label


def test_barthel100_band_bounds_as_published():
    assert [(b.id, b.lower, b.upper) for b in INSTRUMENTS["barthel100"].bands] == [
        ("total_dependency", 0, 20),
        ("severe_dependency", 21, 60),
        ("moderate_dependency", 61, 90),
        ("slight_dependency", 91, 99),
        ("independent", 100, 100),
    ]


def test_barthel_derived_flag_and_code():
    assert INSTRUMENTS["barthel20"].bands_derived is True
    assert INSTRUMENTS["barthel100"].bands_derived is False
    assert {INSTRUMENTS[i].scale_code for i in ("barthel20", "barthel100")} == {"273302005"}


@pytest.mark.parametrize(
    ("item", "allowed"),
    [
        ("bowels", (0, 5, 10)),
        ("bladder", (0, 5, 10)),
        ("grooming", (0, 5)),
        ("toilet_use", (0, 5, 10)),
        ("feeding", (0, 5, 10)),
        ("transfer", (0, 5, 10, 15)),
        ("mobility", (0, 5, 10, 15)),
        ("dressing", (0, 5, 10)),
        ("stairs", (0, 5, 10)),
        ("bathing", (0, 5)),
    ],
)
def test_barthel100_points_are_times_five(item, allowed):
    assert INSTRUMENTS["barthel100"].item(item).allowed() == allowed
    assert INSTRUMENTS["barthel20"].item(item).allowed() == tuple(p // 5 for p in allowed)


@pytest.mark.parametrize(
    ("instrument", "item", "value"),
    [
        ("barthel100", "feeding", 3),
        ("barthel100", "feeding", 15),
        ("barthel100", "grooming", 10),
        ("barthel100", "transfer", 20),
        ("barthel100", "bathing", 1),
        ("barthel20", "feeding", 5),
        ("barthel20", "transfer", 4),
        ("barthel20", "bowels", -1),
    ],
)
def test_barthel_refuses_points_not_on_its_scale(instrument, item, value):
    with pytest.raises(ValueError, match=f"'{item}' must be one of"):
        score(instrument, {**barthel(0), item: value})
