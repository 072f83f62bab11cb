"""6-CIT (Six-item Cognitive Impairment Test, Kingshill Version 2000) definition (instruments.md section 4)."""

from __future__ import annotations

from mdt_tui import codes

from .model import InstrumentDefinition, Item, band_table, snomed


def _errors(
    item_id: str, prompt: str, weight: int, *, max_value: int | None, cap: int | None = None, help: str
) -> Item:
    return Item(
        id=item_id, prompt=prompt, kind="count", min_value=0, max_value=max_value, cap=cap, weight=weight, help=help
    )


SIX_CIT = InstrumentDefinition(
    id="6cit",
    name="Six-item Cognitive Impairment Test (6-CIT)",
    short_name="6-CIT",
    domain="mental",
    items=(
        _errors("year_error", "What year is it?", 4, max_value=1, help="0 correct / 1 wrong"),
        _errors("month_error", "What month is it?", 3, max_value=1, help="0 correct / 1 wrong"),
        _errors(
            "time_error", "About what time is it?", 3, max_value=1, help="0 correct / 1 wrong; correct if within 1 hour"
        ),
        # Revision 2: counts that cannot happen are refused (20 numbers, 12 months), then capped at 2.
        _errors(
            "count_back_errors",
            "Count backwards 20 → 1",
            2,
            max_value=20,
            cap=2,
            help="Number of errors (0–20); 2 or more score as 2",
        ),
        _errors(
            "months_reverse_errors",
            "Months of the year in reverse (from December)",
            2,
            max_value=12,
            cap=2,
            help="Number of errors (0–12); 2 or more score as 2; a prompt with the last month counts as one error",
        ),
        _errors(
            "address_errors",
            "Recall the address phrase (5 components)",
            2,
            max_value=5,
            help="Number of components wrong, 0–5",
        ),
    ),
    bands=band_table(
        ("normal", "Normal", 0, 7),
        ("mild", "Mild cognitive impairment", 8, 9),
        ("significant", "Significant cognitive impairment", 10, 28),
    ),
    attribution=(
        "The Kingshill Research Centre, Swindon, UK owns the copyright to The Kingshill Version 2000 "
        "of the 6CIT but allows free usage to healthcare professionals."
    ),
    **snomed(score=codes.SIX_CIT_SCORE),
    notes=(
        'After the month question, give the address phrase (e.g. "John / Smith / 42 / High St / '
        'Bedford") for the patient to repeat, up to 3 attempts; this step is not scored.',
        "Inverse score: higher means more impaired. 0–7 referral not necessary at present; "
        "8–9 probably refer; 10–28 refer.",
    ),
)
