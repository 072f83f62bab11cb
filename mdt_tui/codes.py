"""The code register: every SNOMED CT concept the app can write or names, declared once with its status.

Each entry says what writes it and where the id comes from. Only ``confirmed`` entries that a step
writes may reach a GP record; the store refuses any other id (migration 0010 installs the guard).
An output with no confirmed id is an entry with ``code=None``: the practice checklist lists it as
"record on the practice template: TERM". See /work/shared/instruments.md "Revision 2" and
blueprint.md for the sources named below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["confirmed", "unconfirmed"]

_BLUEPRINT = "blueprint.md (commissioner's implementation guide); instruments.md 11a"
_SCORE_WRITER = "CGA completion: the instrument's score, with the value, on its administration date"
_REFERENCE = ""  # named in an instrument definition, never written


@dataclass(frozen=True, slots=True)
class Concept:
    """One register entry. ``written_by`` empty means the app shows the concept but never writes it."""

    code: str | None
    term: str
    written_by: str = _REFERENCE
    source: str = ""
    status: Status = "confirmed"

    @property
    def sctid(self) -> str:
        """The SNOMED CT id, for a concept the code names by its id (it has one: else this says so)."""
        if self.code is None:
            raise ValueError(f"'{self.term}' has no SNOMED CT id in the register")
        return self.code

    @property
    def writable(self) -> bool:
        """True when a step may write this id into a GP record."""
        return self.status == "confirmed" and self.code is not None and bool(self.written_by)


def _c(code: str | None, term: str, written_by: str, source: str, status: Status = "confirmed") -> Concept:
    return Concept(code, term, written_by, source, status)


# -- the pathway (blueprint.md) ------------------------------------------------------------------
AT_RISK_OF_EMERGENCY_ADMISSION = _c(
    "788921000000108",
    "At risk of emergency hospital admission",
    "Cohort import: a person found by the search (the search's run date)",
    _BLUEPRINT,
)
ELIGIBLE_FOR_INTEGRATED_CARE_PATHWAY = _c(
    "936221000000104", "Eligible for integrated care pathway", "Desktop review: eligible", _BLUEPRINT
)
ASSESSMENT_NOT_APPROPRIATE = _c(
    "1239441000000103",
    "Proactive care needs assessment not appropriate",
    "Desktop review or meeting: not appropriate",
    _BLUEPRINT,
)
PATHWAY_DECLINED = _c("877011000000107", "Integrated care pathway declined", "Consent: declined", _BLUEPRINT)
ON_PATHWAY = _c("818241000000105", "On integrated care pathway", "Consent: consented", _BLUEPRINT)
CGA_RECORDED = _c(
    "836131000000104",
    "Subject of comprehensive geriatric assessment",
    "CGA completion with the minimum content (never for a frailty score alone)",
    _BLUEPRINT,
)
MDT_REVIEW_COMPLETED = _c(
    "1026051000000106", "Multi-agency case management review", "Plan agreed at the MDT review", _BLUEPRINT
)

PATHWAY_CONCEPTS: tuple[Concept, ...] = (
    AT_RISK_OF_EMERGENCY_ADMISSION,
    ELIGIBLE_FOR_INTEGRATED_CARE_PATHWAY,
    ASSESSMENT_NOT_APPROPRIATE,
    PATHWAY_DECLINED,
    ON_PATHWAY,
    CGA_RECORDED,
    MDT_REVIEW_COMPLETED,
)

# -- instrument scores (written with the value) and the scales/procedures they name ---------------
PHQ9_SCORE = _c("720433000", "Patient Health Questionnaire Nine Item score", _SCORE_WRITER, "instruments.md 1")
PHQ9_SCALE = _c("758711000000105", "Patient health questionnaire 9", _REFERENCE, "instruments.md 1")
PHQ9_PROCEDURE = _c(
    "715252007",
    "Depression screening using Patient Health Questionnaire Nine Item score",
    _REFERENCE,
    "instruments.md 1",
)
PHQ2_SCORE = _c("836541000000100", "Patient health questionnaire 2 score", _SCORE_WRITER, "instruments.md 1")
PHQ2_SCALE = _c("836521000000107", "Patient health questionnaire 2", _REFERENCE, "instruments.md 1")
PHQ2_PROCEDURE = _c(
    "836531000000109", "Assessment using patient health questionnaire 2", _REFERENCE, "instruments.md 1"
)
GAD7_SCORE = _c("445455005", "Generalized Anxiety Disorder 7 item score", _SCORE_WRITER, "instruments.md 2")
GAD7_SCALE = _c("704501007", "Generalized Anxiety Disorder 7 item scale", _REFERENCE, "instruments.md 2")
GAD7_PROCEDURE = _c(
    "445598007", "Assessment using Generalized Anxiety Disorder 7 item score", _REFERENCE, "instruments.md 2"
)
GAD2_SCORE = _c("836571000000106", "Generalised anxiety disorder 2 scale score", _SCORE_WRITER, "instruments.md 2")
GAD2_SCALE = _c("836551000000102", "Generalised anxiety disorder 2 scale", _REFERENCE, "instruments.md 2")
GAD2_PROCEDURE = _c(
    "836561000000104", "Assessment using generalised anxiety disorder 2 scale", _REFERENCE, "instruments.md 2"
)
SIX_CIT_SCORE = _c(
    "1085151000000108",
    "Six Item Cognitive Impairment Test total score",
    _SCORE_WRITER,
    "instruments.md 4 (NHSD DEMASS_COD)",
)
CFS_SCORE = _c(
    "763264000", "Canadian Study of Health and Aging Clinical Frailty Scale score", _SCORE_WRITER, "instruments.md 5"
)
CFS_SCALE = _c("445414007", "Canadian Study of Health and Aging clinical frailty scale", _REFERENCE, "instruments.md 5")
EFI_SCORE = _c(
    "713636003",
    "Frailty Index score",
    _REFERENCE,
    "instruments.md 6; Revision 2: calculated by the GP system, never written back",
)
MUST_SCORE = _c("444297006", "Malnutrition universal screening tool score", _SCORE_WRITER, "instruments.md 8")
BARTHEL_SCALE = _c("273302005", "Barthel index", _REFERENCE, "instruments.md 10")
ACB_SCALE = _c("763240001", "Anticholinergic Cognitive Burden Scale", _REFERENCE, "instruments.md 9")
FALL_RISK_ASSESSMENT = _c(
    "414191008",
    "Fall risk assessment",
    "CGA completion with a falls screen (FRAT-5 or FRAT)",
    "instruments.md 7; Revision 2",
)

# -- CFS level findings (Revision 2: coded with 763264000 at completion), levels 1..9 --------------
_LEVEL = "CGA completion with a CFS (the level finding beside 763264000)"
CFS_LEVEL_FINDINGS: tuple[Concept, ...] = tuple(
    _c(
        code,
        f"Canadian Study of Health and Aging Clinical Frailty Scale level {level} - {name}",
        _LEVEL,
        "instruments.md 5 (UK level findings)",
    )
    for level, (code, name) in enumerate(
        (
            ("1129331000000101", "very fit"),
            ("1129341000000105", "fit"),
            ("1129351000000108", "managing well"),
            ("1129361000000106", "living with very mild frailty"),
            ("1129371000000104", "living with mild frailty"),
            ("1129381000000102", "living with moderate frailty"),
            ("1129391000000100", "living with severe frailty"),
            ("1129401000000102", "living with very severe frailty"),
            ("1129411000000100", "terminally ill"),
        ),
        1,
    )
)

# -- frailty diagnoses: only when a clinician confirms them at completion (never for CFS 9) ---------
_DIAGNOSIS = "CGA completion, only when a clinician confirms the diagnosis (one key); never automatic"
MILD_FRAILTY = _c("925791000000100", "Mild frailty", _DIAGNOSIS, "instruments.md 6; Revision 2 (CFS 5)")
MODERATE_FRAILTY = _c("925831000000107", "Moderate frailty", _DIAGNOSIS, "instruments.md 6; Revision 2 (CFS 6)")
SEVERE_FRAILTY = _c("925861000000102", "Severe frailty", _DIAGNOSIS, "instruments.md 6; Revision 2 (CFS 7-8)")

# -- other outputs Revision 2 confirms -------------------------------------------------------------
STRUCTURED_MEDICATION_REVIEW = _c(
    "1239511000000100",
    "Structured medication review",
    "When the pharmacist completes the medication review",
    "instruments.md 11b (opensafely/medication-reviews)",
)
ADVANCE_CARE_PLANNING = _c(
    "713603004",
    "Advance care planning",
    "When the plan records an advance care plan discussed (ReSPECT or PEACE)",
    "instruments.md 11b",
)
IS_A_CARER = _c(
    "224484003",
    "Patient themselves providing care",
    "When the person is recorded as a carer",
    "instruments.md 11b (PRIMIS CARER_COD)",
)

# -- outputs with no confirmed id: listed for the practice template, never written -----------------
_TEMPLATE = "instruments.md Revision 2: no confirmed id; record on the practice template"
PERSONALISED_CARE_PLAN_AGREED = _c(
    None, "Personalised care and support plan agreed", "Plan agreed", _TEMPLATE, "unconfirmed"
)
HAS_RESPECT = _c(
    None,
    "Has ReSPECT (recommended summary plan for emergency care and treatment)",
    "Plan records a ReSPECT form",
    _TEMPLATE,
    "unconfirmed",
)
TREATMENT_ESCALATION_PLAN = _c(
    None, "Treatment escalation plan", "Plan records a treatment escalation plan", _TEMPLATE, "unconfirmed"
)
CONSENT_TO_SHARE = _c(None, "Consent to share information", "Consent: consented", _TEMPLATE, "unconfirmed")
CARER_STRAIN = _c(
    None,
    "Carer strain",
    "CGA social checklist: carer strain; a carer's strain recorded (households)",
    _TEMPLATE,
    "unconfirmed",
)
HAS_A_CARER = _c(None, "Has a carer", "Household and carers: a carer recorded for the person", _TEMPLATE, "unconfirmed")
NAMED_LEAD_PROFESSIONAL = _c(None, "Named lead professional", "Lead professional recorded", _TEMPLATE, "unconfirmed")

TEMPLATE_ENTRIES: tuple[Concept, ...] = (
    PERSONALISED_CARE_PLAN_AGREED,
    HAS_RESPECT,
    TREATMENT_ESCALATION_PLAN,
    CONSENT_TO_SHARE,
    CARER_STRAIN,
    NAMED_LEAD_PROFESSIONAL,
    HAS_A_CARER,
)
"""Outputs the blueprint names that have no confirmed id: the practice records them on its own template."""

REGISTER: tuple[Concept, ...] = (
    *PATHWAY_CONCEPTS,
    PHQ9_SCORE,
    PHQ9_SCALE,
    PHQ9_PROCEDURE,
    PHQ2_SCORE,
    PHQ2_SCALE,
    PHQ2_PROCEDURE,
    GAD7_SCORE,
    GAD7_SCALE,
    GAD7_PROCEDURE,
    GAD2_SCORE,
    GAD2_SCALE,
    GAD2_PROCEDURE,
    SIX_CIT_SCORE,
    CFS_SCORE,
    CFS_SCALE,
    *CFS_LEVEL_FINDINGS,
    EFI_SCORE,
    MUST_SCORE,
    BARTHEL_SCALE,
    ACB_SCALE,
    FALL_RISK_ASSESSMENT,
    MILD_FRAILTY,
    MODERATE_FRAILTY,
    SEVERE_FRAILTY,
    STRUCTURED_MEDICATION_REVIEW,
    ADVANCE_CARE_PLANNING,
    IS_A_CARER,
    *TEMPLATE_ENTRIES,
)
"""Every entry, declared once above."""

BY_CODE: dict[str, Concept] = {c.code: c for c in REGISTER if c.code is not None}
TERMS: dict[str, str] = {code: c.term for code, c in BY_CODE.items()}
WRITABLE: frozenset[str] = frozenset(code for code, c in BY_CODE.items() if c.writable)
"""The ids a step may write into a GP record."""


class UnregisteredCode(ValueError):
    """A step tried to write an id that is not a confirmed, written entry of the register."""


def require_writable(code: str) -> Concept:
    """The register entry for ``code``; UnregisteredCode when it may not be written."""
    concept = BY_CODE.get(code)
    if concept is None or not concept.writable:
        why = "is not in the code register" if concept is None else f"may not be written ({concept.term})"
        raise UnregisteredCode(f"SNOMED CT id {code} {why}; nothing was recorded.")
    return concept


def cfs_level_finding(level: int) -> Concept:
    """The UK level finding for CFS ``level`` (1–9)."""
    if not 1 <= level <= 9:
        raise ValueError(f"a CFS level is 1–9, not {level}")
    return CFS_LEVEL_FINDINGS[level - 1]


def frailty_diagnosis(level: int) -> Concept | None:
    """The diagnosis a clinician may confirm for CFS ``level``: 5 mild, 6 moderate, 7–8 severe; else None (9 too)."""
    return {5: MILD_FRAILTY, 6: MODERATE_FRAILTY, 7: SEVERE_FRAILTY, 8: SEVERE_FRAILTY}.get(level)


# -- SNOMED CT identifier checks (Verhoeff dihedral check digit; partition identifier) ------------
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def verhoeff_valid(code: str) -> bool:
    """True when the last digit of ``code`` is its Verhoeff check digit (as every SCTID's is)."""
    if not code.isascii() or not code.isdigit():
        return False
    check = 0
    for position, digit in enumerate(reversed(code)):
        check = _D[check][_P[position % 8][int(digit)]]
    return check == 0


def partition(code: str) -> str:
    """The partition identifier: "00" a concept in the international release, "10" in an extension."""
    return code[-3:-1]


def is_concept_id(code: str) -> bool:
    """A well-formed SNOMED CT concept id: 6–18 digits, valid check digit, concept partition."""
    return 6 <= len(code) <= 18 and code[0] != "0" and verhoeff_valid(code) and partition(code) in ("00", "10")
