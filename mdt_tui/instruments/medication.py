"""Anticholinergic Cognitive Burden (ACB) scale definition (instruments.md section 9); the drug list is in acb.py."""

from __future__ import annotations

from mdt_tui import codes

from .model import Band, InstrumentDefinition, Item, snomed

ACB = InstrumentDefinition(
    id="acb",
    name="Anticholinergic Cognitive Burden (ACB) scale",
    short_name="ACB",
    domain="medication",
    scorer="acb",
    items=(
        Item(
            id="drugs",
            prompt="Current medicines (UK or US generic names)",
            kind="drug_list",
            help="Each drug scores 1 (possible), 2 or 3 (definite); drugs not on the list score 0. "
            "Dose is not considered.",
        ),
    ),
    bands=(
        Band(id="below_threshold", label="Below threshold", lower=0, upper=2),
        Band(id="clinically_relevant", label="Clinically relevant", lower=3),
    ),
    attribution="Anticholinergic Cognitive Burden scale, 2012 update: Aging Brain Care, Indiana University.",
    **snomed(scale=codes.ACB_SCALE),
    notes=(
        "A total ≥3 is clinically relevant; also consider alternatives for any single drug scoring 2 or 3.",
        "Each 1-point rise in the total was associated with a 26% increase in mortality risk.",
    ),
)
