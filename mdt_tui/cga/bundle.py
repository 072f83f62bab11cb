"""The CGA bundle: what a draft or completed assessment holds, and its progress and results (no UI, no SQL)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from mdt_tui.cga.checklists import CHECKLISTS, Checklist
from mdt_tui.cga.self_harm import SelfHarmAction, positive_answer
from mdt_tui.instruments import INSTRUMENTS, InstrumentDefinition, ScoreResult, ScoringSettings, lookup_drug, score
from mdt_tui.instruments.acb import normalise_drug_name
from mdt_tui.instruments.generic import bands_for, find_band, item_points
from mdt_tui.instruments.model import Number
from mdt_tui.models import Text
from mdt_tui.pathway import Stage, transition
from mdt_tui.roles import Role
from mdt_tui.team_policy import TeamPolicy

Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Free = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Progress = Literal["done", "in_progress", "not_started"]
SYMBOLS: dict[str, str] = {"done": "✔", "in_progress": "◐", "not_started": "○"}
WORDS: dict[str, str] = {"done": "done", "in_progress": "in progress", "not_started": "not started"}


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChecklistAnswer(_Record):
    """One checklist line: the option chosen, the date as typed (see ``parse_day``) and a note."""

    answer: str | None = None
    on: Free = ""
    note: Free = ""

    @property
    def empty(self) -> bool:
        return self.answer is None and not self.on and not self.note


class Medicine(_Record):
    name: Text
    dose: Free = ""
    indication: Free = ""


class Goal(_Record):
    """What matters to the person, in their own words."""

    text: Words


class ElsewhereAssessment(_Record):
    """An assessment done by another service: what, where, when, result."""

    what: Text
    where: Free = ""
    when: Free = ""
    result: Free = ""


class AcbOverride(_Record):
    """A pharmacist's ACB score for one drug in this CGA, with the list's score it replaces and why."""

    score: int = Field(strict=True, ge=0, le=3)
    list_score: int | None = None
    """The drug's score on the shipped list; None when it is not on the list (which counts 0)."""
    reason: Words

    @classmethod
    def for_drug(cls, drug: str, score: int, reason: str) -> AcbOverride:
        """An override of ``drug`` (as ``acb_drug_key`` gives it), noting the list score it replaces."""
        listed = lookup_drug(drug)
        return cls(score=score, list_score=listed.score if listed else None, reason=reason)

    def describe(self) -> str:
        """Shown beside the drug: ACB 3 → 1, pharmacist override: <reason>."""
        return f"ACB {self.list_score or 0} → {self.score}, pharmacist override: {self.reason}"


def acb_drug_key(name: str) -> str:
    """How an override is keyed: the canonical UK name for a listed drug, else the normalised name typed."""
    drug = lookup_drug(name)
    return drug.name if drug else normalise_drug_name(name)


def acb_override_refusal(role: Role) -> str | None:
    """Why this role cannot override a drug's ACB score, or None for a pharmacist."""
    if role is Role.PHARMACIST:
        return None
    return f"Only a pharmacist can override a drug's ACB score; you are signed in as {role.label.lower()}."


class ListSpec(NamedTuple):
    id: str
    title: str
    model: type[_Record]
    fields: tuple[tuple[str, str], ...]
    ordered: bool = False


LISTS: dict[str, ListSpec] = {
    spec.id: spec
    for spec in (
        ListSpec(
            "medicines",
            "Medicines (ACB)",
            Medicine,
            (("name", "Medicine"), ("dose", "Dose"), ("indication", "Indication")),
        ),
        ListSpec("goals", "What matters to me", Goal, (("text", "In the person's words"),), ordered=True),
        ListSpec(
            "elsewhere",
            "Done elsewhere",
            ElsewhereAssessment,
            (("what", "What"), ("where", "Where"), ("when", "When"), ("result", "Result")),
        ),
    )
}


DOMAINS_REQUIRED: tuple[str, ...] = ("mental", "functional", "medication")
"""Each needs a completed instrument, or a recorded reason, before a CGA can be completed."""
NOT_COUNTED = frozenset({"efi"})
"""Context, not an assessment done in this CGA: the GP system calculates the eFI."""
REASONS: dict[str, str] = {
    "declined": "declined",
    "done_elsewhere": "done elsewhere",
    "not_appropriate": "not appropriate",
}


class DomainReason(_Record):
    """Why a domain has no completed instrument: declined, done elsewhere (on a date), or not appropriate."""

    reason: Literal["declined", "done_elsewhere", "not_appropriate"]
    done_on: date | None = None

    def describe(self) -> str:
        if self.reason == "done_elsewhere":
            return f"done elsewhere on {self.done_on:%d %b %Y}" if self.done_on else "done elsewhere"
        return REASONS[self.reason]


class RecordedResult(_Record):
    """An instrument result as recorded when a CGA was completed (``on``: the day it was administered)."""

    instrument: str
    total: int | float | None
    band: str
    band_label: str
    summary: str
    on: date


class SuggestedProblem(_Record):
    """A concern the MDT should consider, with where it came from."""

    rule: str
    title: str
    source: str
    urgent: bool = False


class CgaBundle(BaseModel):
    """A person's CGA: a draft that fills up answer by answer, then a completed record."""

    model_config = ConfigDict(extra="forbid")

    id: int | None = None
    person_id: int
    status: Literal["draft", "completed"] = "draft"
    started_on: date
    started_by: str = ""
    assessment_date: date | None = None
    completed_by: str | None = None
    answers: dict[str, dict[str, Any]] = Field(default_factory=dict)
    checklists: dict[str, dict[str, ChecklistAnswer]] = Field(default_factory=dict)
    medicines: list[Medicine] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    elsewhere: list[ElsewhereAssessment] = Field(default_factory=list)
    acb_overrides: dict[str, AcbOverride] = Field(default_factory=dict)
    """The pharmacist's ACB scores, keyed by ``acb_drug_key``; applied to the medicines' ACB total."""
    pending: dict[str, dict[str, str]] = Field(default_factory=dict)
    """Text typed into a list's entry fields but not yet added."""
    last_section: str | None = None
    results: dict[str, RecordedResult] = Field(default_factory=dict)
    suggested_problems: list[SuggestedProblem] = Field(default_factory=list)
    answered_on: dict[str, date] = Field(default_factory=dict)
    """The day each section's last answer was given (as stored): an instrument's default administration date."""
    administered: dict[str, date] = Field(default_factory=dict)
    """Administration dates typed by the user, by instrument id; they replace the default."""
    domain_reasons: dict[str, DomainReason] = Field(default_factory=dict)
    """Why a required domain has no completed instrument, by domain."""
    self_harm: SelfHarmAction | None = None
    """The same-day action recorded after a positive PHQ-9 item 9 answer in this CGA."""

    # -- changes (the store writes the same ones) --------------------------------------------
    def set_answer(self, instrument_id: str, item_id: str, value: Any) -> None:
        answers = self.answers.setdefault(instrument_id, {})
        if value is None:
            answers.pop(item_id, None)
        else:
            answers[item_id] = value
        self.last_section = instrument_id

    def set_checklist(self, checklist_id: str, question_id: str, answer: ChecklistAnswer) -> None:
        self.checklists.setdefault(checklist_id, {})[question_id] = answer
        self.last_section = checklist_id

    def set_list(self, list_id: str, rows: list) -> None:
        setattr(self, list_id, list(rows))
        self.last_section = list_id

    def set_pending(self, list_id: str, field: str, text: str) -> None:
        self.pending.setdefault(list_id, {})[field] = text
        self.last_section = list_id

    def set_acb_override(self, drug: str, override: AcbOverride | None) -> None:
        if override is None:
            self.acb_overrides.pop(drug, None)
        else:
            self.acb_overrides[drug] = override
        self.last_section = "medicines"

    def apply_entry(self, kind: str, section: str, key: str, value: Any) -> None:
        """Replay one stored entry (decoded JSON) onto the bundle."""
        if kind == "answer":
            self.set_answer(section, key, value)
        elif kind == "checklist":
            self.set_checklist(section, key, ChecklistAnswer.model_validate(value))
        elif kind == "list":
            self.set_list(section, [LISTS[section].model.model_validate(row) for row in value])
        elif kind == "pending":
            self.set_pending(section, key, value)
        elif kind == "acb_override":
            self.set_acb_override(key, None if value is None else AcbOverride.model_validate(value))
        else:
            raise ValueError(f"unknown CGA entry kind {kind!r}")

    # -- reading ----------------------------------------------------------------------------
    def checklist_answer(self, checklist_id: str, question_id: str) -> ChecklistAnswer:
        return self.checklists.get(checklist_id, {}).get(question_id) or ChecklistAnswer()

    def rows(self, list_id: str) -> list:
        return getattr(self, LISTS[list_id].id)


def scoring_settings(settings: TeamPolicy) -> ScoringSettings:
    """The cut-points the team policy holds (signed off by the neighbourhood), as the scorer takes them."""
    return ScoringSettings(
        ucla3_lonely_threshold=settings.ucla3_lonely_threshold,
        phq2_positive_threshold=settings.phq2_positive_threshold,
        gad2_positive_threshold=settings.gad2_positive_threshold,
        barthel_dependency_threshold=settings.barthel_dependency_threshold,
    )


def bundle_scoring(bundle: CgaBundle, scoring: ScoringSettings) -> ScoringSettings:
    """The signed-off cut-points with this CGA's pharmacist overrides added."""
    overrides = {drug: override.score for drug, override in bundle.acb_overrides.items()}
    return ScoringSettings.model_validate({**scoring.model_dump(), "acb_overrides": overrides})


# -- dates --------------------------------------------------------------------------------------
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_day(text: str) -> date | None:
    """A date typed as dd/mm/yyyy (or yyyy-mm-dd); None when blank. ValueError says what is wrong."""
    text = text.strip()
    if not text:
        return None
    try:
        if match := _DMY.match(text):
            day, month, year = map(int, match.groups())
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date: type it as dd/mm/yyyy, e.g. 05/03/2026") from None


# -- progress -----------------------------------------------------------------------------------
class InstrumentProgress(NamedTuple):
    answered: int
    items: int
    running_total: Number | None
    running_band: str | None
    result: ScoreResult | None
    problem: str | None
    """Why a fully answered instrument does not score (e.g. BMI given twice), in the user's words."""

    @property
    def status(self) -> Progress:
        return "done" if self.result else "in_progress" if self.answered else "not_started"


def form_items(defn: InstrumentDefinition) -> tuple:
    """The items a form asks (a drug list is entered as the medicines list instead)."""
    return tuple(item for item in defn.items if item.kind != "drug_list")


def instrument_progress(defn: InstrumentDefinition, answers: dict, scoring: ScoringSettings) -> InstrumentProgress:
    items = form_items(defn)
    given = {item.id: answers[item.id] for item in items if answers.get(item.id) is not None}
    points = [p for item in items if item.id in given and (p := _points(item, given[item.id])) is not None]
    running = sum(points) if points else (0 if given and defn.scorer != "category" else None)
    band = None
    if running is not None and defn.scorer in ("sum", "must"):
        try:
            band = find_band(bands_for(defn, scoring), running).label
        except LookupError:
            band = None
    result, problem = None, None
    if given:
        try:
            result = score(defn.id, given, settings=scoring)
        except ValueError as exc:
            if all(item.id in given for item in items if item.required):
                problem = friendly_error(defn, exc)
    counted = [item.id for item in items if item.scored]  # the optional, unscored PHQ-9 difficulty item is extra
    return InstrumentProgress(sum(i in given for i in counted), len(counted), running, band, result, problem)


def _points(item, value) -> Number | None:
    try:
        return item_points(item, value)
    except (StopIteration, TypeError):  # a stored value the definition no longer offers
        return None


def friendly_error(defn: InstrumentDefinition, exc: Exception) -> str:
    """A scorer error with item ids replaced by their prompts: "MUST: Step 1: BMI is missing (...)"."""
    prompts = {item.id: item.prompt for item in defn.items}
    ids = "|".join(map(re.escape, sorted(prompts, key=len, reverse=True)))
    text = re.sub(
        rf"item '({ids})'|\b({ids})\b", lambda m: prompts[m[1] or m[2]], str(exc).removeprefix(f"{defn.id}: ")
    )
    return f"{defn.short_name}: {text}"


def checklist_progress(checklist: Checklist, answers: dict[str, ChecklistAnswer]) -> Progress:
    """Done when every choice question is answered; text questions are optional."""
    choices = [q for q in checklist.questions if q.options]
    if all(answers.get(q.id) and answers[q.id].answer for q in choices):
        return "done"
    return "in_progress" if any(not a.empty for a in answers.values()) else "not_started"


def list_progress(bundle: CgaBundle, list_id: str) -> Progress:
    if bundle.rows(list_id):
        return "done"
    return "in_progress" if any(bundle.pending.get(list_id, {}).values()) else "not_started"


# -- results ------------------------------------------------------------------------------------
def medicines_acb(bundle: CgaBundle, scoring: ScoringSettings) -> ScoreResult | None:
    """The ACB score of the medicines list with the pharmacist's overrides, or None when no medicine is listed."""
    if not bundle.medicines:
        return None
    return score("acb", {"drugs": [m.name for m in bundle.medicines]}, settings=bundle_scoring(bundle, scoring))


def bundle_results(bundle: CgaBundle, scoring: ScoringSettings) -> dict[str, ScoreResult]:
    """Every instrument that scores, in the registry's order (ACB from the medicines)."""
    results: dict[str, ScoreResult] = {}
    for instrument_id, defn in INSTRUMENTS.items():
        if instrument_id == "acb":
            acb = medicines_acb(bundle, scoring)
            if acb is not None:
                results["acb"] = acb
        elif bundle.answers.get(instrument_id):
            progress = instrument_progress(defn, bundle.answers[instrument_id], scoring)
            if progress.result is not None:
                results[instrument_id] = progress.result
    return results


class CompletionCheck(NamedTuple):
    unfinished: list[str]
    """Instruments started but not scorable: "PHQ-9 (5 of 9 answered)"."""
    bad_dates: list[str]
    nothing_done: bool
    missing_domains: list[str] = []
    """Required domains with neither a completed instrument nor a recorded reason."""
    self_harm_pending: bool = False

    def refusal(self, *, allow_unfinished: bool) -> str | None:
        """Why the CGA cannot be completed yet, in the user's words; None when it can."""
        if self.self_harm_pending:
            return (
                "The self-harm answer (PHQ-9 item 9) has not been actioned: record who is doing today's"
                " risk assessment and its outcome first."
            )
        if self.bad_dates:
            return "Correct these dates first: " + "; ".join(self.bad_dates)
        if self.nothing_done:
            return "Nothing in this CGA is finished yet: finish an instrument or a checklist."
        if self.missing_domains:
            return (
                "A CGA needs a completed instrument in each of the mental, functional and medication domains,"
                " or a reason it was not done: "
                + ", ".join(self.missing_domains)
                + " has none (r on the Summary tab records why)."
            )
        if self.unfinished and not allow_unfinished:
            return (
                "Unfinished, so it would not be recorded: "
                + "; ".join(self.unfinished)
                + ". Finish it, or complete the CGA anyway."
            )
        return None


def completion_check(bundle: CgaBundle, scoring: ScoringSettings) -> CompletionCheck:
    unfinished = []
    for instrument_id, answers in bundle.answers.items():
        defn = INSTRUMENTS[instrument_id]
        progress = instrument_progress(defn, answers, scoring)
        if progress.status == "in_progress":
            answered = f"{defn.short_name} ({progress.answered} of {progress.items} answered)"
            unfinished.append(progress.problem or answered)
    bad_dates = []
    for checklist_id, answers in bundle.checklists.items():
        checklist = CHECKLISTS[checklist_id]
        for question_id, answer in answers.items():
            try:
                parse_day(answer.on)
            except ValueError as exc:
                bad_dates.append(f"{checklist.title}, {checklist.question(question_id).prompt}: {exc}")
    results = bundle_results(bundle, scoring)
    done = (
        bool(results)
        or bool(bundle.goals or bundle.elsewhere)
        or any(checklist_progress(CHECKLISTS[c], a) == "done" for c, a in bundle.checklists.items())
    )
    return CompletionCheck(
        unfinished,
        bad_dates,
        not done,
        missing_domains(bundle, results),
        positive_answer(bundle.answers) is not None and bundle.self_harm is None,
    )


def domain_instruments(results: dict[str, ScoreResult]) -> dict[str, list[str]]:
    """The completed instruments counted for each required domain (the eFI is context, not counted)."""
    found: dict[str, list[str]] = {domain: [] for domain in DOMAINS_REQUIRED}
    for instrument_id in results:
        domain = INSTRUMENTS[instrument_id].domain
        if domain in found and instrument_id not in NOT_COUNTED:
            found[domain].append(INSTRUMENTS[instrument_id].short_name)
    return found


def missing_domains(bundle: CgaBundle, results: dict[str, ScoreResult]) -> list[str]:
    """Required domains with no completed instrument and no recorded reason, in order."""
    done = domain_instruments(results)
    return [domain for domain in DOMAINS_REQUIRED if not done[domain] and domain not in bundle.domain_reasons]


def cga_refusal(stage: Stage, role: Role) -> str | None:
    """Why this role cannot record a CGA for a person at this stage, or None when it can."""
    rule = transition("complete_cga")
    if stage not in rule.sources:
        return f"A CGA is recorded only for people on the caseload; this person is {stage.label.lower()}."
    if role not in rule.roles:
        return f"A {role.label.lower()} cannot record a CGA: ask a colleague who assesses."
    return None
