"""The per-practice "codes to enter" checklist: what each practice types into, or removes from, its GP record."""

from __future__ import annotations

from itertools import groupby
from typing import Literal

from pydantic import BaseModel, ConfigDict

from mdt_tui.codes import TEMPLATE_ENTRIES
from mdt_tui.documents import Doc
from mdt_tui.models import CodedEventRow
from mdt_tui.nhs_number import format_nhs_number

REMOVE_HEADING = "Remove from the record (entered in error)"


class CodeToEnter(BaseModel):
    """One coded event with the name of the person it is for, and what the practice is asked to do.

    ``add``: enter the code. ``remove``: the code was delivered in an earlier export and has since been
    marked entered in error; the practice removes (or marks in error) the entry it made, for ``reason``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    event: CodedEventRow
    family_name: str
    given_name: str
    action: Literal["add", "remove"] = "add"
    reason: str = ""
    correction_event_id: int | None = None
    signed_off: bool = False
    """A clinician signed off the coded event this row names (store/exports/signoff.py)."""

    @property
    def delivery_id(self) -> int:
        """The coded event whose delivery an export records: the code itself, or its correction."""
        if self.action == "add":
            return self.event.event_id
        if self.correction_event_id is None:
            raise ValueError("a removal row names the correction that removes the code")
        return self.correction_event_id


class CodeLine(CodedEventRow):
    """One line of the codes CSV: the event, what to do with it, and whether a clinician signed it off."""

    action: Literal["add", "remove"] = "add"
    signed_off: bool = False


def csv_lines(rows: list[CodeToEnter]) -> list[CodeLine]:
    return [CodeLine(**r.event.model_dump(), action=r.action, signed_off=r.signed_off) for r in rows]


def checklist(rows: list[CodeToEnter], title: str, *, note: str = "") -> Doc:
    """``note`` (a delivery made with --include-unsigned says so) heads the document and every practice's part."""
    doc = Doc(title)
    if note:
        doc.para(note)
    if not rows:
        doc.para("No new coded events to enter or remove.")
    ordered = sorted(rows, key=lambda r: (r.event.practice_code, r.family_name, r.given_name, r.event.effective_date))
    for practice, group in groupby(ordered, key=lambda r: r.event.practice_code):
        items = list(group)
        adds = [r for r in items if r.action == "add"]
        removes = [r for r in items if r.action == "remove"]
        doc.heading(
            f"Practice {practice} — {len(adds)} code(s) to enter" + (f", {len(removes)} to remove" if removes else ""),
            level=2,
        )
        if note:
            doc.para(note)
        if adds:
            doc.table(
                ("✔", "Patient", "NHS number", "Date", "Code", "Term", "Value"),
                [("☐", *_who(r), r.event.snomed_code, r.event.term, r.event.value or "") for r in adds],
            )
        if removes:
            doc.heading(REMOVE_HEADING, level=3)
            doc.para(
                "These were sent in an earlier export and have since been marked entered in error:"
                " remove each entry from the GP record (or mark it entered in error there)."
            )
            doc.table(
                ("✔", "Patient", "NHS number", "Date", "Code", "Term", "Reason"),
                [("☐", *_who(r), r.event.snomed_code, r.event.term, r.reason) for r in removes],
            )
    _template_entries(doc)
    return doc


def _template_entries(doc: Doc) -> None:
    """Outputs with no confirmed SNOMED CT id (the code register's unconfirmed entries): never coded by mdt-tui."""
    doc.heading("Not coded by mdt-tui — record on the practice template", level=2)
    doc.para(
        "These outputs have no confirmed SNOMED CT id, so no code is sent for them. When they happen,"
        " record them on the practice's own template."
    )
    for concept in TEMPLATE_ENTRIES:
        doc.para(f"record on the practice template: {concept.term} (when: {concept.written_by.lower()})")


def _who(r: CodeToEnter) -> tuple[str, str, str]:
    event = r.event
    return f"{r.family_name}, {r.given_name}", format_nhs_number(event.nhs_number), f"{event.effective_date:%d %b %Y}"
