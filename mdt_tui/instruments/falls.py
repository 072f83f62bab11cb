"""Falls risk: Peninsula Health FRAT Part 1 (`frat`) and the 5-question primary-care FRAT (`frat5`), section 7."""

from __future__ import annotations

from mdt_tui import codes

from .model import InstrumentDefinition, Item, Option, band_table, snomed


def _factor(item_id: str, prompt: str, *options: tuple[str, str, int], help: str | None = None) -> Item:
    return Item(
        id=item_id,
        prompt=prompt,
        kind="choice",
        answer_by="option_id",
        help=help,
        options=tuple(Option(id=i, label=label, points=p) for i, label, p in options),
    )


def _auto_high(item_id: str, prompt: str) -> Item:
    return Item(
        id=item_id,
        prompt=prompt,
        kind="bool",
        forces_band="high",
        help="If ticked, the falls risk is HIGH regardless of the score.",
    )


FALL_RISK_ASSESSMENT = snomed(procedure=codes.FALL_RISK_ASSESSMENT)

FRAT = InstrumentDefinition(
    id="frat",
    name="Falls Risk Assessment Tool (FRAT), Peninsula Health, Part 1",
    short_name="FRAT",
    domain="functional",
    items=(
        _factor(
            "recent_falls",
            "Recent falls",
            ("none_12m", "none in last 12 months", 2),
            ("3_12m", "one or more between 3 and 12 months ago", 4),
            ("last_3m", "one or more in last 3 months", 6),
            ("last_3m_inpatient", "one or more in last 3 months whilst inpatient / resident", 8),
            help="To score this, complete history of falls, overleaf",
        ),
        _factor(
            "medications",
            "Medications (sedatives, anti-depressants, anti-Parkinson's, diuretics, anti-hypertensives, hypnotics)",
            ("none", "not taking any of these", 1),
            ("one", "taking one", 2),
            ("two", "taking two", 3),
            ("more_than_two", "taking more than two", 4),
        ),
        _factor(
            "psychological",
            "Psychological (anxiety, depression, ↓cooperation, ↓insight or judgement, esp. re mobility)",
            ("none", "does not appear to have any of these", 1),
            ("mild", "appears mildly affected by one or more", 2),
            ("moderate", "appears moderately affected by one or more", 3),
            ("severe", "appears severely affected by one or more", 4),
        ),
        _factor(
            "cognitive_status",
            "Cognitive status (AMTS: Hodkinson Abbreviated Mental Test Score)",
            ("intact", "AMTS 9 or 10/10 OR intact", 1),
            ("mild", "AMTS 7–8, mildly impaired", 2),
            ("moderate", "AMTS 5–6, moderately impaired", 3),
            ("severe", "AMTS 4 or less, severely impaired", 4),
        ),
        _auto_high(
            "auto_high_functional_change",
            "Recent change in functional status and/or medications affecting safe mobility (or anticipated)",
        ),
        _auto_high("auto_high_dizziness", "Dizziness / postural hypotension"),
    ),
    # Revision 2: a screen result, never reassurance (a fall in the last 12 months raises the falls problem anyway).
    bands=band_table(
        ("low", "Lower risk on screening", 5, 11),
        ("medium", "Medium risk on screening", 12, 15),
        ("high", "High risk on screening", 16, 20),
    ),
    attribution="Falls Risk Assessment Tool (FRAT) developed by the Peninsula Health Falls Prevention Service (1999).",
    **FALL_RISK_ASSESSMENT,
    notes=(
        "Both automatic-high-risk boxes must be answered (ticked or not): an unanswered box is "
        "never assumed to be unticked.",
        "If the FRAT shows high falls risk, do a postural hypotension check.",
        "Validated for sub-acute and residential care; the 5-question FRAT is the default in primary care.",
        "Whatever the result, a fall in the last 12 months calls for a multifactorial falls assessment (NICE NG249).",
    ),
)

FRAT5 = InstrumentDefinition(
    id="frat5",
    name="Falls Risk Assessment Tool, 5-question primary-care version (Nandy et al. 2004)",
    short_name="FRAT-5",
    domain="functional",
    items=tuple(
        Item(id=item_id, prompt=prompt, kind="bool", weight=1)
        for item_id, prompt in (
            ("fall_last_year", "Any fall in the previous year?"),
            ("four_or_more_medicines", "On ≥4 medications per day?"),
            ("stroke_or_parkinsons", "Stroke or Parkinson's disease?"),
            ("balance_problems", "Reports balance problems?"),
            ("cannot_rise_without_arms", "Unable to rise from a knee-height chair without using the arms?"),
        )
    ),
    bands=band_table(
        ("lower_risk", "Lower risk on screening", 0, 2), ("higher_risk", "Higher risk on screening", 3, 5)
    ),
    attribution="5-question FRAT: Nandy et al. 2004 (Queen Mary).",
    **FALL_RISK_ASSESSMENT,
    notes=(
        "Total is the number of yes answers; 3 or more is higher risk on screening. The UK primary-care tool and "
        "the default falls screen (Revision 2).",
        "Whatever the result, a fall in the last 12 months calls for a multifactorial falls assessment (NICE NG249).",
    ),
)
