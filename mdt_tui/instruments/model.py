"""Instrument definitions as data (items, options, bands, codes) read by both the scorer and the UI forms."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict

from mdt_tui.codes import Concept

Domain = Literal["physical", "mental", "social", "functional", "medication"]
ItemKind = Literal["choice", "bool", "count", "number", "level", "drug_list"]
ScorerName = Literal["sum", "category", "efi", "must", "acb"]
Number = int | float


def exact(value: Number | Fraction) -> Fraction:
    """The value as written, exactly: a float is read through its shortest repr, so 0.36 is 36/100."""
    if isinstance(value, float):
        return Fraction(str(value))
    return Fraction(value)


def round_half_up(value: Number | Fraction, places: int) -> float:
    """Round the way a person (or a GP system display) does: 0.125 -> 0.13, 20.05 -> 20.1."""
    return float(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def slug(label: str) -> str:
    """An option id made from its label: "More than half the days" -> "more_than_half_the_days"."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


class Frozen(BaseModel):
    """Base for immutable, strictly-shaped data models."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Range(Frozen):
    """A numeric interval; bounds are inclusive unless marked exclusive, and None means unbounded."""

    lower: Number | None = None
    upper: Number | None = None
    lower_exclusive: bool = False
    upper_exclusive: bool = False

    def contains(self, value: Number | Fraction) -> bool:
        """True when ``value`` lies in the interval, compared exactly (no float rounding)."""
        v = exact(value)
        if self.lower is not None:
            low = exact(self.lower)
            if v < low or (self.lower_exclusive and v == low):
                return False
        if self.upper is not None:
            high = exact(self.upper)
            if v > high or (self.upper_exclusive and v == high):
                return False
        return True


class Band(Range):
    """A result band: the id stored and tested, the label shown, and a SNOMED CT finding code if any."""

    id: str
    label: str
    snomed_code: str | None = None


class PointRange(Range):
    """Points awarded when a measured number falls in the range (MUST BMI and weight loss)."""

    points: int


class Option(Frozen):
    """One answer option of a choice item; ``points`` is None for unscored categories."""

    id: str
    label: str
    points: int | None = None


class Item(Frozen):
    """One question or input of an instrument.

    kind: ``choice``/``level`` (pick an option; the answer is its points or its id, see
    ``answer_by``), ``bool``, ``count`` (whole number), ``number`` (int or float),
    ``drug_list`` (list of drug names). ``weight`` turns a bool or count into points
    (``min(answer, cap) * weight``); ``ranges`` does so for a number; an item with neither
    is recorded but not scored. ``forces_band`` names the band a True answer imposes.
    """

    id: str
    prompt: str
    kind: ItemKind
    options: tuple[Option, ...] = ()
    answer_by: Literal["points", "option_id"] | None = None
    min_value: Number | None = None
    max_value: Number | None = None
    unit: str | None = None
    required: bool = True
    weight: int | None = None
    cap: int | None = None
    ranges: tuple[PointRange, ...] = ()
    forces_band: str | None = None
    scored: bool = True
    """False for an item that is stored and shown but never adds points (PHQ-9 difficulty)."""
    help: str | None = None

    def allowed(self) -> tuple:
        """The answers a choice/level item accepts: option points or option ids."""
        return tuple(o.id if self.answer_by == "option_id" else o.points for o in self.options)

    def option(self, answer: object) -> Option:
        """The option an (already validated) answer selects."""
        key = "id" if self.answer_by == "option_id" else "points"
        return next(o for o in self.options if getattr(o, key) == answer)


class OneOf(Frozen):
    """Alternative ways to give one input: exactly one way must be complete (e.g. bmi, or height and weight)."""

    ways: tuple[tuple[str, ...], ...]

    def describe(self) -> str:
        return ", or ".join(" and ".join(way) for way in self.ways)


class InstrumentDefinition(Frozen):
    """Everything the scorer and a form need to know about one instrument."""

    id: str
    name: str
    short_name: str
    domain: Domain
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    attribution: str
    stem: str | None = None
    scorer: ScorerName = "sum"
    one_of: tuple[OneOf, ...] = ()
    threshold_setting: str | None = None
    bands_derived: bool = False
    score_code: str | None = None
    score_term: str | None = None
    scale_code: str | None = None
    scale_term: str | None = None
    procedure_code: str | None = None
    procedure_term: str | None = None
    notes: tuple[str, ...] = ()

    def item(self, item_id: str) -> Item:
        """The item with this id; KeyError if there is none."""
        return _by_id(self.items, item_id)

    def band(self, band_id: str) -> Band:
        """The band with this id; KeyError if there is none."""
        return _by_id(self.bands, band_id)

    @property
    def total_range(self) -> tuple[Number | None, Number | None]:
        """Lowest and highest total the bands allow (None when unbounded or categorical)."""
        return self.bands[0].lower, self.bands[-1].upper


def _by_id(entries: tuple, wanted: str):
    for entry in entries:
        if entry.id == wanted:
            return entry
    raise KeyError(wanted)


def points_options(*labels: str, start: int = 0) -> tuple[Option, ...]:
    """Options scored start, start+1, ... in order, with ids made from their labels."""
    return tuple(Option(id=slug(label), label=label, points=start + n) for n, label in enumerate(labels))


def snomed(**concepts: Concept) -> dict[str, str | None]:
    """Definition fields from code register entries: snomed(score=codes.X, scale=..., procedure=...)."""
    return {
        f"{kind}_{part}": value
        for kind, concept in concepts.items()
        for part, value in (("code", concept.code), ("term", concept.term))
    }


def band_table(*rows: tuple) -> tuple[Band, ...]:
    """Bands from (id, label, lower, upper) rows with inclusive bounds."""
    return tuple(Band(id=i, label=label, lower=low, upper=high) for i, label, low, high in rows)
