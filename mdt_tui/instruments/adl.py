"""Barthel ADL Index, 0–20 (Collin & Wade) and 0–100 (Mahoney & Barthel) versions (instruments.md section 10)."""

from __future__ import annotations

from mdt_tui import codes

from .model import Band, InstrumentDefinition, Item, Option, band_table, slug, snomed

# (item id, prompt, option labels scored 0, 1, 2, ... on the 0–20 version)
_ITEMS = (
    (
        "bowels",
        "Bowels (preceding week)",
        ("incontinent (or needs enemas)", "occasional accident (≤1/week)", "continent"),
    ),
    (
        "bladder",
        "Bladder (preceding week)",
        (
            "incontinent, or catheterised and unable to manage",
            "occasional accident (max 1/24 h)",
            "continent (>7 days)",
        ),
    ),
    (
        "grooming",
        "Grooming (preceding 24–48 h)",
        ("needs help with personal care", "independent face/hair/teeth/shaving (implements provided)"),
    ),
    (
        "toilet_use",
        "Toilet use",
        ("dependent", "needs some help but can do something alone", "independent (on/off, dressing, wiping)"),
    ),
    ("feeding", "Feeding", ("unable", "needs help cutting, spreading butter etc.", "independent")),
    (
        "transfer",
        "Transfer (bed to chair and back)",
        (
            "unable, no sitting balance",
            "major help (1–2 people, physical), can sit",
            "minor help (verbal or physical)",
            "independent",
        ),
    ),
    (
        "mobility",
        "Mobility (level surfaces)",
        (
            "immobile",
            "wheelchair independent incl. corners",
            "walks with help of one person (verbal/physical)",
            "independent (may use any aid)",
        ),
    ),
    (
        "dressing",
        "Dressing",
        ("dependent", "needs help but can do about half unaided", "independent incl. buttons, zips, laces"),
    ),
    ("stairs", "Stairs", ("unable", "needs help (verbal, physical, carrying aid)", "independent up and down")),
    ("bathing", "Bathing", ("dependent", "independent (or in shower)")),
)

# Shah, Vanclay & Cooper (1989) bands for the 0–100 version.
_SHAH = (
    ("total_dependency", "Total dependency", 0, 20),
    ("severe_dependency", "Severe dependency", 21, 60),
    ("moderate_dependency", "Moderate dependency", 61, 90),
    ("slight_dependency", "Slight dependency", 91, 99),
    ("independent", "Independent", 100, 100),
)
# No authoritative 0–20 bands exist: these are the Shah bands divided by 5 (derived).
_DERIVED_20 = ((0, 4), (5, 12), (13, 18), (19, 19), (20, 20))

_NOTES = (
    "Record actual performance over the preceding 24–48 h, not capability; needing supervision means not independent.",
)


def _items(multiplier: int) -> tuple[Item, ...]:
    return tuple(
        Item(
            id=item_id,
            prompt=prompt,
            kind="choice",
            answer_by="points",
            options=tuple(Option(id=slug(label), label=label, points=n * multiplier) for n, label in enumerate(labels)),
        )
        for item_id, prompt, labels in _ITEMS
    )


_COMMON = {"domain": "functional", **snomed(scale=codes.BARTHEL_SCALE)}

BARTHEL20 = InstrumentDefinition(
    id="barthel20",
    name="Barthel ADL Index (0–20)",
    short_name="Barthel (0–20)",
    items=_items(1),
    bands=tuple(
        Band(id=i, label=f"{label} (derived)", lower=low, upper=high)
        for (i, label, _, _), (low, high) in zip(_SHAH, _DERIVED_20, strict=True)
    ),
    bands_derived=True,
    attribution="Barthel ADL Index, 10-item 0–20 version: Collin, Wade, Davies & Horne, Int Disabil Stud 1988.",
    notes=_NOTES
    + (
        "Bands are derived from the 0–100 (Shah) bands divided by 5; no authoritative 0–20 bands exist.",
        "A change of more than 2 points probably reflects a genuine change.",
    ),
    **_COMMON,
)

BARTHEL100 = InstrumentDefinition(
    id="barthel100",
    name="Barthel ADL Index (0–100)",
    short_name="Barthel (0–100)",
    items=_items(5),
    bands=band_table(*_SHAH),
    attribution=("Barthel ADL Index, 0–100 version: Mahoney & Barthel 1965; bands: Shah, Vanclay & Cooper 1989."),
    notes=_NOTES,
    **_COMMON,
)
