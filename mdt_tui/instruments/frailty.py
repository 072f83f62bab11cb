"""Rockwood Clinical Frailty Scale v2.0 and electronic Frailty Index definitions (instruments.md sections 5 and 6)."""

from __future__ import annotations

from mdt_tui import codes

from .model import Band, InstrumentDefinition, Item, OneOf, Option, snomed

# (band id, v2.0 level name, UK frailty category) for levels 1..9. Revision 2: level 9 (terminally ill, "not
# otherwise evidently frail") has no frailty category; it marks end of life instead.
_CFS_LEVELS = (
    ("very_fit", "Very fit", None),
    ("fit", "Fit", None),
    ("managing_well", "Managing well", None),
    ("very_mild_frailty", "Living with very mild frailty", None),
    ("mild_frailty", "Living with mild frailty", "mild_frailty"),
    ("moderate_frailty", "Living with moderate frailty", "moderate_frailty"),
    ("severe_frailty", "Living with severe frailty", "severe_frailty"),
    ("very_severe_frailty", "Living with very severe frailty", "severe_frailty"),
    ("terminally_ill", "Terminally ill", None),
)
CFS_END_OF_LIFE_LEVEL = 9

#: CFS level -> UK frailty category (local convention: 5 mild, 6 moderate, 7–8 severe; None for 1–4 and 9).
CFS_UK_FRAILTY_CATEGORY: dict[int, str | None] = {level: row[2] for level, row in enumerate(_CFS_LEVELS, 1)}


CFS = InstrumentDefinition(
    id="cfs",
    name="Clinical Frailty Scale (Rockwood), version 2.0",
    short_name="CFS",
    domain="functional",
    items=(
        Item(
            id="level",
            prompt="Clinical Frailty Scale level (baseline state about 2 weeks before any acute illness)",
            kind="level",
            answer_by="points",
            options=tuple(Option(id=i, label=name, points=n) for n, (i, name, _) in enumerate(_CFS_LEVELS, 1)),
        ),
    ),
    bands=tuple(
        Band(id=i, label=name, lower=n, upper=n, snomed_code=codes.cfs_level_finding(n).code)
        for n, (i, name, _) in enumerate(_CFS_LEVELS, 1)
    ),
    attribution=(
        "Clinical Frailty Scale ©2005–2020 Rockwood, Version 2.0 (EN). All rights reserved. "
        "Geriatric Medicine Research, Dalhousie University."
    ),
    **snomed(score=codes.CFS_SCORE, scale=codes.CFS_SCALE),
    notes=(
        "A clinical judgement, not a questionnaire. Not validated under 65 or in stable single-system disability.",
        "In dementia the level follows the degree of dementia: mild 5, moderate 6, severe 7.",
        "Level 9 (terminally ill) is not a frailty category: consider GSF / palliative care review.",
    ),
)

EFI = InstrumentDefinition(
    id="efi",
    name="Electronic Frailty Index (eFI)",
    short_name="eFI",
    domain="functional",
    scorer="efi",
    items=(
        Item(
            id="efi_score",
            prompt="eFI value as recorded (0–1)",
            kind="number",
            min_value=0,
            max_value=1,
            required=False,
        ),
        Item(
            id="deficits_present",
            prompt="Number of deficits present (of 36)",
            kind="count",
            min_value=0,
            max_value=36,
            required=False,
        ),
    ),
    one_of=(OneOf(ways=(("efi_score",), ("deficits_present",))),),
    bands=(
        Band(id="fit", label="Fit", lower=0, upper=0.12),
        Band(id="mild", label="Mild frailty", lower=0.12, lower_exclusive=True, upper=0.24),
        Band(id="moderate", label="Moderate frailty", lower=0.24, lower_exclusive=True, upper=0.36),
        Band(id="severe", label="Severe frailty", lower=0.36, lower_exclusive=True, upper=1),
    ),
    attribution="Clegg et al., Age Ageing 2016;45:353-60.",
    # No score code: the GP system calculates the eFI, so it is never written back (Revision 2; see
    # codes.EFI_SCORE). It is shown as context beside the CFS.
    notes=(
        "eFI = deficits present / 36, banded by deficit count: ≤4 fit, 5–8 mild, 9–12 moderate, ≥13 severe. "
        "A recorded value that is the 2-decimal display of some k/36 is banded as that k (0.36 is 13/36, "
        "severe); any other value is banded as given.",
        "Calculated by the GP system: shown as context, never written back.",
    ),
)
