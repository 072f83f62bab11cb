"""The generic scorer: item points from the definitions, summed, then looked up in the band table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .frailty import CFS_END_OF_LIFE_LEVEL, CFS_UK_FRAILTY_CATEGORY
from .model import Band, InstrumentDefinition, Item, Number, exact
from .mood import DIFFICULTY as _DIFFICULTY
from .results import ScoreResult, build_result
from .settings import ScoringSettings


def item_points(item: Item, value: Any) -> Number | None:
    """Points a validated answer earns, or None for an unscored item (e.g. a FRAT box, MUST height)."""
    if not item.scored:
        return None
    if item.kind in ("choice", "level"):
        return item.option(value).points
    if item.kind in ("bool", "count") and item.weight is not None:
        return int(value if item.cap is None else min(value, item.cap)) * item.weight
    if item.kind == "number" and item.ranges:
        return next(r.points for r in item.ranges if r.contains(value))
    return None


def find_band(bands: tuple[Band, ...], value: Any) -> Band:
    """The band holding ``value``; LookupError (a bug, not bad input) if the table has a gap."""
    for band in bands:
        if band.contains(value):
            return band
    raise LookupError(f"no band holds {value!r}")


def bands_for(defn: InstrumentDefinition, settings: ScoringSettings) -> tuple[Band, ...]:
    """The band table, with a two-band screen's cut-point moved to the configured threshold."""
    if defn.threshold_setting is None:
        return defn.bands
    cut = getattr(settings, defn.threshold_setting)
    below, above = defn.bands
    return below.model_copy(update={"upper": cut - 1}), above.model_copy(update={"lower": cut})


def _phq9(values: dict, total: Number, settings: ScoringSettings) -> tuple[dict, str]:
    risk = values["q9"] > 0
    note = "; item 9 positive: same-day risk assessment" if risk else ""
    if "difficulty" in values:  # shown, never scored (Revision 2)
        label = next(o.label for o in _DIFFICULTY.options if o.points == values["difficulty"])
        note += f"; difficulty: {label.lower()}"
    return {"self_harm_risk": risk, "item9_positive": risk}, note


def _must(values: dict, total: Number, settings: ScoringSettings) -> tuple[dict, str]:
    return {"obese": exact(values["bmi"]) > 30}, ""


def _cfs(values: dict, total: Number, settings: ScoringSettings) -> tuple[dict, str]:
    end_of_life = total == CFS_END_OF_LIFE_LEVEL
    return {"uk_frailty_category": CFS_UK_FRAILTY_CATEGORY[int(total)], "end_of_life": end_of_life}, (
        "; end of life: consider GSF / palliative care review" if end_of_life else ""
    )


def _ucla3(values: dict, total: Number, settings: ScoringSettings) -> tuple[dict, str]:
    return {"alt_band_ge4": "lonely" if total >= 4 else "not_lonely"}, ""


def _falls(values: dict, total: Number, settings: ScoringSettings) -> tuple[dict, str]:
    """Revision 2: a fall in the last 12 months raises the falls problem whatever the screen's band."""
    fell = values.get("fall_last_year", False) or values.get("recent_falls", "none_12m") != "none_12m"
    return {"fall_in_last_12_months": fell}, "; fell in the last 12 months" if fell else ""


def _barthel(scale: int) -> Callable[[dict, Number, ScoringSettings], tuple[dict, str]]:
    """Revision 2 "dependency": total at or below the signed-off cut-off (set on the 0–100 scale; /5 on the
    0–20 version), or any point lost in bowels, bladder, toilet use or transfers. ``scale`` is 1 or 5."""

    def flags(values: dict, total: Number, settings: ScoringSettings) -> tuple[dict, str]:
        lost = [item for item, full in _BARTHEL_FULL.items() if values[item] < full * scale]
        dependent = total * (5 // scale) <= settings.barthel_dependency_threshold or bool(lost)
        return {"dependency": dependent, "dependency_items": lost}, ""

    return flags


_BARTHEL_FULL = {"bowels": 2, "bladder": 2, "toilet_use": 2, "transfer": 3}  # full marks on the 0–20 version


#: Extra flags (and a summary note) for instruments whose spec names them.
FLAGS: dict[str, Callable[[dict, Number, ScoringSettings], tuple[dict, str]]] = {
    "phq9": _phq9,
    "ucla3": _ucla3,
    "cfs": _cfs,
    "must": _must,
    "frat": _falls,
    "frat5": _falls,
    "barthel20": _barthel(1),
    "barthel100": _barthel(5),
}


def score_sum(
    defn: InstrumentDefinition, values: dict, settings: ScoringSettings, *, answers: dict | None = None, **extra: Any
) -> ScoreResult:
    """Sum the item points and band the total; a ticked ``forces_band`` item overrides the band.

    ``values`` may hold derived inputs (MUST's computed BMI); ``answers`` are then what was given.
    """
    points = {}
    for item in defn.items:
        if item.id in values and (p := item_points(item, values[item.id])) is not None:
            points[item.id] = p
    total = sum(points.values())
    by_points = find_band(bands_for(defn, settings), total)
    flags, note = FLAGS[defn.id](values, total, settings) if defn.id in FLAGS else ({}, "")
    forced = [item for item in defn.items if item.forces_band and values[item.id]]
    band = defn.band(forced[0].forces_band or "") if forced else by_points  # (only items that force one)
    if defn.id == "ucla3" and band.id == "not_lonely" and total >= 4:
        band = band.model_copy(update={"label": "Some loneliness"})  # Revision 2: shown, raises nothing
    if any(item.forces_band for item in defn.items):  # FRAT's two automatic-high-risk boxes
        flags |= {
            "automatic_high_risk": bool(forced),
            "automatic_high_risk_reasons": [item.id for item in forced],
            "points_band": by_points.id,
        }
        if forced:
            note += f" (automatic: {'; '.join(item.prompt for item in forced)})"
    return build_result(
        defn,
        total=total,
        band=band,
        values=values if answers is None else answers,
        item_points=points,
        flags=flags,
        note=note,
        **extra,
    )
