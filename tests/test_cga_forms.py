"""The CGA's pure parts: forms generated from the definitions, progress per tab, dates and numbers as typed."""

from datetime import date

import pytest

from mdt_tui.cga.bundle import CgaBundle, ChecklistAnswer, RecordedResult, completion_check, parse_day
from mdt_tui.cga.checklists import CHECKLISTS
from mdt_tui.cga.questions import form_view, parse_number, questions
from mdt_tui.cga.sections import DOMAIN_TABS, section, tab_progress, tab_sections
from mdt_tui.cga.self_harm import extra_item
from mdt_tui.instruments import INSTRUMENTS, ScoringSettings
from tests.conftest import TODAY

SCORING = ScoringSettings()


def draft(**answers) -> CgaBundle:
    return CgaBundle(person_id=1, started_on=TODAY, answers=answers)


@pytest.mark.parametrize("instrument_id", [i for i in INSTRUMENTS if i != "acb"])
def test_every_form_is_generated_from_its_definition(instrument_id):
    defn = INSTRUMENTS[instrument_id]
    asked = questions(section(instrument_id))
    items = defn.items + ((extra,) if (extra := extra_item(instrument_id, "q9")) else ())  # PHQ-2 asks item 9 too
    assert [(q.id, q.prompt) for q in asked] == [(i.id, i.prompt) for i in items]
    for question, item in zip(asked, items, strict=True):
        if item.options:
            assert [label for _, label in question.choices] == [o.label for o in item.options]
            assert [value for value, _ in question.choices] == list(item.allowed())
        assert len(question.choices) <= 9  # every option has a number key


def test_checklists_become_forms_with_dates_and_notes():
    asked = {q.id: q for q in questions(section("physical_checks"))}
    assert asked["influenza_vaccine"].kind == "choice" and asked["influenza_vaccine"].dated
    assert [q.kind for q in questions(section("next_of_kin"))] == ["choice", "text", "text", "text"]
    assert all(len(q.options) <= 9 for c in CHECKLISTS.values() for q in c.questions)


def test_every_section_sits_in_one_domain_tab():
    placed = [s.id for tab in DOMAIN_TABS for s in tab_sections(tab, draft(), "frat")]
    assert len(placed) == len(set(placed))
    assert set(CHECKLISTS) <= set(placed) and {"medicines", "goals", "elsewhere"} <= set(placed)
    assert {i for i in INSTRUMENTS if i not in ("acb", "frat5")} <= set(placed)


def test_the_falls_tool_follows_the_setting_unless_the_other_has_answers():
    functional = [s.id for s in tab_sections("functional", draft(), "frat5")]
    assert "frat5" in functional and "frat" not in functional
    assert "frat" in [s.id for s in tab_sections("functional", draft(frat={"recent_falls": "3_12m"}), "frat5")]


def test_a_tab_is_done_when_each_part_of_the_bundle_is_done_and_nothing_is_half_done():
    finished = {
        "phq2": {"q1": 0, "q2": 0},
        "gad2": {"q1": 0, "q2": 0},
        "ucla3": {"lack_companionship": 1, "left_out": 1, "isolated": 1},
        "6cit": dict.fromkeys(
            ("year_error", "month_error", "time_error", "count_back_errors", "months_reverse_errors", "address_errors"),
            0,
        ),
    }
    assert tab_progress("mental", draft(), SCORING, "frat") == "not_started"
    assert tab_progress("mental", draft(phq2=finished["phq2"]), SCORING, "frat") == "in_progress"
    assert tab_progress("mental", draft(**finished), SCORING, "frat") == "done"
    assert tab_progress("mental", draft(**finished, gad7={"q1": 1}), SCORING, "frat") == "in_progress"


def test_the_form_shows_a_running_total_then_the_band_and_the_previous_result():
    previous = {
        "phq9": RecordedResult(
            instrument="phq9",
            total=4,
            band="none_minimal",
            band_label="None / minimal",
            summary="PHQ-9 4 — None / minimal",
            on=date(2026, 5, 12),
        )
    }
    partial = form_view(section("phq9"), draft(phq9={"q1": 3, "q2": 3, "q3": 1}), SCORING, previous)
    assert partial.status == "3 of 9 answered · running total 7 · Mild so far"
    assert partial.notes[0] == "Previous: PHQ-9 4 — None / minimal on 12 May 2026"
    assert "Spitzer" in partial.notes[1]
    done = form_view(section("phq9"), draft(phq9={f"q{n}": 2 for n in range(1, 10)}), SCORING, {})
    assert done.status == "Result: PHQ-9 18 — Moderately severe; item 9 positive: same-day risk assessment"
    assert done.warnings[0].startswith("! URGENT")


def test_a_fully_answered_form_that_cannot_score_says_why():
    view = form_view(
        section("must"),
        draft(
            must={
                "bmi": 19.0,
                "height_m": 1.7,
                "weight_kg": 60.0,
                "weight_loss_percent": 2.0,
                "acute_disease_effect": False,
            }
        ),
        SCORING,
        {},
    )
    assert view.warnings == (
        "! Not scored: MUST: Height conflicts: give only one of Step 1: BMI, or Height and Weight now",
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", None),
        ("05/03/2026", date(2026, 3, 5)),
        ("5.3.2026", date(2026, 3, 5)),
        ("2026-03-05", date(2026, 3, 5)),
    ],
)
def test_dates_are_typed_as_people_write_them(typed, expected):
    assert parse_day(typed) == expected


@pytest.mark.parametrize("typed", ["31/02/2026", "March", "2026/03"])
def test_a_date_that_is_not_a_date_says_how_to_type_it(typed):
    with pytest.raises(ValueError, match="dd/mm/yyyy"):
        parse_day(typed)


def test_numbers_are_checked_against_their_item():
    bmi = {q.id: q for q in questions(section("must"))}["bmi"]
    assert parse_number(bmi, "19,5") == 19.5 and parse_number(bmi, "19") == 19 and parse_number(bmi, " ") is None
    with pytest.raises(ValueError, match="outside 5–200"):
        parse_number(bmi, "250")
    count_back = {q.id: q for q in questions(section("6cit"))}["count_back_errors"]
    assert count_back.kind == "number" and count_back.whole
    with pytest.raises(ValueError, match="not a whole number"):
        parse_number(count_back, "1.5")


def test_completion_check_names_what_is_unfinished_and_which_dates_are_wrong():
    bundle = draft(gad7={"q1": 1})
    bundle.set_checklist("physical_checks", "covid19_vaccine", ChecklistAnswer(answer="up_to_date", on="1/13/2026"))
    check = completion_check(bundle, SCORING)
    assert check.unfinished == ["GAD-7 (1 of 7 answered)"] and check.nothing_done
    assert check.bad_dates == [
        "Reviews and vaccines, COVID-19 vaccination: '1/13/2026' is not a date: type it as dd/mm/yyyy, e.g. 05/03/2026"
    ]
