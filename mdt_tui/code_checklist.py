"""The per-practice "codes to enter" checklist: what each practice types into its GP record."""

from __future__ import annotations

from itertools import groupby

from pydantic import BaseModel, ConfigDict

from mdt_tui.documents import Doc
from mdt_tui.models import CodedEventRow
from mdt_tui.nhs_number import format_nhs_number


class CodeToEnter(BaseModel):
    """One coded event with the name of the person it is for."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    event: CodedEventRow
    family_name: str
    given_name: str


def checklist(rows: list[CodeToEnter], title: str) -> Doc:
    doc = Doc(title)
    if not rows:
        doc.para("No new coded events to enter.")
    ordered = sorted(rows, key=lambda r: (r.event.practice_code, r.family_name, r.given_name, r.event.effective_date))
    for practice, group in groupby(ordered, key=lambda r: r.event.practice_code):
        items = list(group)
        doc.heading(f"Practice {practice} — {len(items)} code(s) to enter", level=2)
        doc.table(("✔", "Patient", "NHS number", "Date", "Code", "Term", "Value"),
                  [("☐", f"{r.family_name}, {r.given_name}", format_nhs_number(r.event.nhs_number),
                    f"{r.event.effective_date:%d %b %Y}", r.event.snomed_code, r.event.term, r.event.value or "")
                   for r in items])
    return doc
