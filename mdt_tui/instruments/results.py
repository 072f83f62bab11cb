"""ScoreResult and its parts: what score() returns for display, storage and coding."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from .model import Band, InstrumentDefinition, Number


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DrugScore(_Result):
    """One drug of an ACB result."""

    entered: str
    """The name as given (trimmed)."""
    name: str
    """Canonical UK name when on the list, otherwise the normalised name given."""
    list_score: int | None
    """Score on the shipped ACB list; None when the drug is not on it."""
    score: int
    """Score counted: the pharmacist's override if one applies, else the list score, else 0."""
    overridden: bool
    kind: Literal["scored", "not_on_list", "unrecognised"] = "scored"
    """On the ACB list; recognised and not on it; or unrecognised (only this kind needs checking)."""


class AcbBreakdown(_Result):
    """Per-drug detail of an ACB result."""

    drugs: tuple[DrugScore, ...]
    unknown_drugs: tuple[str, ...]
    """Unrecognised ingredients not overridden, as entered: they scored 0 and need checking."""
    scored: tuple[str, ...] = ()
    """Ingredients on the ACB list (canonical names)."""
    recognised_not_anticholinergic: tuple[str, ...] = ()
    """Ingredients recognised as not on the ACB list (a short packaged list): 0, no warning."""
    unrecognised: tuple[str, ...] = ()
    """Ingredients neither on the list nor recognised: 0 and "check with the pharmacist"."""
    suggestions: dict[str, tuple[str, ...]]
    """Close list names for each unknown drug (possible typos)."""
    overrides_applied: dict[str, int]
    """Canonical drug name -> the override score used in this result."""
    list_version: str


class MustMeasurements(_Result):
    """The BMI and weight loss a MUST result was scored on, and whether they were computed."""

    bmi: float
    bmi_computed: bool
    weight_loss_percent: float
    weight_loss_computed: bool


class ScoreResult(_Result):
    """The outcome of scoring one instrument."""

    instrument: str
    total: int | float | None
    """Sum of points; the level for CFS; the eFI value; yes-count for frat5; None for the ONS question."""
    band: str
    band_label: str
    band_code: str | None = None
    """SNOMED CT finding for the band where the spec gives one (CFS levels)."""
    flags: dict[str, Any]
    score_code: str | None
    score_term: str | None
    item_points: dict[str, Number]
    """Points per item (per drug for ACB), for display and storage."""
    answers: dict[str, Any]
    """The validated answers as given (e.g. raw 6-CIT error counts)."""
    summary: str
    acb: AcbBreakdown | None = None
    must: MustMeasurements | None = None


def format_total(total: Number | None) -> str:
    """Totals as people read them: 7, 0.25, 0.361."""
    if isinstance(total, float):
        return f"{round(total, 3):g}"
    return "" if total is None else str(total)


def build_result(
    defn: InstrumentDefinition,
    *,
    total: Number | None,
    band: Band,
    values: dict,
    item_points: dict,
    flags: dict | None = None,
    note: str = "",
    **extra: Any,
) -> ScoreResult:
    """Assemble a ScoreResult with the definition's codes and a one-line summary."""
    head = " ".join(filter(None, (defn.short_name, format_total(total))))
    return ScoreResult(
        instrument=defn.id,
        total=total,
        band=band.id,
        band_label=band.label,
        band_code=band.snomed_code,
        flags=flags or {},
        score_code=defn.score_code,
        score_term=defn.score_term,
        item_points=item_points,
        answers=dict(values),
        summary=f"{head} — {band.label}{note}",
        **extra,
    )
