"""MUST: BMI and weight-loss boundaries, computed BMI and weight loss, risk bands and input errors."""

from __future__ import annotations

import pytest

from mdt_tui.instruments import score


def must(bmi=22.0, loss=0.0, acute=False, **extra) -> dict:
    return {"bmi": bmi, "weight_loss_percent": loss, "acute_disease_effect": acute, **extra}


@pytest.mark.parametrize(
    ("bmi", "points"),
    [(35.0, 0), (20.1, 0), (20.01, 0), (20.0, 1), (20, 1), (19.2, 1), (18.5, 1), (18.49, 2), (18.4, 2), (12, 2)],
)
def test_bmi_step(bmi, points):
    assert score("must", must(bmi=bmi)).item_points["bmi"] == points


@pytest.mark.parametrize(
    ("loss", "points"),
    [(0, 0), (4.9, 0), (4.99, 0), (5, 1), (5.0, 1), (7.5, 1), (10, 1), (10.0, 1), (10.01, 2), (10.1, 2), (100, 2)],
)
def test_weight_loss_step(loss, points):
    assert score("must", must(loss=loss)).item_points["weight_loss_percent"] == points


@pytest.mark.parametrize(
    ("answers", "total", "band", "label"),
    [
        (must(), 0, "low", "Low risk"),
        (must(bmi=19.0), 1, "medium", "Medium risk"),
        (must(loss=6), 1, "medium", "Medium risk"),
        (must(bmi=19.0, loss=6), 2, "high", "High risk"),
        (must(acute=True), 2, "high", "High risk"),
        (must(bmi=18.0, loss=12, acute=True), 6, "high", "High risk"),
    ],
)
def test_must_bands(answers, total, band, label):
    result = score("must", answers)
    assert (result.total, result.band, result.band_label) == (total, band, label)
    assert (result.score_code, result.score_term) == ("444297006", "Malnutrition universal screening tool score")
    assert result.must.bmi_computed is False and result.must.weight_loss_computed is False


def test_acute_disease_effect_scores_2():
    result = score("must", must(acute=True))
    assert result.item_points == {"bmi": 0, "weight_loss_percent": 0, "acute_disease_effect": 2}
    assert result.summary == "MUST 2 — High risk"


@pytest.mark.parametrize(("bmi", "obese"), [(30.0, False), (30.1, True), (45, True), (19, False)])
def test_obesity_flag(bmi, obese):
    assert score("must", must(bmi=bmi)).flags == {"obese": obese}


@pytest.mark.parametrize(
    ("height", "weight", "bmi", "points"),
    [
        (1.70, 57.8, 20.0, 1),
        (1.70, 58.0, 20.1, 0),
        (2.0, 80.2, 20.1, 0),
        (2.0, 73.8, 18.5, 1),
        (2.0, 73.7, 18.4, 2),
        (1.6, 100.0, 39.1, 0),
    ],
)
def test_bmi_computed_to_one_decimal_place_half_up(height, weight, bmi, points):
    answers = {"height_m": height, "weight_kg": weight, "weight_loss_percent": 0, "acute_disease_effect": False}
    result = score("must", answers)
    assert (result.must.bmi, result.must.bmi_computed) == (bmi, True)
    assert result.item_points["bmi"] == points
    assert result.answers == answers


@pytest.mark.parametrize(
    ("previous", "current", "percent", "points"),
    [
        (100, 95, 5.0, 1),
        (100, 95.1, 4.9, 0),
        (100, 90, 10.0, 1),
        (100, 89.9, 10.1, 2),
        (70, 63, 10.0, 1),
        (60, 57, 5.0, 1),
        (70, 72, -2.857142857142857, 0),
    ],
)
def test_weight_loss_computed_exactly(previous, current, percent, points):
    answers = {"bmi": 25.0, "previous_weight_kg": previous, "weight_kg": current, "acute_disease_effect": False}
    result = score("must", answers)
    assert result.must.weight_loss_percent == pytest.approx(percent, abs=1e-12)
    assert result.must.weight_loss_computed is True
    assert result.item_points["weight_loss_percent"] == points


def test_both_measurement_paths_share_the_current_weight():
    result = score(
        "must", {"height_m": 1.6, "weight_kg": 46.0, "previous_weight_kg": 52.0, "acute_disease_effect": False}
    )
    assert (result.must.bmi, result.item_points["bmi"]) == (18.0, 2)
    assert result.item_points["weight_loss_percent"] == 2
    assert (result.total, result.band) == (4, "high")


@pytest.mark.parametrize(
    ("answers", "item", "message"),
    [
        (
            {"weight_loss_percent": 0, "acute_disease_effect": False},
            "bmi",
            "is missing \\(give bmi, or height_m and weight_kg\\)",
        ),
        ({"height_m": 1.7, "weight_loss_percent": 0, "acute_disease_effect": False}, "bmi", "is missing"),
        (
            {"bmi": 22.0, "acute_disease_effect": False},
            "weight_loss_percent",
            "is missing \\(give weight_loss_percent, or previous_weight_kg and weight_kg\\)",
        ),
        (must(height_m=1.7, weight_kg=60.0), "height_m", "conflicts: give only one of bmi, or height_m and weight_kg"),
        (
            {
                "bmi": 22.0,
                "previous_weight_kg": 60.0,
                "weight_kg": 58.0,
                "weight_loss_percent": 3,
                "acute_disease_effect": False,
            },
            "previous_weight_kg",
            "conflicts",
        ),
        (must(weight_kg=60.0), "weight_kg", "is not used on its own"),
        (must(previous_weight_kg=60.0), "previous_weight_kg", "is not used on its own"),
        (
            {"height_m": 0.5, "weight_kg": 650.0, "weight_loss_percent": 0, "acute_disease_effect": False},
            "height_m",
            "and weight_kg give a BMI of 2600.0",
        ),
        (must(acute=None), "acute_disease_effect", "is missing"),
        (must(acute=1), "acute_disease_effect", "must be true or false"),
        (must(bmi="22"), "bmi", "must be a number"),
        (must(bmi=True), "bmi", "must be a number"),
        (must(bmi=float("inf")), "bmi", "must be a finite number"),
        (must(bmi=4.9), "bmi", "must be 5–200"),
        (must(loss=-1), "weight_loss_percent", "must be 0–100"),
        (must(loss=100.5), "weight_loss_percent", "must be 0–100"),
        (must(height_m=170, weight_kg=60.0, bmi=None), "height_m", "must be 0.5–2.8"),
        (must(muac_cm=22), "muac_cm", "is not an item of MUST"),
    ],
)
def test_must_errors_name_the_item(answers, item, message):
    with pytest.raises(ValueError, match=f"must: item '{item}' {message}"):
        score("must", answers)
