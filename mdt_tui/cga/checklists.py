"""The CGA checklists of issue 4 as data: each question, its answer options, and whether a date or note goes with it."""

from __future__ import annotations

from mdt_tui.instruments.model import Frozen, Option


def _options(*pairs: tuple[str, str]) -> tuple[Option, ...]:
    return tuple(Option(id=i, label=label) for i, label in pairs)


REVIEW = _options(("done", "Done"), ("due", "Due"), ("not_applicable", "Not applicable"))
VACCINE = _options(
    ("up_to_date", "Up to date"), ("due", "Due"), ("declined", "Declined"), ("not_eligible", "Not eligible")
)
YES_NO = _options(("yes", "Yes"), ("no", "No"))
CONCERN = _options(("no_concern", "No concern"), ("concern", "Concern"))


class ChecklistQuestion(Frozen):
    """One line of a checklist: a choice (``options``) or, with no options, free text kept in the note."""

    id: str
    prompt: str
    options: tuple[Option, ...] = ()
    dated: bool = False
    """A date goes with the answer (when it was done or given)."""
    noted: bool = True
    help: str | None = None


class Checklist(Frozen):
    id: str
    title: str
    questions: tuple[ChecklistQuestion, ...]

    def question(self, question_id: str) -> ChecklistQuestion:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


def _q(question_id: str, prompt: str, options: tuple[Option, ...] = (), **extra) -> ChecklistQuestion:
    return ChecklistQuestion(id=question_id, prompt=prompt, options=options, **extra)


PHYSICAL = Checklist(
    id="physical_checks",
    title="Reviews and vaccines",
    questions=(
        _q("heart_failure_review", "Heart failure review", REVIEW, dated=True),
        _q("copd_review", "COPD review", REVIEW, dated=True),
        _q("diabetes_review", "Diabetes review", REVIEW, dated=True),
        _q("ckd_review", "Chronic kidney disease review", REVIEW, dated=True),
        _q("other_review", "Other disease-specific review", REVIEW, dated=True, help="Say which in the note."),
        _q("influenza_vaccine", "Influenza vaccination", VACCINE, dated=True),
        _q("pneumococcal_vaccine", "Pneumococcal vaccination", VACCINE, dated=True),
        _q("covid19_vaccine", "COVID-19 vaccination", VACCINE, dated=True),
        _q("shingles_vaccine", "Shingles vaccination", VACCINE, dated=True),
        _q(
            "osteoporosis",
            "Osteoporosis / FRAX assessment",
            _options(("done", "Done"), ("needed", "Needed"), ("not_applicable", "Not applicable")),
            dated=True,
            help="Put the FRAX result in the note.",
        ),
    ),
)

SOCIAL = Checklist(
    id="social_checks",
    title="Social checklist",
    questions=(
        _q(
            "carer_status",
            "Carer status",
            _options(
                ("has_carer", "Has a carer"),
                ("is_carer", "Is a carer"),
                ("both", "Has a carer and is a carer"),
                ("neither", "Neither"),
            ),
        ),
        _q(
            "carer_strain", "Carer strain", _options(("yes", "Yes"), ("no", "No"), ("not_applicable", "Not applicable"))
        ),
        _q("safeguarding", "Safeguarding concern", YES_NO),
        _q(
            "housing",
            "Housing type",
            _options(
                ("owner", "Owner-occupied"),
                ("rented", "Rented"),
                ("sheltered", "Sheltered or extra-care housing"),
                ("care_home", "Care home"),
                ("other", "Other"),
            ),
        ),
        _q("home_safety", "Home safety", _options(("no_concerns", "No concerns"), ("concerns", "Concerns"))),
        _q(
            "smoking",
            "Smoking status",
            _options(("never", "Never smoked"), ("ex", "Ex-smoker"), ("current", "Current smoker")),
        ),
        _q(
            "behavioural_risks",
            "Alcohol and other behavioural risks",
            _options(("no_concerns", "No concerns"), ("concerns", "Concerns")),
        ),
        _q("housebound", "Housebound", YES_NO),
    ),
)

NEXT_OF_KIN = Checklist(
    id="next_of_kin",
    title="Next of kin",
    questions=(
        _q(
            "status",
            "Next of kin confirmed with the person",
            _options(
                ("confirmed", "Confirmed as recorded"),
                ("changed", "Changed: give the details below"),
                ("none", "No next of kin"),
            ),
            noted=False,
        ),
        _q("name", "Name"),
        _q("relationship", "Relationship"),
        _q("phone", "Phone"),
    ),
)

FUNCTIONAL = Checklist(
    id="functional_checks",
    title="Senses and mobility",
    questions=(
        _q("hearing", "Hearing", CONCERN),
        _q("vision", "Vision", CONCERN),
        _q("dental", "Dental and oral health", CONCERN),
        _q("gait_balance", "Gait and balance", CONCERN),
        _q("continence", "Continence", CONCERN),
    ),
)

MEDICATION = Checklist(
    id="medication_review",
    title="Medication review",
    questions=(
        _q(
            "structured_review",
            "Structured medication review",
            _options(("done", "Done"), ("needed", "Needed"), ("not_needed", "Not needed")),
            dated=True,
        ),
        _q("feedback", "The person's own feedback about their medicines"),
    ),
)

ADVANCE_CARE_PLAN = Checklist(
    id="advance_care_plan",
    title="Advance care plan",
    questions=(
        _q(
            "plan",
            "Advance care plan reviewed",
            _options(("respect", "ReSPECT"), ("peace", "PEACE"), ("other", "Other plan"), ("none", "No plan")),
            dated=True,
        ),
    ),
)

CHECKLISTS: dict[str, Checklist] = {
    c.id: c for c in (PHYSICAL, SOCIAL, NEXT_OF_KIN, FUNCTIONAL, MEDICATION, ADVANCE_CARE_PLAN)
}
