"""The registry of instrument definitions, keyed by instrument id: declared once, read by the scorer and the forms."""

from __future__ import annotations

from .adl import BARTHEL20, BARTHEL100
from .cognition import SIX_CIT
from .falls import FRAT, FRAT5
from .frailty import CFS, EFI
from .loneliness import ONS_DIRECT_LONELINESS, UCLA3
from .medication import ACB
from .model import InstrumentDefinition
from .mood import GAD2, GAD7, PHQ2, PHQ9
from .nutrition import MUST

INSTRUMENTS: dict[str, InstrumentDefinition] = {
    d.id: d
    for d in (
        PHQ9,
        PHQ2,
        GAD7,
        GAD2,
        UCLA3,
        ONS_DIRECT_LONELINESS,
        SIX_CIT,
        CFS,
        EFI,
        FRAT,
        FRAT5,
        MUST,
        ACB,
        BARTHEL20,
        BARTHEL100,
    )
}

__all__ = ["INSTRUMENTS"]
