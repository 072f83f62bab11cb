"""UCLA 3-item Loneliness Scale and the ONS direct loneliness question (instruments.md section 3)."""

from __future__ import annotations

from .model import Band, InstrumentDefinition, Item, Option, band_table, points_options, slug

HOW_OFTEN = points_options("Hardly ever or never", "Some of the time", "Often", start=1)

UCLA3 = InstrumentDefinition(
    id="ucla3",
    name="UCLA 3-item Loneliness Scale",
    short_name="UCLA-3",
    domain="mental",
    items=tuple(
        Item(id=item_id, prompt=prompt, kind="choice", answer_by="points", options=HOW_OFTEN)
        for item_id, prompt in (
            ("lack_companionship", "How often do you feel that you lack companionship?"),
            ("left_out", "How often do you feel left out?"),
            ("isolated", "How often do you feel isolated from others?"),
        )
    ),
    bands=band_table(("not_lonely", "Not lonely", 3, 5), ("lonely", "Lonely", 6, 9)),
    threshold_setting="ucla3_lonely_threshold",
    attribution=(
        "Hughes, Waite, Hawkley & Cacioppo, Res Aging 2004;26:655-72; "
        "wording as the ONS recommended national measure of loneliness."
    ),
    notes=(
        "Higher means lonelier. There is no official cut-off: the lonely threshold is a setting "
        "(default 6) for the MDT owner to sign off.",
    ),
)

_ONS_LABELS = ("Often/always", "Some of the time", "Occasionally", "Hardly ever", "Never")

ONS_DIRECT_LONELINESS = InstrumentDefinition(
    id="ons_direct_loneliness",
    name="ONS direct loneliness question",
    short_name="ONS loneliness",
    domain="mental",
    scorer="category",
    items=(
        Item(
            id="how_often_lonely",
            prompt="How often do you feel lonely?",
            kind="choice",
            answer_by="option_id",
            options=tuple(Option(id=slug(label), label=label) for label in _ONS_LABELS),
        ),
    ),
    bands=tuple(Band(id=slug(label), label=label) for label in _ONS_LABELS),
    attribution="Office for National Statistics (ONS) national measure of loneliness.",
    notes=("No numeric score is defined: the answer category is stored.",),
)
