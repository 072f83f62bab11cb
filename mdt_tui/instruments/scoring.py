"""score(): the one entry point that checks answers and hands them to the instrument's scorer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .definitions import INSTRUMENTS
from .generic import score_sum
from .model import InstrumentDefinition
from .results import ScoreResult
from .settings import ScoringSettings
from .special import score_acb, score_category, score_efi, score_must
from .validation import validate_answers

_SCORERS: dict[str, Callable[[InstrumentDefinition, dict, ScoringSettings], ScoreResult]] = {
    "sum": score_sum,
    "category": score_category,
    "efi": score_efi,
    "must": score_must,
    "acb": score_acb,
}


def score(instrument_id: str, answers: Mapping[str, Any], *, settings: ScoringSettings | None = None) -> ScoreResult:
    """Score one completed instrument.

    Raises ValueError naming the item when an answer is missing, of the wrong type, out of
    range or unexpected, and for an unknown instrument id. Nothing is guessed or clamped.
    """
    defn = INSTRUMENTS.get(instrument_id) if isinstance(instrument_id, str) else None
    if defn is None:
        raise ValueError(f"unknown instrument {instrument_id!r} (known: {', '.join(INSTRUMENTS)})")
    if settings is None:
        settings = ScoringSettings()
    elif not isinstance(settings, ScoringSettings):
        raise ValueError(f"settings must be a ScoringSettings, got {type(settings).__name__}")
    return _SCORERS[defn.scorer](defn, validate_answers(defn, answers), settings)
