"""Suggested problems: each of issue 4's rules, on both sides of its threshold."""

import pytest

from mdt_tui.cga.bundle import CgaBundle, ChecklistAnswer, Medicine, bundle_results
from mdt_tui.cga.problems import suggest_problems
from mdt_tui.instruments import ScoringSettings
from tests.conftest import TODAY

BARTHEL_MAX = {
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


def phq9(total: int, q9: int = 0) -> dict:
    """PHQ-9 answers adding up to ``total``, with item 9 as given."""
    left = total - q9
    answers = {}
    for n in range(1, 9):
        answers[f"q{n}"] = min(3, left)
        left -= answers[f"q{n}"]
    return answers | {"q9": q9}


def frat(
    recent_falls: str, medications: str, psychological: str, cognitive_status: str, *, dizziness: bool = False
) -> dict:
    return {
        "recent_falls": recent_falls,
        "medications": medications,
        "psychological": psychological,
        "cognitive_status": cognitive_status,
        "auto_high_functional_change": False,
        "auto_high_dizziness": dizziness,
    }


def make(
    answers: dict | None = None, *, social: dict | None = None, acp: str | None = None, drugs: tuple[str, ...] = ()
) -> CgaBundle:
    bundle = CgaBundle(
        person_id=1, started_on=TODAY, answers=answers or {}, medicines=[Medicine(name=d) for d in drugs]
    )
    for question, answer in (social or {}).items():
        bundle.set_checklist("social_checks", question, ChecklistAnswer(answer=answer, note="noted"))
    if acp is not None:
        bundle.set_checklist("advance_care_plan", "plan", ChecklistAnswer(answer=acp))
    return bundle


def problems(bundle: CgaBundle, scoring: ScoringSettings | None = None) -> dict:
    return {p.rule: p for p in suggest_problems(bundle, bundle_results(bundle, scoring or ScoringSettings()))}


@pytest.mark.parametrize(
    ("answers", "rule", "raised"),
    [
        ({"phq9": phq9(9)}, "depression", False),
        ({"phq9": phq9(10)}, "depression", True),
        ({"phq2": {"q1": 1, "q2": 1}}, "depression", False),
        ({"phq2": {"q1": 2, "q2": 1}}, "depression", True),
        ({"gad7": {f"q{n}": v for n, v in enumerate((3, 3, 3, 0, 0, 0, 0), 1)}}, "anxiety", False),
        ({"gad7": {f"q{n}": v for n, v in enumerate((3, 3, 3, 1, 0, 0, 0), 1)}}, "anxiety", True),
        ({"gad2": {"q1": 2, "q2": 0}}, "anxiety", False),
        ({"gad2": {"q1": 2, "q2": 1}}, "anxiety", True),
        ({"ucla3": {"lack_companionship": 2, "left_out": 2, "isolated": 1}}, "loneliness", False),
        ({"ucla3": {"lack_companionship": 2, "left_out": 2, "isolated": 2}}, "loneliness", True),
        (
            {
                "6cit": {
                    "year_error": 1,
                    "month_error": 1,
                    "time_error": 0,
                    "count_back_errors": 0,
                    "months_reverse_errors": 0,
                    "address_errors": 0,
                }
            },
            "cognition",
            False,
        ),  # 7
        (
            {
                "6cit": {
                    "year_error": 1,
                    "month_error": 0,
                    "time_error": 0,
                    "count_back_errors": 0,
                    "months_reverse_errors": 0,
                    "address_errors": 2,
                }
            },
            "cognition",
            True,
        ),  # 8
        ({"cfs": {"level": 4}}, "frailty", False),
        ({"cfs": {"level": 5}}, "frailty", True),
        ({"frat": frat("3_12m", "two", "mild", "mild")}, "falls", True),  # 11, low, but fell 3–12 months ago
        ({"frat": frat("last_3m", "two", "none", "mild")}, "falls", True),  # 12, medium
        ({"frat": frat("none_12m", "none", "none", "intact", dizziness=True)}, "falls", True),  # automatic high
        (
            {
                "frat5": {
                    "fall_last_year": False,
                    "four_or_more_medicines": True,
                    "stroke_or_parkinsons": True,
                    "balance_problems": False,
                    "cannot_rise_without_arms": False,
                }
            },
            "falls",
            False,
        ),
        (
            {
                "frat5": {
                    "fall_last_year": True,
                    "four_or_more_medicines": False,
                    "stroke_or_parkinsons": False,
                    "balance_problems": False,
                    "cannot_rise_without_arms": False,
                }
            },
            "falls",
            True,
        ),  # fell: any band
        ({"frat": frat("none_12m", "two", "mild", "mild")}, "falls", False),  # 9, low, no fall
        ({"ons_direct_loneliness": {"how_often_lonely": "some_of_the_time"}}, "loneliness", False),
        ({"ons_direct_loneliness": {"how_often_lonely": "often_always"}}, "loneliness", True),
        ({"cfs": {"level": 8}}, "frailty", True),
        ({"cfs": {"level": 9}}, "frailty", False),
        ({"cfs": {"level": 8}}, "end_of_life", False),
        ({"cfs": {"level": 9}}, "end_of_life", True),
        (
            {
                "frat5": {
                    "fall_last_year": True,
                    "four_or_more_medicines": True,
                    "stroke_or_parkinsons": True,
                    "balance_problems": False,
                    "cannot_rise_without_arms": False,
                }
            },
            "falls",
            True,
        ),
        ({"must": {"bmi": 20.1, "weight_loss_percent": 4.9, "acute_disease_effect": False}}, "nutrition", False),
        ({"must": {"bmi": 20.0, "weight_loss_percent": 4.9, "acute_disease_effect": False}}, "nutrition", True),
        ({"barthel20": BARTHEL_MAX}, "dependency", False),
        ({"barthel20": BARTHEL_MAX | {"bathing": 0}}, "dependency", False),  # 19: near perfect raises nothing
        ({"barthel20": BARTHEL_MAX | {"bladder": 1}}, "dependency", True),  # a point lost in bladder
        ({"barthel20": BARTHEL_MAX | {"grooming": 0, "feeding": 0, "dressing": 0, "stairs": 0}}, "dependency", False),
        (
            {"barthel20": BARTHEL_MAX | {"grooming": 0, "feeding": 0, "dressing": 0, "stairs": 0, "bathing": 0}},
            "dependency",
            True,
        ),  # 12/20
        ({"barthel100": {k: v * 5 for k, v in BARTHEL_MAX.items()}}, "dependency", False),
        ({"barthel100": {k: v * 5 for k, v in BARTHEL_MAX.items()} | {"stairs": 5}}, "dependency", False),
        ({"barthel100": {k: v * 5 for k, v in BARTHEL_MAX.items()} | {"transfer": 10}}, "dependency", True),
    ],
)
def test_each_scored_rule_on_both_sides_of_its_threshold(answers, rule, raised):
    assert (rule in problems(make(answers))) is raised


def test_the_source_names_the_instrument_and_result():
    found = problems(make({"phq9": phq9(12), "phq2": {"q1": 3, "q2": 0}, "cfs": {"level": 6}}))
    assert found["depression"].source == "PHQ-9 12 — Moderate; PHQ-2 3 — Positive screen"
    assert found["frailty"].title == "Frailty: moderate frailty"
    assert found["frailty"].source == "CFS 6 — Living with moderate frailty"


def test_phq9_item_9_is_an_urgent_same_day_flag_even_before_the_phq9_is_finished():
    assert "self_harm_risk" not in problems(make({"phq9": phq9(0)}))
    found = suggest_problems(make({"phq9": {"q9": 1}}), {})
    assert found[0].rule == "self_harm_risk" and found[0].urgent
    assert found[0].source == "PHQ-9 item 9: several days"
    assert not any(p.urgent for p in suggest_problems(make({"phq9": phq9(20)}), {}))


def test_the_loneliness_threshold_follows_the_setting():
    answers = {"ucla3": {"lack_companionship": 2, "left_out": 2, "isolated": 1}}
    assert "loneliness" in problems(make(answers), ScoringSettings(ucla3_lonely_threshold=5))


@pytest.mark.parametrize(
    ("drugs", "raised"),
    [
        (("furosemide", "digoxin"), False),  # total 2, no drug scoring 2
        (("furosemide", "digoxin", "warfarin"), True),  # total 3
        (("carbamazepine",), True),  # total 2, but one drug scores 2
    ],
)
def test_anticholinergic_burden_total_3_or_any_drug_2(drugs, raised):
    found = problems(make(drugs=drugs))
    assert ("anticholinergic_burden" in found) is raised
    if drugs == ("carbamazepine",):
        assert found["anticholinergic_burden"].source.endswith("carbamazepine 2")


@pytest.mark.parametrize(("question", "rule"), [("safeguarding", "safeguarding"), ("carer_strain", "carer_strain")])
def test_safeguarding_and_carer_strain_come_from_the_social_checklist(question, rule):
    assert rule not in problems(make(social={question: "no"}))
    found = problems(make(social={question: "yes"}))
    assert rule in found and "(noted)" in found[rule].source


@pytest.mark.parametrize(
    ("level", "plan", "raised"),
    [
        (6, None, False),
        (7, None, True),
        (7, "none", True),
        (7, "respect", False),
        (9, "peace", False),
    ],
)
def test_no_advance_care_plan_at_cfs_7_or_more(level, plan, raised):
    found = problems(make({"cfs": {"level": level}}, acp=plan))
    assert ("no_advance_care_plan" in found) is raised


def test_nothing_assessed_suggests_nothing():
    assert suggest_problems(make(), {}) == []


def test_cfs_9_raises_end_of_life_never_severe_frailty():
    found = problems(make({"cfs": {"level": 9}}))
    assert found["end_of_life"].title == "End of life: consider GSF / palliative care review"
    assert "frailty" not in found
    assert not any("severe frailty" in p.title.lower() for p in found.values())


def test_a_fall_last_year_on_a_lower_risk_screen_asks_for_a_falls_assessment():
    answers = {
        "frat5": {
            "fall_last_year": True,
            "four_or_more_medicines": False,
            "stroke_or_parkinsons": False,
            "balance_problems": False,
            "cannot_rise_without_arms": False,
        }
    }
    falls = problems(make(answers))["falls"]
    assert falls.title == "Falls risk"
    assert falls.source == (
        "FRAT-5 1 — Lower risk on screening; fell in the last 12 months — offer a multifactorial"
        " falls assessment (NICE NG249)"
    )


def test_the_barthel_dependency_cut_off_follows_the_setting():
    answers = {"barthel20": BARTHEL_MAX | {"grooming": 0, "feeding": 0, "dressing": 0, "stairs": 0}}  # 13/20
    assert "dependency" in problems(make(answers), ScoringSettings(barthel_dependency_threshold=65))


def test_ons_often_always_raises_loneliness_and_ucla3_some_loneliness_does_not():
    often = problems(make({"ons_direct_loneliness": {"how_often_lonely": "often_always"}}))
    assert often["loneliness"].source == "ONS loneliness — Often/always"
    some = make({"ucla3": {"lack_companionship": 2, "left_out": 2, "isolated": 1}})
    assert "loneliness" not in problems(some)
    assert bundle_results(some, ScoringSettings())["ucla3"].band_label == "Some loneliness"
