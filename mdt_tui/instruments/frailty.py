"""Rockwood Clinical Frailty Scale v2.0 and electronic Frailty Index definitions (instruments.md sections 5 and 6)."""

from __future__ import annotations

from .model import Band, InstrumentDefinition, Item, OneOf, Option, snomed

# (band id, v2.0 level name, UK level finding code, UK frailty category) for levels 1..9.
_CFS_LEVELS = (
    ("very_fit", "Very fit", "1129331000000101", "none"),
    ("fit", "Fit", "1129341000000105", "none"),
    ("managing_well", "Managing well", "1129351000000108", "none"),
    ("very_mild_frailty", "Living with very mild frailty", "1129361000000106", "none"),
    ("mild_frailty", "Living with mild frailty", "1129371000000104", "mild_frailty"),
    ("moderate_frailty", "Living with moderate frailty", "1129381000000102", "moderate_frailty"),
    ("severe_frailty", "Living with severe frailty", "1129391000000100", "severe_frailty"),
    ("very_severe_frailty", "Living with very severe frailty", "1129401000000102", "severe_frailty"),
    ("terminally_ill", "Terminally ill", "1129411000000100", "severe_frailty"),
)

#: CFS level -> UK frailty category (local convention: 1–4 none, 5 mild, 6 moderate, 7–9 severe).
CFS_UK_FRAILTY_CATEGORY = {level: row[3] for level, row in enumerate(_CFS_LEVELS, 1)}

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
            options=tuple(Option(id=i, label=name, points=n) for n, (i, name, _, _) in enumerate(_CFS_LEVELS, 1)),
        ),
    ),
    bands=tuple(
        Band(id=i, label=name, lower=n, upper=n, snomed_code=code)
        for n, (i, name, code, _) in enumerate(_CFS_LEVELS, 1)
    ),
    attribution=(
        "Clinical Frailty Scale ©2005–2020 Rockwood, Version 2.0 (EN). All rights reserved. "
        "Geriatric Medicine Research, Dalhousie University."
    ),
    **snomed(score=("763264000", "Canadian Study of Health and Aging Clinical Frailty Scale score"),
             scale=("445414007", "Canadian Study of Health and Aging clinical frailty scale")),
    notes=(
        "A clinical judgement, not a questionnaire. Not validated under 65 or in stable single-system disability.",
        "In dementia the level follows the degree of dementia: mild 5, moderate 6, severe 7.",
    ),
)

EFI = InstrumentDefinition(
    id="efi",
    name="Electronic Frailty Index (eFI)",
    short_name="eFI",
    domain="functional",
    scorer="efi",
    items=(
        Item(id="efi_score", prompt="eFI value as recorded (0–1)", kind="number",
             min_value=0, max_value=1, required=False),
        Item(id="deficits_present", prompt="Number of deficits present (of 36)", kind="count",
             min_value=0, max_value=36, required=False),
    ),
    one_of=(OneOf(ways=(("efi_score",), ("deficits_present",))),),
    bands=(
        Band(id="fit", label="Fit", lower=0, upper=0.12),
        Band(id="mild", label="Mild frailty", lower=0.12, lower_exclusive=True, upper=0.24),
        Band(id="moderate", label="Moderate frailty", lower=0.24, lower_exclusive=True, upper=0.36),
        Band(id="severe", label="Severe frailty", lower=0.36, lower_exclusive=True, upper=1),
    ),
    attribution="Clegg et al., Age Ageing 2016;45:353-60.",
    **snomed(score=("713636003", "Frailty Index score")),
    notes=(
        "eFI = deficits present / 36. A deficit count is compared as the exact fraction "
        "(13/36 = 0.361 is severe); a recorded value is compared as given (0.36 is moderate).",
    ),
)
