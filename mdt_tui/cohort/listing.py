"""The `mdt cohort` worklist's columns from the person's latest search entry, as CSV cells."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mdt_tui.cohort.columns import ENTRY_FIELDS

# After the worklist's first columns, in this order (readers find columns by header name).
ENTRY_HEADER = (*ENTRY_FIELDS, "identified_on", "last_seen_on")
_BOOLEANS = {"housebound", "care_home_resident", "end_of_life_register"}


def cell(field: str, value: Any) -> str:
    """Empty when unknown; booleans true/false; whole numbers without '.0'; dates are stored ISO already."""
    if value is None:
        return ""
    if field in _BOOLEANS:
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def entry_cells(row: Mapping[str, Any]) -> list[str]:
    return [cell(field, row[field]) for field in ENTRY_HEADER]
