"""evaluate(): regression to the mean is not an effect, a planted effect is found, small arms give no estimate."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest

from mdt_tui.impact.evaluation import REGRESSION_TO_THE_MEAN, add_months, evaluate

TODAY = date(2026, 12, 1)


def _cohort(n: int, *, after_share: dict[str, float], seed: int = 1, poisson: bool = False):
    """Synthetic arms chosen on high prior use: each person's admissions before the index, then a share of
    them after it. Deterministic shares (each arm's total after is exactly its share) unless ``poisson``."""
    rng = random.Random(seed)
    people, events = [], []
    for arm, share in after_share.items():
        for i in range(n):
            pid = f"{arm}-{i}"
            index = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
            people.append({"id": pid, "arm": arm, "index_date": index})
            before = 2 + i % 5  # 2..6, the high users a search picks
            after = _draw(rng, before * share) if poisson else round(before * share * 10) / 10
            after_count = int(after) + (1 if (i % 10) < round((after % 1) * 10) else 0)
            for _ in range(before):
                events.append(
                    {
                        "id": pid,
                        "date": index - timedelta(days=rng.randint(1, 364)),
                        "setting": "emergency_admission",
                        "bed_days": 3,
                    }
                )
            for _ in range(after_count):
                events.append(
                    {
                        "id": pid,
                        "date": index + timedelta(days=rng.randint(0, 364)),
                        "setting": "emergency_admission",
                        "bed_days": 3,
                    }
                )
            events.append({"id": pid, "date": index, "setting": "ae", "bed_days": None})
    return people, events


def _draw(rng: random.Random, mean: float) -> int:
    """A Poisson count (Knuth), for noisy synthetic data."""
    limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def test_both_arms_halving_is_regression_to_the_mean_not_an_effect():
    people, events = _cohort(300, after_share={"intervention": 0.5, "comparison": 0.5}, poisson=True)
    result = evaluate(people, events, today=TODAY, months=12, outcome="emergency_admission", seed=0)
    assert result["intervention"]["rate_ratio"] < 0.65  # the naive before/after "shows" a fall
    assert result["comparison"]["rate_ratio"] < 0.65
    assert result["ratio_of_rate_ratios"] == pytest.approx(1, abs=0.15)
    low, high = result["ci95"]
    assert low < 1 < high
    assert not result["insufficient"]
    assert REGRESSION_TO_THE_MEAN in result["warnings"]


def test_a_planted_forty_percent_fall_in_the_intervention_arm_is_found():
    people, events = _cohort(200, after_share={"intervention": 0.5 * 0.6, "comparison": 0.5})
    result = evaluate(people, events, today=TODAY, months=12, outcome="emergency_admission", seed=0)
    assert result["ratio_of_rate_ratios"] == pytest.approx(0.6, abs=0.05)
    low, high = result["ci95"]
    assert low < result["ratio_of_rate_ratios"] < high < 1


def test_same_input_same_output_and_json_ready():
    people, events = _cohort(40, after_share={"intervention": 0.4, "comparison": 0.5}, poisson=True)
    first = evaluate(people, events, today=TODAY, seed=7)
    assert first == evaluate(people, events, today=TODAY, seed=7)
    assert first["ci95"] != evaluate(people, events, today=TODAY, seed=8)["ci95"]
    json.dumps(first)
    assert set(first) == {"intervention", "comparison", "ratio_of_rate_ratios", "ci95", "insufficient", "warnings"}
    assert set(first["intervention"]) == {
        "people",
        "person_years_before",
        "events_before",
        "rate_before",
        "person_years_after",
        "events_after",
        "rate_after",
        "rate_ratio",
    }


@pytest.mark.parametrize("small_arm", ["intervention", "comparison"])
def test_fewer_than_30_people_in_an_arm_is_insufficient(small_arm):
    people, events = _cohort(60, after_share={"intervention": 0.5, "comparison": 0.5})
    people = [p for p in people if p["arm"] != small_arm or int(p["id"].split("-")[1]) < 29]
    result = evaluate(people, events, today=TODAY)
    assert result["insufficient"] is True
    assert result["ratio_of_rate_ratios"] is None and result["ci95"] is None
    assert result[small_arm]["people"] == 29
    assert any("fewer than 30" in w for w in result["warnings"])


def test_short_follow_up_is_insufficient():
    people, events = _cohort(40, after_share={"intervention": 0.5, "comparison": 0.5})
    result = evaluate(people, events, today=date(2025, 6, 1))  # most indexes under 6 months ago
    assert result["insufficient"] is True and result["ratio_of_rate_ratios"] is None
    assert any("median follow-up" in w for w in result["warnings"])


def test_windows_exclude_the_index_day_before_include_it_after_and_stop_at_today():
    index = date(2026, 3, 15)
    people = [{"id": "a", "arm": "intervention", "index_date": index}]
    events = [
        {"id": "a", "date": d, "setting": "ae", "bed_days": None}
        for d in (
            add_months(index, -12),
            index - timedelta(days=1),
            index,
            date(2026, 6, 1),
            date(2026, 6, 2),
            add_months(index, -12) - timedelta(days=1),
        )
    ]
    result = evaluate(people, events, today=date(2026, 6, 1), outcome="ae")["intervention"]
    assert result["events_before"] == 2 and result["events_after"] == 2
    assert result["person_years_before"] == pytest.approx(365 / 365.25)
    assert result["person_years_after"] == pytest.approx(((date(2026, 6, 1) - index).days + 1) / 365.25)


def test_bed_days_sum_the_bed_days_of_emergency_admissions():
    index = date(2026, 1, 10)
    people = [{"id": "a", "arm": "comparison", "index_date": index}]
    events = [
        {"id": "a", "date": index - timedelta(days=5), "setting": "emergency_admission", "bed_days": 4},
        {"id": "a", "date": index - timedelta(days=9), "setting": "elective_admission", "bed_days": 7},
        {"id": "a", "date": index + timedelta(days=5), "setting": "emergency_admission", "bed_days": None},
        {"id": "a", "date": index + timedelta(days=6), "setting": "emergency_admission", "bed_days": 2},
    ]
    result = evaluate(people, events, today=date(2026, 12, 1), outcome="bed_days")["comparison"]
    assert (result["events_before"], result["events_after"]) == (4, 2)


def test_an_unknown_outcome_is_one_sentence():
    with pytest.raises(ValueError, match="outcome must be one of"):
        evaluate([], [], today=TODAY, outcome="deaths")
