"""FRAT (Peninsula Health Part 1, with automatic high risk) and the 5-question primary-care FRAT."""

from __future__ import annotations

import pytest

from mdt_tui.instruments import INSTRUMENTS, score


def frat(falls="none_12m", meds="none", psych="none", cog="intact", change=False, dizzy=False) -> dict:
    return {
        "recent_falls": falls,
        "medications": meds,
        "psychological": psych,
        "cognitive_status": cog,
        "auto_high_functional_change": change,
        "auto_high_dizziness": dizzy,
    }


@pytest.mark.parametrize(
    ("answers", "total", "band", "label"),
    [
        (frat(), 5, "low", "Lower risk on screening"),
        (frat(falls="last_3m", meds="one", psych="mild", cog="intact"), 11, "low", "Lower risk on screening"),
        (frat(falls="last_3m", meds="one", psych="mild", cog="mild"), 12, "medium", "Medium risk on screening"),
        (
            frat(falls="last_3m_inpatient", meds="two", psych="mild", cog="mild"),
            15,
            "medium",
            "Medium risk on screening",
        ),
        (
            frat(falls="last_3m_inpatient", meds="two", psych="mild", cog="moderate"),
            16,
            "high",
            "High risk on screening",
        ),
        (
            frat(falls="last_3m_inpatient", meds="more_than_two", psych="severe", cog="severe"),
            20,
            "high",
            "High risk on screening",
        ),
    ],
)
def test_frat_bands_from_points(answers, total, band, label):
    result = score("frat", answers)
    assert (result.total, result.band, result.band_label) == (total, band, label)
    assert result.flags == {
        "automatic_high_risk": False,
        "automatic_high_risk_reasons": [],
        "points_band": band,
        "fall_in_last_12_months": answers["recent_falls"] != "none_12m",
    }
    assert result.score_code is None


def test_frat_item_points_use_the_option_points():
    result = score("frat", frat(falls="3_12m", meds="two", psych="moderate", cog="severe"))
    assert result.item_points == {"recent_falls": 4, "medications": 3, "psychological": 3, "cognitive_status": 4}
    assert result.summary == "FRAT 14 — Medium risk on screening; fell in the last 12 months"


@pytest.mark.parametrize(
    ("change", "dizzy", "reasons"),
    [
        (True, False, ["auto_high_functional_change"]),
        (False, True, ["auto_high_dizziness"]),
        (True, True, ["auto_high_functional_change", "auto_high_dizziness"]),
    ],
)
def test_frat_automatic_high_risk_regardless_of_score(change, dizzy, reasons):
    result = score("frat", frat(change=change, dizzy=dizzy))
    assert (result.total, result.band, result.band_label) == (5, "high", "High risk on screening")
    assert result.flags == {
        "automatic_high_risk": True,
        "automatic_high_risk_reasons": reasons,
        "points_band": "low",
        "fall_in_last_12_months": False,
    }


def test_frat_automatic_high_risk_summary_names_the_reason():
    result = score("frat", frat(dizzy=True))
    assert result.summary == "FRAT 5 — High risk on screening (automatic: Dizziness / postural hypotension)"


@pytest.mark.parametrize(
    ("item", "value", "message"),
    [
        ("auto_high_dizziness", None, "is missing"),
        ("auto_high_functional_change", 1, "must be true or false"),
        ("auto_high_functional_change", "no", "must be true or false"),
        ("recent_falls", 2, "must be an option id"),
        ("recent_falls", "none", "must be one of none_12m, 3_12m, last_3m, last_3m_inpatient"),
        ("cognitive_status", "Intact", "must be one of"),
        ("medications", None, "is missing"),
    ],
)
def test_frat_errors_name_the_item(item, value, message):
    answers = frat()
    if value is None:
        del answers[item]
    else:
        answers[item] = value
    with pytest.raises(ValueError, match=f"frat: item '{item}' {message}"):
        score("frat", answers)


FRAT5_ITEMS = (
    "fall_last_year",
    "four_or_more_medicines",
    "stroke_or_parkinsons",
    "balance_problems",
    "cannot_rise_without_arms",
)


@pytest.mark.parametrize(
    ("yes", "band"),
    [
        (0, "lower_risk"),
        (1, "lower_risk"),
        (2, "lower_risk"),
        (3, "higher_risk"),
        (4, "higher_risk"),
        (5, "higher_risk"),
    ],
)
def test_frat5_total_is_number_of_yes(yes, band):
    answers = {item: n < yes for n, item in enumerate(FRAT5_ITEMS)}
    result = score("frat5", answers)
    assert (result.total, result.band) == (yes, band)
    assert sum(result.item_points.values()) == yes


@pytest.mark.parametrize("bad", [1, 0, "yes", None])
def test_frat5_needs_real_booleans(bad):
    answers = {item: False for item in FRAT5_ITEMS} | {"balance_problems": bad}
    with pytest.raises(ValueError, match="'balance_problems'"):
        score("frat5", answers)


@pytest.mark.parametrize("instrument", ["frat", "frat5"])
def test_frat_codes(instrument):
    defn = INSTRUMENTS[instrument]
    assert (defn.score_code, defn.procedure_code, defn.procedure_term) == (None, "414191008", "Fall risk assessment")


@pytest.mark.parametrize(
    ("falls", "fell"), [("none_12m", False), ("3_12m", True), ("last_3m", True), ("last_3m_inpatient", True)]
)
def test_frat_flags_a_fall_in_the_last_12_months_whatever_the_band(falls, fell):
    result = score("frat", frat(falls=falls))
    assert result.band == "low"
    assert result.flags["fall_in_last_12_months"] is fell


def test_frat5_fall_last_year_is_flagged_even_on_a_lower_risk_screen():
    """Revision 2: the band is a screen result ("lower risk on screening"), never reassurance."""
    answers = {item: item == "fall_last_year" for item in FRAT5_ITEMS}
    result = score("frat5", answers)
    assert (result.total, result.band, result.band_label) == (1, "lower_risk", "Lower risk on screening")
    assert result.flags == {"fall_in_last_12_months": True}
    assert result.summary == "FRAT-5 1 — Lower risk on screening; fell in the last 12 months"
