"""Scorers whose rules differ from "sum the points": ONS category, eFI fraction, MUST measurements, ACB drug list."""

from __future__ import annotations

from fractions import Fraction

from .acb import acb_list_info, lookup_drug, normalise_drug_name, suggest_drugs
from .generic import find_band, score_sum
from .model import InstrumentDefinition, exact, round_half_up
from .results import AcbBreakdown, DrugScore, MustMeasurements, ScoreResult, build_result
from .settings import ScoringSettings
from .validation import InvalidAnswer


def score_category(defn: InstrumentDefinition, values: dict, settings: ScoringSettings) -> ScoreResult:
    """A single unscored question: the band is the chosen option (ONS direct loneliness question)."""
    (item,) = defn.items
    return build_result(defn, total=None, band=defn.band(values[item.id]), values=values, item_points={})


def score_efi(defn: InstrumentDefinition, values: dict, settings: ScoringSettings) -> ScoreResult:
    """eFI from a deficit count (exact k/36) or a recorded value (compared as given)."""
    if "deficits_present" in values:
        k = values["deficits_present"]
        total, exact_value, note = k / 36, Fraction(k, 36), f" ({k}/36 deficits)"
    else:
        total = values["efi_score"]
        exact_value, note = exact(total), ""
    rounded = find_band(defn.bands, round_half_up(total, 2))  # as a GP record holds it
    return build_result(defn, total=total, band=find_band(defn.bands, exact_value), values=values,
                        item_points=dict(values), flags={"alt_band_if_rounded_2dp": rounded.id}, note=note)


def score_must(defn: InstrumentDefinition, values: dict, settings: ScoringSettings) -> ScoreResult:
    """MUST steps 1–3; BMI (to 1 d.p.) and weight loss % are computed when given as measurements."""
    scored = dict(values)
    if "height_m" in values:
        scored["bmi"] = round_half_up(values["weight_kg"] / values["height_m"] ** 2, 1)
        bmi_item = defn.item("bmi")
        if not bmi_item.min_value <= scored["bmi"] <= bmi_item.max_value:
            raise InvalidAnswer(defn.id, "height_m", f"and weight_kg give a BMI of {scored['bmi']}, outside "
                                f"{bmi_item.min_value}–{bmi_item.max_value}: check the units (metres, kg)")
    if "previous_weight_kg" in values:
        previous = exact(values["previous_weight_kg"])
        scored["weight_loss_percent"] = (previous - exact(values["weight_kg"])) / previous * 100
    measurements = MustMeasurements(
        bmi=scored["bmi"], bmi_computed="height_m" in values,
        weight_loss_percent=float(scored["weight_loss_percent"]),
        weight_loss_computed="previous_weight_kg" in values,
    )
    return score_sum(defn, scored, settings, answers=values, must=measurements)


def score_acb(defn: InstrumentDefinition, values: dict, settings: ScoringSettings) -> ScoreResult:
    """Sum of per-drug ACB scores (a drug counted once, however often listed); overrides recorded."""
    drugs: dict[str, DrugScore] = {}
    for entered in values["drugs"]:
        match = lookup_drug(entered)
        name = match.name if match else normalise_drug_name(entered)
        if name in drugs:
            continue
        override = settings.acb_overrides.get(name)
        list_score = match.score if match else None
        drugs[name] = DrugScore(
            entered=entered.strip(), name=name, list_score=list_score, overridden=override is not None,
            score=override if override is not None else list_score or 0,
        )
    unknown = tuple(d.entered for d in drugs.values() if d.list_score is None and not d.overridden)
    breakdown = AcbBreakdown(
        drugs=tuple(drugs.values()),
        unknown_drugs=unknown,
        suggestions={name: tuple(suggest_drugs(name)) for name in unknown},
        overrides_applied={d.name: d.score for d in drugs.values() if d.overridden},
        list_version=acb_list_info()["version"],
    )
    total = sum(d.score for d in drugs.values())
    note = f" ({len(unknown)} drug{'s' * (len(unknown) != 1)} not on the list)" if unknown else ""
    return build_result(
        defn, total=total, band=find_band(defn.bands, total), values=values,
        item_points={d.name: d.score for d in drugs.values()},
        flags={"any_drug_ge2": any(d.score >= 2 for d in drugs.values())}, note=note, acb=breakdown,
    )
