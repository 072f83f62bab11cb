"""Optional cohort-file columns giving the date a pathway code was recorded in the GP record (issue 17):
a later search that carries them confirms that delivered codes reached the record."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mdt_tui import codes
from mdt_tui.cohort.columns import header_key
from mdt_tui.cohort.dates import parse_date
from mdt_tui.nhs_number import normalise_nhs_number

_PATHWAY = {c.sctid: c for c in codes.PATHWAY_CONCEPTS}
# "<term> date" for every pathway code, and the shorter forms searches are given in practice.
RECORDED_ALIASES: dict[str, tuple[str, ...]] = {
    code: (f"{concept.term} date", f"{concept.term} recorded", f"{code} date") for code, concept in _PATHWAY.items()
}
RECORDED_ALIASES[codes.ON_PATHWAY.sctid] += ("On ICP date", "Integrated care pathway date")
RECORDED_ALIASES[codes.CGA_RECORDED.sctid] += ("CGA date", "Comprehensive geriatric assessment date")
RECORDED_ALIASES[codes.MDT_REVIEW_COMPLETED.sctid] += ("MDT review date",)
_INDEX = {header_key(alias): code for code, aliases in RECORDED_ALIASES.items() for alias in aliases}


def recorded_columns(header: Sequence[str]) -> dict[int, str]:
    """Column position -> the pathway code whose GP-record date it holds."""
    return {i: _INDEX[header_key(h)] for i, h in enumerate(header) if header_key(h) in _INDEX}


def recorded_dates(
    header: Sequence[str], data: Sequence[Sequence[str]], nhs_index: int, *, today: date
) -> tuple[dict[tuple[str, str], date], int]:
    """(NHS number, code) -> the date the GP record shows it recorded, and how many cells could not be read
    (not a date, a date in the future, or a row with no valid NHS number): those are left out."""
    columns = recorded_columns(header)
    found: dict[tuple[str, str], date] = {}
    unreadable = 0
    if not columns:
        return found, unreadable
    for cells in data:
        wanted = [(i, code) for i, code in columns.items() if i < len(cells) and cells[i].strip(" ")]
        if not wanted:
            continue
        try:
            nhs = normalise_nhs_number(cells[nhs_index])
        except (ValueError, IndexError):
            unreadable += len(wanted)
            continue
        for i, code in wanted:
            try:
                day = parse_date(cells[i].strip(" "))
            except ValueError:
                unreadable += 1
                continue
            if day > today:
                unreadable += 1
                continue
            found[(nhs, code)] = max(day, found.get((nhs, code), day))
    return found, unreadable
