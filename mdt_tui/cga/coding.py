"""What a completed CGA codes, and on which day (instruments.md "Revision 2"; no UI, no SQL).

Each instrument result is dated the day it was administered, not the day the CGA was completed:
the day its last answer was given unless the user typed another (never in the future). The CFS
codes its level finding beside 763264000; a falls screen codes 414191008; the frailty diagnosis is
coded only when a clinician confirms it at completion; the eFI is never written back.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from mdt_tui.cga.bundle import CgaBundle
from mdt_tui.codes import EFI_SCORE, FALL_RISK_ASSESSMENT, TERMS, WRITABLE, Concept, cfs_level_finding
from mdt_tui.codes import frailty_diagnosis as diagnosis_for_level
from mdt_tui.instruments import ScoreResult
from mdt_tui.instruments.results import format_total
from mdt_tui.roles import Role

FALLS_SCREENS = frozenset({"frat", "frat5"})
NEVER_WRITTEN = frozenset({EFI_SCORE.code})
FRAILTY_CONFIRMERS: frozenset[Role] = frozenset(
    {Role.GP, Role.NURSE, Role.GERIATRICIAN, Role.PHARMACIST, Role.THERAPIST}
)


class PlannedCode(NamedTuple):
    """One coded event completion will write: the instrument it comes from, the code, value and effective date."""

    instrument: str
    code: str
    term: str
    value: str | None
    on: date


def administration_date(bundle: CgaBundle, instrument_id: str, completed_on: date) -> date:
    """The day an instrument was given: the date typed, else its last answer's day (not after completion)."""
    if instrument_id in bundle.administered:
        return bundle.administered[instrument_id]
    source = "medicines" if instrument_id == "acb" else instrument_id
    answered = bundle.answered_on.get(source, completed_on)
    return min(answered, completed_on)


def administration_refusal(given_on: date, today: date) -> str | None:
    """Why a typed administration date cannot be used, or None."""
    if given_on > today:
        return f"{given_on:%d %b %Y} is in the future: an instrument's date is the day it was given."
    return None


def frailty_diagnosis(results: dict[str, ScoreResult]) -> Concept | None:
    """The frailty diagnosis a clinician may confirm for this CGA's CFS (5 mild, 6 moderate, 7-8 severe)."""
    cfs = results.get("cfs")
    if cfs is None or not isinstance(cfs.total, int):
        return None
    return diagnosis_for_level(cfs.total)  # none for 1-4, and never for 9 (terminally ill)


def frailty_confirm_refusal(role: Role, results: dict[str, ScoreResult]) -> str | None:
    """Why this user cannot confirm a frailty diagnosis at completion, or None."""
    if role not in FRAILTY_CONFIRMERS:
        return (
            f"A frailty diagnosis is confirmed by a clinician (GP, nurse, geriatrician, pharmacist or therapist);"
            f" you are signed in as {role.label.lower()}."
        )
    if frailty_diagnosis(results) is None:
        cfs = results.get("cfs")
        level = f"CFS {format_total(cfs.total)}" if cfs else "no CFS"
        return f"There is no frailty diagnosis to confirm for {level} (only CFS 5–8 are coded as frailty)."
    return None


def planned_codes(
    bundle: CgaBundle, results: dict[str, ScoreResult], completed_on: date, *, confirm_frailty: bool = False
) -> list[PlannedCode]:
    """Every coded event the results write, each on its instrument's administration date, in results order."""
    planned: list[PlannedCode] = []
    for instrument_id, result in results.items():
        on = administration_date(bundle, instrument_id, completed_on)
        if result.score_code and result.score_code not in NEVER_WRITTEN:
            term = TERMS.get(result.score_code, result.score_term or "")
            planned.append(PlannedCode(instrument_id, result.score_code, term, format_total(result.total), on))
        if instrument_id == "cfs" and isinstance(result.total, int):
            finding = cfs_level_finding(result.total)
            if finding.code is not None:  # (one without would be left out below, as not writable)
                planned.append(PlannedCode(instrument_id, finding.code, finding.term, None, on))
        if instrument_id in FALLS_SCREENS:
            planned.append(PlannedCode(instrument_id, FALL_RISK_ASSESSMENT.sctid, FALL_RISK_ASSESSMENT.term, None, on))
    diagnosis = frailty_diagnosis(results)
    if confirm_frailty and diagnosis is not None and diagnosis.code is not None:
        planned.append(
            PlannedCode("cfs", diagnosis.code, diagnosis.term, None, administration_date(bundle, "cfs", completed_on))
        )
    # Only confirmed, written register entries reach a GP record (the store's guard refuses any other).
    return [p for p in planned if p.code in WRITABLE and p.code not in NEVER_WRITTEN]
