"""The questions a CGA form asks, generated from instrument and checklist definitions, and what the form shows."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from mdt_tui.cga.bundle import (
    CgaBundle,
    ChecklistAnswer,
    RecordedResult,
    checklist_progress,
    form_items,
    instrument_progress,
)
from mdt_tui.cga.checklists import CHECKLISTS, ChecklistQuestion
from mdt_tui.cga.sections import Section
from mdt_tui.cga.self_harm import ITEM_ID, extra_item, positive_answer
from mdt_tui.instruments import INSTRUMENTS, Item, ScoringSettings
from mdt_tui.instruments.model import Frozen, Number
from mdt_tui.instruments.results import format_total

MAX_DIGIT = 9


class Question(Frozen):
    """One question as a form asks it.

    kind: ``choice`` (pick with 1–9), ``digit`` (type the count 0–9 directly), ``number`` (typed in a
    field), ``text`` (free text, kept in a checklist answer's note).
    """

    id: str
    prompt: str
    kind: Literal["choice", "digit", "number", "text"]
    choices: tuple[tuple[Any, str], ...] = ()
    low: Number | None = None
    high: Number | None = None
    whole: bool = False
    unit: str | None = None
    help: str | None = None
    dated: bool = False
    noted: bool = False
    required: bool = True


def _from_item(item: Item) -> Question:
    common = {"id": item.id, "prompt": item.prompt, "help": item.help, "required": item.required, "unit": item.unit}
    if item.kind in ("choice", "level"):
        return Question(
            kind="choice", choices=tuple(zip(item.allowed(), (o.label for o in item.options), strict=True)), **common
        )
    if item.kind == "bool":
        return Question(kind="choice", choices=((True, "Yes"), (False, "No")), **common)
    if item.kind == "count" and item.max_value is not None and item.max_value <= MAX_DIGIT:
        return Question(kind="digit", low=item.min_value or 0, high=item.max_value, **common)
    return Question(kind="number", low=item.min_value, high=item.max_value, whole=item.kind == "count", **common)


def _from_checklist(question: ChecklistQuestion) -> Question:
    if not question.options:
        return Question(id=question.id, prompt=question.prompt, kind="text", help=question.help, required=False)
    return Question(
        id=question.id,
        prompt=question.prompt,
        kind="choice",
        help=question.help,
        choices=tuple((o.id, o.label) for o in question.options),
        dated=question.dated,
        noted=question.noted,
    )


def questions(item: Section) -> tuple[Question, ...]:
    """The questions of an instrument or checklist section, in the definition's order."""
    if item.kind == "instrument":
        asked = tuple(_from_item(i) for i in form_items(INSTRUMENTS[item.id]))
        if (extra := extra_item(item.id, ITEM_ID)) is not None:  # the PHQ-2 route asks PHQ-9 item 9 too
            asked += (
                _from_item(extra).model_copy(
                    update={
                        "help": "PHQ-9 item 9, always asked with the PHQ-2; scored separately (not in the PHQ-2 total)"
                    }
                ),
            )
        return asked
    return tuple(_from_checklist(q) for q in CHECKLISTS[item.id].questions)


def answer_text(question: Question, value: Any) -> str:
    """How a stored answer reads: the option label, the number with its unit, or the text."""
    if value is None or value == "":
        return "—"
    if question.kind == "choice":
        return next((label for v, label in question.choices if v == value and type(v) is type(value)), str(value))
    if isinstance(value, (int, float)):
        return f"{format_total(value)} {question.unit or ''}".strip()
    return str(value)


def parse_number(question: Question, text: str) -> Number | None:
    """A typed number for ``question``; None when blank; ValueError in the user's words otherwise."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value: Number = int(text) if question.whole or "." not in text else float(text)
    except ValueError:
        kind = "a whole number" if question.whole else "a number"
        raise ValueError(f"{question.prompt}: '{text}' is not {kind}") from None
    if (question.low is not None and value < question.low) or (question.high is not None and value > question.high):
        bounds = f"{question.low}–{question.high}" if question.high is not None else f"{question.low} or more"
        raise ValueError(f"{question.prompt}: {format_total(value)} is outside {bounds}")
    return value


class FormView(NamedTuple):
    """Everything a form shows for one section, recomputed after every answer."""

    title: str
    status: str
    stem: str | None
    questions: tuple[Question, ...]
    values: dict[str, Any]
    """Instrument answers by item id, or ChecklistAnswer by question id."""
    warnings: tuple[str, ...]
    notes: tuple[str, ...]


def form_view(
    item: Section,
    bundle: CgaBundle,
    scoring: ScoringSettings,
    previous: dict[str, RecordedResult],
    context: str | None = None,
) -> FormView:
    asked = questions(item)
    if item.kind == "checklist":
        values = dict(bundle.checklists.get(item.id, {}))
        answered = sum(
            1
            for q in asked
            if values.get(q.id, ChecklistAnswer()).answer
            or (q.kind == "text" and values.get(q.id, ChecklistAnswer()).note)
        )
        state = checklist_progress(CHECKLISTS[item.id], values)
        status = f"{answered} of {len(asked)} answered" + (" · done" if state == "done" else "")
        return FormView(item.title, status, None, asked, values, (), (context,) if context else ())
    defn = INSTRUMENTS[item.id]
    values = dict(bundle.answers.get(item.id, {}))
    progress = instrument_progress(defn, values, scoring)
    if progress.result is not None:
        status = f"Result: {progress.result.summary}"
        if given := bundle.administered.get(item.id) or bundle.answered_on.get(item.id):
            status += f" · given {given:%d %b %Y} (d on the Summary tab changes it)"
    elif progress.answered:
        status = f"{progress.answered} of {progress.items} answered"
        if progress.running_total is not None:
            status += f" · running total {format_total(progress.running_total)}"
        if progress.running_band:
            status += f" · {progress.running_band} so far"
    else:
        status = f"{progress.items} questions"
    warnings = [f"! Not scored: {progress.problem}"] if progress.problem else []
    if positive_answer({item.id: values}) is not None:
        done = bundle.self_harm is not None
        warnings.insert(
            0,
            "✔ item 9: same-day action recorded"
            if done
            else "! URGENT: item 9 above 0 — record today's risk assessment (who, outcome) before going on",
        )
    before = previous.get(item.id)
    notes = (
        f"Previous: {before.summary} on {before.on:%d %b %Y}" if before else "Previous: none recorded",
        defn.attribution,
    )
    return FormView(defn.short_name, status, defn.stem, asked, values, tuple(warnings), notes)
