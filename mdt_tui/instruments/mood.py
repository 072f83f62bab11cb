"""PHQ-9, PHQ-2, GAD-7 and GAD-2 definitions (instruments.md sections 1 and 2)."""

from __future__ import annotations

from mdt_tui import codes

from .model import InstrumentDefinition, Item, band_table, points_options, snomed

STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
ATTRIBUTION = (
    "Developed by Drs Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc."
)
FREQUENCY = points_options("Not at all", "Several days", "More than half the days", "Nearly every day")
_COMMON = {"domain": "mental", "stem": STEM, "attribution": ATTRIBUTION}
SCREEN_BANDS = band_table(("negative", "Negative screen", 0, 2), ("positive", "Positive screen", 3, 6))


# Revision 2: the PHQ-9 difficulty question is stored and shown, never scored, and optional.
DIFFICULTY = Item(
    id="difficulty",
    kind="choice",
    answer_by="points",
    required=False,
    scored=False,
    prompt="If you checked off any problems, how difficult have these problems made it for you to do your work, "
    "take care of things at home, or get along with other people?",
    options=points_options("Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult"),
    help="Not scored: recorded and shown beside the total.",
)


def _items(*prompts: str) -> tuple[Item, ...]:
    return tuple(
        Item(id=f"q{n}", prompt=p, kind="choice", answer_by="points", options=FREQUENCY)
        for n, p in enumerate(prompts, 1)
    )


PHQ9 = InstrumentDefinition(
    id="phq9",
    name="Patient Health Questionnaire (PHQ-9)",
    short_name="PHQ-9",
    **_COMMON,
    items=_items(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so "
        "fidgety or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    )
    + (DIFFICULTY,),
    bands=band_table(
        ("none_minimal", "None / minimal", 0, 4),
        ("mild", "Mild", 5, 9),
        ("moderate", "Moderate", 10, 14),
        ("moderately_severe", "Moderately severe", 15, 19),
        ("severe", "Severe", 20, 27),
    ),
    **snomed(score=codes.PHQ9_SCORE, scale=codes.PHQ9_SCALE, procedure=codes.PHQ9_PROCEDURE),
    notes=(
        "Total ≥10 is the usual threshold for probable major depression.",
        "Any answer above 0 to q9 needs same-day risk assessment, whatever the total.",
    ),
)

PHQ2 = InstrumentDefinition(
    id="phq2",
    name="Patient Health Questionnaire (PHQ-2)",
    short_name="PHQ-2",
    **_COMMON,
    items=PHQ9.items[:2],  # q1, q2 (the difficulty item is PHQ-9's only)
    bands=SCREEN_BANDS,
    threshold_setting="phq2_positive_threshold",
    **snomed(score=codes.PHQ2_SCORE, scale=codes.PHQ2_SCALE, procedure=codes.PHQ2_PROCEDURE),
    notes=("A positive screen should be followed by the full PHQ-9.",),
)

GAD7 = InstrumentDefinition(
    id="gad7",
    name="Generalised Anxiety Disorder scale (GAD-7)",
    short_name="GAD-7",
    **_COMMON,
    items=_items(
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
    bands=band_table(
        ("minimal", "Minimal", 0, 4),
        ("mild", "Mild", 5, 9),
        ("moderate", "Moderate", 10, 14),
        ("severe", "Severe", 15, 21),
    ),
    **snomed(score=codes.GAD7_SCORE, scale=codes.GAD7_SCALE, procedure=codes.GAD7_PROCEDURE),
    notes=("Total ≥10 is the recommended threshold for further evaluation.",),
)

GAD2 = InstrumentDefinition(
    id="gad2",
    name="Generalised Anxiety Disorder scale (GAD-2)",
    short_name="GAD-2",
    **_COMMON,
    items=GAD7.items[:2],
    bands=SCREEN_BANDS,
    threshold_setting="gad2_positive_threshold",
    **snomed(score=codes.GAD2_SCORE, scale=codes.GAD2_SCALE, procedure=codes.GAD2_PROCEDURE),
)
