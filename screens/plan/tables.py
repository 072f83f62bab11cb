"""Tables that fit their width: chosen columns wrap onto more lines instead of being cut (80×24 and 120 columns).

A DataTable sizes each column to its longest cell, so a long plan value, problem source or SNOMED term ran off
the right edge and was cut mid-word (at 80 columns the plan's values did not show at all). Here the columns
given a width keep it (or their content's, when narrower) and the others share what is left; every row is as
tall as its longest cell needs, so every word shows."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len
from textual.widgets import DataTable

MIN_FLEX = 10  # a sharing column never narrower than this
SCROLLBAR = 3  # room kept for the vertical scrollbar a long table shows (and its gutter)


# The plan screen's tables: (label, width); 0 shares the room left.
COLUMNS: dict[str, list[tuple[str, int]]] = {
    "problems": [("#", 2), ("Problem", 0), ("Domain", 10), ("Source", 0)],
    "suggestions": [("Suggestion", 0), ("Source", 0)],
    "plan": [("Plan", 17), ("Now", 0)],
    "plan-actions": [("Due", 9), ("Action", 0), ("Owner", 16), ("Status", 9)],
    "changes": [("What", 30), ("Before", 0), ("After", 0)],
}
# Below its width (the number) a table shows its minor columns inside its main one, each still whole.
MERGED: dict[str, tuple[int, list[tuple[str, int]], Callable[[tuple[str, ...]], tuple[str, ...]]]] = {
    "problems": (40, [("#", 2), ("Problem", 0)], lambda c: (c[0], f"{c[1]} — {c[2]}, {c[3]}")),
    "suggestions": (40, [("Suggestion", 0)], lambda c: (f"{c[0]} — {c[1]}",)),
    "plan-actions": (48, [("Due", 8), ("Action", 0)], lambda c: (c[0], f"{c[1]} — {c[2]}, {c[3]}")),
}
# The plan's fields in few words, so their values have room beside them at 80 columns (plans.FIELD_LABELS
# are the printed plan's headings).
PLAN_ROW_LABELS: dict[str, str] = {
    "lead_member_id": "Named lead",
    "care_coordinator_id": "Care coordinator",
    "acp_status": "Advance care plan",
    "acp_date": "ACP date",
    "acp_held_where": "ACP held at",
    "escalation_plan": "Escalation plan",
    "crisis_plan": "Crisis plan",
    "medication_plan": "Medication plan",
    "coordination_plan": "Coordination",
    "monitoring_level": "Monitoring level",
    "monitoring_what": "Monitoring: what",
    "extra_support": "Extra support",
    "carer_support": "Carer support",
    "consent_to_share": "Consent to share",
    "share_with": "Shared with",
    "key_contacts": "Key contacts",
    "next_review": "Next review",
    "next_review_reason": "Why that date",
    "no_actions_reason": "No actions: why",
}


def fit_table(table: DataTable, rows: Sequence[tuple[str, tuple[str, ...]]]) -> None:
    """Refill one of the plan screens' tables (by its id) laid out to its width; narrow, minor columns merged."""
    columns = COLUMNS[table.id or ""]
    if table.id in MERGED and _width(table) < MERGED[table.id][0]:
        _, columns, merge = MERGED[table.id]
        rows = [(key, merge(cells)) for key, cells in rows]
    fit_columns(table, columns, rows)


def _width(table: DataTable) -> int:
    """The room for the columns, less a scrollbar's (a long table shows one)."""
    return (table.size.width or table.app.size.width // 2) - SCROLLBAR


def fit_columns(
    table: DataTable, columns: Sequence[tuple[str, int]], rows: Sequence[tuple[str, tuple[str, ...]]]
) -> None:
    """Refill ``table`` with ``rows`` (key, cells), laid out to its width. ``columns``: (label, width); a width
    of 0 shares the room left; when even that is too little, the set widths shrink too (their cells wrap).
    The highlighted row stays where it was."""
    cursor = table.cursor_row
    pad = 2 * table.cell_padding
    width = _width(table)
    fixed: dict[int, int] = {}
    for index, (label, most) in enumerate(columns):
        if most:
            longest = max([cell_len(label), *(cell_len(str(cells[index])) for _, cells in rows)])
            fixed[index] = min(most, longest)
    sharing = [i for i in range(len(columns)) if i not in fixed]
    spare = width - pad * len(columns) - MIN_FLEX * len(sharing)
    if fixed and sum(fixed.values()) > spare:  # narrow: the set widths give way (their headings kept whole)
        scale = max(spare, 0) / sum(fixed.values())
        fixed = {i: max(4, cell_len(columns[i][0]), int(w * scale)) for i, w in fixed.items()}
    room = width - pad * len(columns) - sum(fixed.values())
    share = max(MIN_FLEX, room // len(sharing)) if sharing else 0
    table.clear(columns=True)
    for index, (label, _) in enumerate(columns):
        table.add_column(label, width=fixed.get(index, share))
    for key, cells in rows:
        table.add_row(*cells, key=key, height=None)
    if rows:
        table.move_cursor(row=min(cursor, len(rows) - 1))
