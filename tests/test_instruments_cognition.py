"""6-CIT: weighted points, capping of count-back and months-reverse errors, bands and errors."""

from __future__ import annotations

import pytest

from mdt_tui.instruments import score

ITEMS = ("year_error", "month_error", "time_error", "count_back_errors", "months_reverse_errors", "address_errors")


def cit(*raw: int) -> dict[str, int]:
    return dict(zip(ITEMS, raw, strict=True))


@pytest.mark.parametrize(
    ("raw", "total", "band"),
    [
        ((0, 0, 0, 0, 0, 0), 0, "normal"),
        ((1, 1, 0, 0, 0, 0), 7, "normal"),
        ((1, 0, 0, 0, 0, 2), 8, "mild"),
        ((0, 1, 1, 0, 0, 1), 8, "mild"),
        ((1, 1, 0, 1, 0, 0), 9, "mild"),
        ((1, 1, 1, 0, 0, 0), 10, "significant"),
        ((1, 1, 1, 2, 2, 5), 28, "significant"),
    ],
)
def test_six_cit_bands(raw, total, band):
    result = score("6cit", cit(*raw))
    assert (result.total, result.band) == (total, band)
    assert result.score_code == "1085151000000108"
    assert result.score_term == "Six Item Cognitive Impairment Test total score"


def test_six_cit_weights_and_raw_counts_are_kept():
    result = score("6cit", cit(1, 1, 1, 1, 1, 3))
    assert result.item_points == {
        "year_error": 4,
        "month_error": 3,
        "time_error": 3,
        "count_back_errors": 2,
        "months_reverse_errors": 2,
        "address_errors": 6,
    }
    assert result.total == 20
    assert result.answers == cit(1, 1, 1, 1, 1, 3)


@pytest.mark.parametrize("errors", [2, 3, 12])
def test_count_back_and_months_reverse_errors_are_capped_at_2(errors):
    result = score("6cit", cit(0, 0, 0, errors, errors, 0))
    assert result.item_points["count_back_errors"] == 4
    assert result.item_points["months_reverse_errors"] == 4
    assert (result.total, result.band) == (8, "mild")
    assert result.answers["count_back_errors"] == errors
    assert result.summary == "6-CIT 8 — Mild cognitive impairment"


@pytest.mark.parametrize(
    ("item", "value", "message"),
    [
        ("count_back_errors", -1, "must be 0–20, got -1"),
        ("months_reverse_errors", -1, "must be 0–12, got -1"),
        ("count_back_errors", 21, "must be 0–20, got 21"),
        ("count_back_errors", 111, "must be 0–20, got 111"),
        ("months_reverse_errors", 13, "must be 0–12, got 13"),
        ("year_error", 2, "must be 0–1, got 2"),
        ("time_error", -1, "must be 0–1, got -1"),
        ("address_errors", 6, "must be 0–5, got 6"),
        ("address_errors", 1.5, "whole number"),
        ("count_back_errors", 2.0, "whole number"),
        ("month_error", True, "whole number"),
        ("year_error", "1", "whole number"),
    ],
)
def test_six_cit_errors_name_the_item(item, value, message):
    """Revision 2: impossible counts (20 numbers to count back, 12 months) are refused, never capped."""
    with pytest.raises(ValueError, match=f"'{item}'.*{message}"):
        score("6cit", {**cit(0, 0, 0, 0, 0, 0), item: value})
