"""A CGA form generated from an instrument or checklist definition: one question at a time, or all at once.

Number keys answer (1–9 pick an option; a small count is typed as itself, 0–9); numbers, dates,
notes and free text go in the boxes under the question. Every change is posted up as
``Answered``; the screen saves it and sends back the recomputed view (total, band, warnings).
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from mdt_tui.cga.bundle import ChecklistAnswer, parse_day
from mdt_tui.cga.questions import FormView, Question, answer_text, parse_number
from mdt_tui.cga.sections import Section
from mdt_tui.instruments.results import format_total

PICK_BINDINGS = [
    Binding(
        str(n),
        f"pick({n})",
        "Answer" if n == 1 else "",
        id=f"cga_pick_{n}",
        show=n == 1,
        key_display="1-9",
        tooltip="Pick the option with this number; a count (0–9) is typed as itself",
    )
    for n in range(10)
]


class QuestionForm(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    QuestionForm { padding: 0 1; height: 1fr; }
    QuestionForm:focus { background: $boost; }
    QuestionForm Input { height: 1; border: none; padding: 0 1; margin-top: 1; background: $boost; }
    QuestionForm Input:focus { border: none; background: $accent 30%; }
    QuestionForm #q-error { color: $error; text-style: bold; display: none; }
    QuestionForm #q-notes { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        *PICK_BINDINGS,
        Binding("up", "move(-1)", "Previous", id="cga_previous_question", tooltip="Previous question", show=False),
        Binding("down", "move(1)", "Next", id="cga_next_question", tooltip="Next question", show=False),
        Binding("v", "toggle_view", "One/all", id="cga_toggle_view", tooltip="One question at a time, or all at once"),
        Binding("delete", "clear", "Clear", id="cga_clear_answer", tooltip="Clear this question's answer"),
        Binding("escape", "leave", "Sections", id="cga_form_to_sections", tooltip="Back to this tab's sections"),
    ]

    class Answered(Message):
        """An answer changed: ``field`` is "answer", "on" (a checklist date) or "note"; not ``final`` while typing."""

        def __init__(self, section_id: str, question_id: str, field: str, value: Any, final: bool) -> None:
            super().__init__()
            self.section_id, self.question_id, self.field, self.value, self.final = (
                section_id,
                question_id,
                field,
                value,
                final,
            )

    class Left(Message):
        """The user went back to the list of sections."""

    def __init__(self, item: Section, view: FormView, *, id: str) -> None:
        super().__init__(id=id)
        self.item = item
        self.form_view = view
        self.answers: dict[str, Any] = dict(view.values)
        self.q_index = self._first_unanswered()
        self.all_at_once = False

    def compose(self) -> ComposeResult:
        yield Static(id="q-head")
        yield Static(id="q-body")
        for box, placeholder in BOXES.items():  # only the boxes this form's questions use
            if any(_uses(question, box) for question in self.form_view.questions):
                yield Input(id=box, placeholder=placeholder)
        yield Static(id="q-error")
        yield Static(id="q-notes")

    def on_mount(self) -> None:
        self._question_changed()

    # -- what the screen calls -----------------------------------------------------------------
    def show(self, view: FormView) -> None:
        """Redraw with a recomputed view (the boxes being typed in are left alone)."""
        self.form_view = view
        self.answers = dict(view.values)
        self._draw()

    def entry_selector(self) -> str:
        """Where the focus goes on entering: the box for a typed answer, else the form (number keys answer)."""
        box = {"number": "#q-value", "text": "#q-note"}.get(self.question.kind)
        return f"#{self.id} {box}" if box else f"#{self.id}"

    def enter(self) -> None:
        self.screen.query_one(self.entry_selector()).focus()

    @property
    def question(self) -> Question:
        return self.form_view.questions[self.q_index]

    # -- actions ------------------------------------------------------------------------------
    def action_pick(self, number: int) -> None:
        question = self.question
        if question.kind == "choice" and 1 <= number <= len(question.choices):
            value = question.choices[number - 1][0]
        elif (
            question.kind == "digit"
            and question.low is not None
            and question.high is not None
            and question.low <= number <= question.high
        ):
            value = number
        else:
            self._error(_pick_hint(question))
            return
        self._error("")
        self._answer(question, "answer", value, final=True)
        if self.item.kind == "checklist" and question.dated:
            self.query_one("#q-on", Input).focus()
        else:
            self.action_move(1)

    def action_move(self, step: int) -> None:
        target = max(0, min(len(self.form_view.questions) - 1, self.q_index + step))
        if target != self.q_index:
            self.q_index = target
            self._question_changed()
        elif self.has_focus_within:
            self.enter()

    def action_toggle_view(self) -> None:
        self.all_at_once = not self.all_at_once
        self._draw()

    def action_clear(self) -> None:
        self._answer(
            self.question,
            "answer" if self.question.kind != "text" else "note",
            None if self.question.kind != "text" else "",
            final=True,
        )

    def action_leave(self) -> None:
        self.post_message(self.Left())

    # -- typed answers ------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._typed(event.input.id, event.value, final=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self._typed(event.input.id, event.value, final=True):
            return
        if self.q_index == len(self.form_view.questions) - 1:
            self.focus()  # the last question: stay here, with number keys and the footer's keys live
        else:
            self.action_move(1)

    def _typed(self, box: str | None, text: str, *, final: bool) -> bool:
        """Save what was typed; False (and a message) when it cannot be used yet."""
        question = self.question
        try:
            if box == "q-value":
                self._answer(question, "answer", parse_number(question, text), final)
            elif box == "q-on":
                self._answer(question, "on", text, final)
                parse_day(text)
            else:
                self._answer(question, "note", text, final)
        except ValueError as exc:
            self._error(str(exc) if box == "q-value" else f"{question.prompt}: {exc}")
            return False
        self._error("")
        return True

    def _answer(self, question: Question, field: str, value: Any, final: bool) -> None:
        if self.item.kind == "checklist":
            current = self.answers.get(question.id) or ChecklistAnswer()
            if getattr(current, field) == value:
                return
            self.answers[question.id] = current.model_copy(update={field: value})
        else:
            if self.answers.get(question.id) == value and type(self.answers.get(question.id)) is type(value):
                return
            self.answers[question.id] = value
        self.post_message(self.Answered(self.item.id, question.id, field, value, final))
        self._draw()

    # -- drawing ------------------------------------------------------------------------------
    def _question_changed(self) -> None:
        question = self.question
        stored = self.answers.get(question.id)
        line = stored if isinstance(stored, ChecklistAnswer) else ChecklistAnswer()
        values = {
            "q-value": "" if stored is None or isinstance(stored, ChecklistAnswer) else format_total(stored),
            "q-on": line.on,
            "q-note": line.note,
        }
        with self.prevent(Input.Changed):
            for box in self.query(Input):
                box.display = _uses(question, box.id)
                box.value = values[box.id or ""]  # every box has an id
        self._error("")
        self._draw()
        if self.has_focus_within:
            self.enter()

    def _draw(self) -> None:
        view = self.form_view
        head = Text(view.title, style="bold")
        head.append(f"  question {self.q_index + 1} of {len(view.questions)}", style="dim")
        head.append(f"\n{view.status}")
        for warning in view.warnings:
            head.append(f"\n{warning}", style="bold reverse")
        self.query_one("#q-head", Static).update(head)
        self.query_one("#q-body", Static).update(self._all() if self.all_at_once else self._one())
        self.query_one("#q-notes", Static).update("\n".join(view.notes))
        if self.all_at_once:
            self.scroll_to(y=max(0, self.q_index - 3), animate=False)

    def _one(self) -> RenderableType:
        question = self.question
        text = Text()
        if self.form_view.stem:
            text.append(f"{self.form_view.stem}\n", style="italic")
        text.append(question.prompt, style="bold")
        if question.help:
            text.append(f"\n{question.help}", style="dim")
        return text.append_text(self._choices(question))

    def _all(self) -> RenderableType:
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(width=1)
        table.add_column(justify="right", width=2)
        table.add_column(ratio=2, no_wrap=True, overflow="ellipsis")
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        for index, question in enumerate(self.form_view.questions):
            here = index == self.q_index
            table.add_row(
                "▸" if here else " ",
                str(index + 1),
                question.prompt,
                self._summary(question),
                style="reverse" if here else "",
            )
        return Group(table, Text(f"\n{self.question.prompt}", style="bold").append_text(self._choices(self.question)))

    def _value(self, question: Question) -> Any:
        stored = self.answers.get(question.id)
        if isinstance(stored, ChecklistAnswer):
            return stored.note if question.kind == "text" else stored.answer
        return stored

    def _summary(self, question: Question) -> str:
        stored = self.answers.get(question.id)
        parts = [answer_text(question, self._value(question))]
        if isinstance(stored, ChecklistAnswer) and question.kind != "text":
            parts += [part for part in (stored.on, stored.note) if part]
        return " · ".join(parts)

    def _choices(self, question: Question) -> Text:
        current = self._value(question)
        text = Text()
        if question.kind == "choice":
            for number, (value, label) in enumerate(question.choices, 1):
                chosen = current is not None and value == current and type(value) is type(current)
                text.append(f"\n {'●' if chosen else '○'} {number} {label}", style="bold reverse" if chosen else "")
        elif question.kind == "digit":
            text.append(f"\n Type the number, {question.low}–{question.high}.")
            text.append(f"  Answer: {answer_text(question, current)}")
        else:
            text.append(f"\n Type it in the box below; enter saves.  Answer: {answer_text(question, current)}")
        return text

    def _error(self, message: str) -> None:
        error = self.query_one("#q-error", Static)
        error.update(f"✘ {message}" if message else "")
        error.display = bool(message)

    def _first_unanswered(self) -> int:
        for index, question in enumerate(self.form_view.questions):
            if self._value(question) in (None, ""):
                return index
        return 0


BOXES = {
    "q-value": "type the number, enter saves (blank skips)",
    "q-on": "date: dd/mm/yyyy (enter: next question)",
    "q-note": "note (enter: next question)",
}


def _uses(question: Question, box: str | None) -> bool:
    """Whether a question is answered (in part) in this box."""
    if box == "q-value":
        return question.kind == "number"
    if box == "q-on":
        return question.dated
    return question.noted or question.kind == "text"


def _pick_hint(question: Question) -> str:
    if question.kind == "choice":
        return f"Pick 1–{len(question.choices)}."
    if question.kind == "digit":
        return f"Type a number from {question.low} to {question.high}."
    return "Type the answer in the box."
