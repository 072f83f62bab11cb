"""CGA assessment instruments: definitions as data, answer checking and scoring (no UI code here).

from mdt_tui.instruments import score, INSTRUMENTS
result = score("phq9", {"q1": 1, "q2": 0, ..., "q9": 0})
"""

from __future__ import annotations

from .acb import AcbDrug, acb_list_info, lookup_drug, suggest_drugs
from .definitions import INSTRUMENTS
from .model import Band, InstrumentDefinition, Item, OneOf, Option, PointRange
from .results import AcbBreakdown, DrugScore, MustMeasurements, ScoreResult
from .scoring import score
from .settings import ScoringSettings
from .validation import InvalidAnswer

__all__ = [
    "INSTRUMENTS",
    "AcbBreakdown",
    "AcbDrug",
    "Band",
    "DrugScore",
    "InstrumentDefinition",
    "InvalidAnswer",
    "Item",
    "MustMeasurements",
    "OneOf",
    "Option",
    "PointRange",
    "ScoreResult",
    "ScoringSettings",
    "acb_list_info",
    "lookup_drug",
    "score",
    "suggest_drugs",
]
