"""A practice pack: everything one practice needs to enter one delivery in its GP record — a per-patient
worklist, batch lists for identical administrative codes, the removals, and an A4 cover sheet."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date

from mdt_tui.codes import (
    ASSESSMENT_NOT_APPROPRIATE,
    AT_RISK_OF_EMERGENCY_ADMISSION,
    ELIGIBLE_FOR_INTEGRATED_CARE_PATHWAY,
    ON_PATHWAY,
    PATHWAY_DECLINED,
    REGISTER,
)
from mdt_tui.documents import Doc
from mdt_tui.exports.checklist import CodeToEnter, checklist, csv_lines
from mdt_tui.exports.csv_files import CODES_HEADER, write_csv
from mdt_tui.safe_text import csv_writer

BATCHABLE: frozenset[str] = frozenset(
    c.sctid for c in (ELIGIBLE_FOR_INTEGRATED_CARE_PATHWAY, ASSESSMENT_NOT_APPROPRIATE, PATHWAY_DECLINED, ON_PATHWAY)
)
"""Administrative pathway codes a practice may batch-add to a list of NHS numbers. Never a score, a value,
a diagnosis, an assessment or a plan code (NHS England advised against batch-coding those); the
identification code is added as a Problem, one person at a time."""

ADD_AS_PROBLEM: frozenset[str] = frozenset({AT_RISK_OF_EMERGENCY_ADMISSION.sctid})
"""Codes the practice adds as a Problem (in EMIS Web), as the blueprint's identification step asks."""

_TEMPLATE_ORDER = {c.code: i for i, c in enumerate(REGISTER) if c.code}  # the register follows the template
WORKLIST_HEADER = (
    "nhs_number",
    "family_name",
    "given_name",
    "effective_date",
    "snomed_code",
    "term",
    "value",
    "comment",
    "add_as_problem",
    "on_batch_list",
    "signed_off",
)


MAX_LISTED = 8
BATCH_MINIMUM = 2
"""A code and date shared by fewer people than this is entered per patient: a list of one saves nothing."""


def batch_key(row: CodeToEnter) -> tuple[str, date] | None:
    """The batch list a row could go on (code, effective date), or None when it is entered per patient.
    Only signed-off administrative codes with no value are batched."""
    event = row.event
    if row.action == "add" and row.signed_off and event.snomed_code in BATCHABLE and not event.value:
        return event.snomed_code, event.effective_date
    return None


def batch_lists(rows: list[CodeToEnter]) -> dict[tuple[str, date], list[str]]:
    """(code, date) -> the NHS numbers to batch-add it to, for lists of at least BATCH_MINIMUM people."""
    lists: dict[tuple[str, date], set[str]] = defaultdict(set)
    for row in rows:
        if key := batch_key(row):
            lists[key].add(row.event.nhs_number)
    return {key: sorted(numbers) for key, numbers in sorted(lists.items()) if len(numbers) >= BATCH_MINIMUM}


def batch_file_name(code: str, day: date) -> str:
    return f"batch-{code}-{day.isoformat()}.txt"


def worklist_order(rows: list[CodeToEnter]) -> list[CodeToEnter]:
    """Per patient (by name, then NHS number), each patient's codes in the order of the practice template."""
    return sorted(
        rows,
        key=lambda r: (
            r.family_name.casefold(),
            r.given_name.casefold(),
            r.event.nhs_number,
            _TEMPLATE_ORDER.get(r.event.snomed_code, len(_TEMPLATE_ORDER)),
            r.event.effective_date,
            r.event.event_id,
        ),
    )


def pack_files(
    rows: list[CodeToEnter], *, practice: str, practice_name: str, made_on: date, note: str = ""
) -> dict[str, str]:
    """The pack's files, name -> text, for one practice's delivery (``note``: said on every page)."""
    adds = worklist_order([r for r in rows if r.action == "add"])
    removes = [r for r in rows if r.action == "remove"]
    batches = batch_lists(adds)
    files = {"worklist.csv": _worklist_csv(adds, batches), "codes.csv": _codes_csv(rows)}
    for (code, day), numbers in batches.items():
        files[batch_file_name(code, day)] = "".join(f"{n}\n" for n in numbers)
    title = f"Codes for practice {practice}" + (f" ({practice_name})" if practice_name else "")
    files["checklist.html"] = checklist(rows, title, note=note).render("html")
    files["cover.html"] = cover_sheet(practice, practice_name, made_on, adds, removes, batches, note)
    return files


def _worklist_csv(adds: list[CodeToEnter], batches: dict[tuple[str, date], list[str]]) -> str:
    handle = io.StringIO()
    writer = csv_writer(handle, lineterminator="\n")
    writer.writerow(WORKLIST_HEADER)
    for r in adds:
        key = batch_key(r) if batch_key(r) in batches else None
        e = r.event
        writer.writerow(
            [
                e.nhs_number,
                r.family_name,
                r.given_name,
                e.effective_date.isoformat(),
                e.snomed_code,
                e.term,
                e.value or "",
                "" if r.signed_off else "NOT SIGNED OFF: check before entering",
                "yes" if e.snomed_code in ADD_AS_PROBLEM else "no",
                batch_file_name(*key) if key else "",
                "true" if r.signed_off else "false",
            ]
        )
    return handle.getvalue()


def _codes_csv(rows: list[CodeToEnter]) -> str:
    handle = io.StringIO()
    write_csv(csv_lines(rows), CODES_HEADER, handle)
    return handle.getvalue()


_EMIS = (
    "EMIS Web: open each patient from worklist.csv, add each code with its effective date (not today's),"
    " value and comment; add the codes marked 'add as Problem' as a Problem. For a batch list, use"
    " Population Reporting or a patient list built from the NHS numbers and batch-add the one code with"
    " the list's date."
)
_SYSTMONE = (
    "SystmOne: open each patient from worklist.csv and record each code with its effective date, value"
    " and comment on the practice template. For a batch list, make a patient group from the NHS numbers"
    " and use the group's mass action to add the one code with the list's date."
)


def cover_sheet(
    practice: str,
    practice_name: str,
    made_on: date,
    adds: list[CodeToEnter],
    removes: list[CodeToEnter],
    batches: dict[tuple[str, date], list[str]],
    note: str,
) -> str:
    """An A4 page: what is in the pack and how to enter it."""
    doc = Doc(f"Codes from the INT MDT for practice {practice}" + (f" — {practice_name}" if practice_name else ""))
    if note:
        doc.para(note)
    people = len({r.event.nhs_number for r in adds})
    batched = sum(len(n) for n in batches.values())
    doc.para(
        f"Made {made_on:%d %b %Y}. {len(adds)} code(s) to enter for {people} patient(s)"
        f" ({batched} of them on batch lists), {len(removes)} to remove."
    )
    doc.heading("In this pack", level=2)
    lists = [
        f"{batch_file_name(code, day)} — {len(n)} NHS number(s): batch-add {code} {_term(code)} dated {day:%d %b %Y}"
        for (code, day), n in sorted(batches.items())
    ]
    if len(lists) > MAX_LISTED:  # the cover stays one A4 page: each file's name says its code and date
        lists = [
            f"{len(lists)} batch lists, batch-CODE-YYYY-MM-DD.txt: batch-add CODE dated YYYY-MM-DD to the"
            f" NHS numbers in the file ({batched} in all)"
        ]
    doc.bullets(
        [
            "worklist.csv — every code to enter, per patient, in the order of the practice template",
            *lists,
            "checklist.html — the same codes as a tick-list, with the codes to remove",
            "codes.csv — the same delivery as one CSV (action add or remove)",
        ]
    )
    doc.heading("How to enter them (as far as we know)", level=2)
    doc.para(
        "Enter each code once: a code on a batch list is entered by the batch, not again per patient"
        " (worklist.csv names its list). Scores, diagnoses and plan codes are never on a batch list."
    )
    doc.bullets([_EMIS, _SYSTMONE])
    if removes:
        doc.para(f"Remove {len(removes)} code(s) sent before and since marked entered in error: see checklist.html.")
    doc.para("Record on the practice template the outputs with no confirmed SNOMED CT id (listed in checklist.html).")
    html = doc.render("html")
    return html.replace("<style>", "<style>@page{size:A4;margin:12mm}body{font-size:10pt;margin:0}", 1)


def _term(code: str) -> str:
    return next((c.term for c in REGISTER if c.code == code), "")
