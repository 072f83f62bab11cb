"""MUST (Malnutrition Universal Screening Tool, BAPEN) definition (instruments.md section 8)."""

from __future__ import annotations

from mdt_tui import codes

from .model import InstrumentDefinition, Item, OneOf, PointRange, band_table, snomed

# Input sanity limits (typing-error guards, not clinical thresholds).
_WEIGHT = {"kind": "number", "unit": "kg", "min_value": 2, "max_value": 700, "required": False}

MUST = InstrumentDefinition(
    id="must",
    name="Malnutrition Universal Screening Tool ('MUST')",
    short_name="MUST",
    domain="functional",
    scorer="must",
    items=(
        Item(
            id="bmi",
            prompt="Step 1: BMI",
            kind="number",
            unit="kg/m²",
            min_value=5,
            max_value=200,
            required=False,
            help="Or give height_m and weight_kg: BMI is then computed to 1 d.p.",
            ranges=(
                PointRange(lower=20, lower_exclusive=True, points=0),
                PointRange(lower=18.5, upper=20, points=1),
                PointRange(upper=18.5, upper_exclusive=True, points=2),
            ),
        ),
        Item(
            id="weight_loss_percent",
            prompt="Step 2: unplanned weight loss in past 3–6 months",
            kind="number",
            unit="%",
            min_value=0,
            max_value=100,
            required=False,
            help="Or give previous_weight_kg and weight_kg: loss % = (previous − current) / previous × 100.",
            ranges=(
                PointRange(upper=5, upper_exclusive=True, points=0),
                PointRange(lower=5, upper=10, points=1),
                PointRange(lower=10, lower_exclusive=True, points=2),
            ),
        ),
        Item(
            id="acute_disease_effect",
            kind="bool",
            weight=2,
            prompt="Step 3: acutely ill AND there has been, or is likely to be, no nutritional intake for >5 days",
        ),
        Item(id="height_m", prompt="Height", kind="number", unit="m", min_value=0.5, max_value=2.8, required=False),
        Item(id="weight_kg", prompt="Weight now", **_WEIGHT),
        Item(id="previous_weight_kg", prompt="Weight 3–6 months ago", **_WEIGHT),
    ),
    one_of=(
        OneOf(ways=(("bmi",), ("height_m", "weight_kg"))),
        OneOf(ways=(("weight_loss_percent",), ("previous_weight_kg", "weight_kg"))),
    ),
    bands=band_table(("low", "Low risk", 0, 0), ("medium", "Medium risk", 1, 1), ("high", "High risk", 2, 6)),
    attribution="'MUST' is reproduced here with the kind permission of BAPEN.",
    **snomed(score=codes.MUST_SCORE),
    notes=(
        "Low: routine care; repeat screening (hospital weekly, care home monthly, community annually "
        "for groups such as >75).",
        "Medium: document dietary intake for 3 days; monitor.",
        "High: refer to a dietitian or nutrition support team; set goals; monitor.",
        "Record obesity (BMI >30) separately.",
    ),
)
