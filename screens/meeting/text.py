"""What the meeting screen shows about a case, as rich Text (privacy-aware)."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from mdt_tui.meeting.case_summary import CaseSummary
from mdt_tui.meeting.models import Meeting, MeetingCase

SYMBOL = {"outcome": "✔", "action": "→", "review": "⏰", "note": "•", "correction": "✘"}


def case_text(s: CaseSummary, case: MeetingCase, today: date, private: bool) -> Text:
    text = Text()
    text.append(s.who(today, private=private), style="bold")
    text.append(f" · {case.source.label}" + (f" ({case.detail})" if case.detail else ""))
    text.append(f" · {s.stage.label}\n", style="italic")
    if self_harm := s.self_harm_line(private=private):  # a same-day safety matter comes first
        text.append(f"{self_harm}\n", style="bold reverse" if s.self_harm_pending else "bold")
    for line in s.household_lines(private=private):  # the household and carer, not only the person
        text.append(f"{line}\n")
    text.append("Scores: ", style="bold")
    text.append(s.scores_text())
    text.append("\nGoals: ", style="bold")
    text.append("; ".join(f'"{g}"' for g in s.goals) or "none recorded")
    text.append(f"\n{'Problems' if s.problems_agreed else 'Suggested problems'}: ", style="bold")
    text.append(" · ".join(s.problems) or "none recorded")
    text.append("\nOpen actions: ", style="bold")
    text.append(
        "; ".join(
            f"{a.description} ({a.owner}"
            + (f", due {a.due_date:%d %b})" if a.due_date else ")")
            + s.for_carer(a.id, private=private)
            for a in s.actions
        )
        or "none"
    )
    if s.changes:
        text.append("\nSince last discussed: ", style="bold")
        text.append("; ".join(s.changes))
    text.append("\nNext review: ", style="bold")
    text.append(s.review_text())
    text.append("\nKnow / don't know / assuming: ", style="bold")
    notes = [
        f"know: {case.know}" * bool(case.know),
        f"don't know: {case.dont_know}" * bool(case.dont_know),
        f"assuming: {case.assume}" * bool(case.assume),
    ]
    text.append(" · ".join(n for n in notes if n) or "_ (k to note)")
    return text


def decisions_text(case: MeetingCase, meeting: Meeting | None = None) -> Text:
    text = Text("Decisions", style="bold underline")
    if case.outcome is not None:
        text.append(f"   outcome: {case.outcome.label}", style="bold")
    for d in case.decisions:
        text.append(f"\n {SYMBOL.get(d.kind, '•')} {d.text}")
    if not case.decisions:
        text.append("\n  none yet — 1–6 record the outcome", style="italic")
    if meeting is not None and meeting.closed:
        text.append("\n\nAddenda (after the meeting)", style="bold underline")
        for addendum in meeting.addenda:
            text.append(f"\n + {addendum.line()}")
        if not meeting.addenda:
            text.append("\n  none — + adds one", style="italic")
    return text
