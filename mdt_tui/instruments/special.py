"""Scorers whose rules differ from "sum the points": ONS category, eFI fraction, MUST measurements, ACB drug list."""

from __future__ import annotations

from fractions import Fraction

from .acb import acb_list_info, ingredients, normalise_drug_name, suggest_drugs
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
    """eFI banded by deficit count k (Revision 2): from ``deficits_present``, or from a recorded value that is
    the 2-decimal display of some k/36; any other recorded value is banded as given."""
    if "deficits_present" in values:
        k = values["deficits_present"]
        total, note = k / 36, f" ({k}/36 deficits)"
    else:
        total = values["efi_score"]
        k = deficits_displayed_as(total)
        note = f" (shown as {k}/36 deficits)" if k is not None else ""
    band = find_band(defn.bands, Fraction(k, 36) if k is not None else exact(total))
    return build_result(
        defn,
        total=total,
        band=band,
        values=values,
        item_points=dict(values),
        note=note,
        flags={"alt_band_if_rounded_2dp": band.id, "borderline": k == EFI_BORDERLINE_DEFICITS},
    )


EFI_BORDERLINE_DEFICITS = 13
"""13/36 = 0.361: severe, though a GP system shows it as 0.36 (the old moderate upper bound)."""


def deficits_displayed_as(value: float) -> int | None:
    """The deficit count k whose 2-decimal display is ``value`` (``round(k/36, 2) == round(value, 2)``), or None."""
    return next((k for k in range(37) if round(k / 36, 2) == round(value, 2)), None)


def score_must(defn: InstrumentDefinition, values: dict, settings: ScoringSettings) -> ScoreResult:
    """MUST steps 1–3; BMI (to 1 d.p.) and weight loss % are computed when given as measurements."""
    scored = dict(values)
    if "height_m" in values:
        scored["bmi"] = round_half_up(values["weight_kg"] / values["height_m"] ** 2, 1)
        bmi_item = defn.item("bmi")
        if not bmi_item.min_value <= scored["bmi"] <= bmi_item.max_value:
            raise InvalidAnswer(
                defn.id,
                "height_m",
                f"and weight_kg give a BMI of {scored['bmi']}, outside "
                f"{bmi_item.min_value}–{bmi_item.max_value}: check the units (metres, kg)",
            )
    if "previous_weight_kg" in values:
        previous = exact(values["previous_weight_kg"])
        scored["weight_loss_percent"] = (previous - exact(values["weight_kg"])) / previous * 100
    measurements = MustMeasurements(
        bmi=scored["bmi"],
        bmi_computed="height_m" in values,
        weight_loss_percent=float(scored["weight_loss_percent"]),
        weight_loss_computed="previous_weight_kg" in values,
    )
    return score_sum(defn, scored, settings, answers=values, must=measurements)


def score_acb(defn: InstrumentDefinition, values: dict, settings: ScoringSettings) -> ScoreResult:
    """Sum of per-ingredient ACB scores (an ingredient counted once, however often listed); overrides recorded.

    Each entry is reduced to its ingredients (strength, form and salt words removed; a combination
    scores each ingredient). Only unrecognised ingredients are reported as needing a check.
    """
    drugs: dict[str, DrugScore] = {}
    for entered in values["drugs"]:
        for ingredient in ingredients(entered):
            if ingredient.name in drugs:
                continue
            override = settings.acb_overrides.get(
                ingredient.name, settings.acb_overrides.get(normalise_drug_name(entered))
            )
            list_score = ingredient.drug.score if ingredient.drug else None
            drugs[ingredient.name] = DrugScore(
                entered=entered.strip(),
                name=ingredient.name,
                list_score=list_score,
                kind=ingredient.kind,
                overridden=override is not None,
                score=override if override is not None else list_score or 0,
            )
    unrecognised = [d for d in drugs.values() if d.kind == "unrecognised"]
    unknown = tuple(d.entered for d in unrecognised if not d.overridden)
    breakdown = AcbBreakdown(
        drugs=tuple(drugs.values()),
        unknown_drugs=unknown,
        suggestions={d.entered: tuple(suggest_drugs(d.name)) for d in unrecognised if not d.overridden},
        overrides_applied={d.name: d.score for d in drugs.values() if d.overridden},
        list_version=acb_list_info()["version"],
        scored=tuple(d.name for d in drugs.values() if d.kind == "scored"),
        recognised_not_anticholinergic=tuple(d.name for d in drugs.values() if d.kind == "not_on_list"),
        unrecognised=tuple(d.name for d in unrecognised),
    )
    total = sum(d.score for d in drugs.values())
    note = f" ({len(unknown)} unrecognised: check with the pharmacist)" if unknown else ""
    return build_result(
        defn,
        total=total,
        band=find_band(defn.bands, total),
        values=values,
        item_points={d.name: d.score for d in drugs.values()},
        flags={"any_drug_ge2": any(d.score >= 2 for d in drugs.values())},
        note=note,
        acb=breakdown,
    )
