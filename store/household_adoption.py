"""Adopting the old carer_links rows (migration 0012, the demo) into households and carers."""

from __future__ import annotations

import sqlite_utils

from mdt_tui.store.households.writes import _household_of, _person_name

_KIND_OF = {"wife": "couple", "husband": "couple", "partner": "couple"}


def adopt_carer_links(db: sqlite_utils.Database, by: str, at: str) -> None:
    """Move carer_links rows not yet adopted into households and carers (the rows themselves stay).

    'lives with' makes (or joins) a household; 'cared for by' and 'cares for' make one carer record per
    pair. Used by migration 0012 and by anything that still writes carer_links (the demo's people)."""
    links = db.execute(
        "SELECT l.id, l.patient_id, l.kind, l.name, l.relationship, o.id FROM carer_links l"
        " LEFT JOIN patients o ON o.nhs_number = l.related_nhs_number ORDER BY l.id").fetchall()
    for link_id, person_id, kind, name, relationship, other_id in links:
        if db.execute("SELECT 1 FROM household_members WHERE from_link_id = ? UNION ALL"
                      " SELECT 1 FROM carers WHERE from_link_id = ?", (link_id, link_id)).fetchone():
            continue
        if kind == "lives_with":
            _adopt_lives_with(db, by, at, link_id, person_id, name, relationship, other_id)
        elif kind in ("cared_for_by", "cares_for"):
            cared_for, carer = (person_id, other_id) if kind == "cared_for_by" else (other_id, person_id)
            if cared_for is not None and carer is not None and db.execute(
                    "SELECT 1 FROM carers WHERE cared_for_id = ? AND carer_person_id = ?",
                    (cared_for, carer)).fetchone():
                if kind == "cared_for_by":  # the same pair, adopted from the other side: keep how they are related
                    db.execute("UPDATE carers SET relationship = ? WHERE cared_for_id = ? AND carer_person_id = ?"
                               " AND relationship = ''", (relationship, cared_for, carer))
                continue
            names = {pid: _person_name(db, pid) for pid in (cared_for, carer) if pid is not None}
            db.execute(
                "INSERT INTO carers (cared_for_id, cared_for_name, carer_person_id, name, relationship, main_carer,"
                " from_link_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)",
                (cared_for, names.get(cared_for, name), carer, names.get(carer, name),
                 relationship if kind == "cared_for_by" else "", link_id, at, by))


def _adopt_lives_with(db, by: str, at: str, link_id: int, person_id: int, name: str, relationship: str,
                      other_id: int | None) -> None:
    household = _household_of(db, person_id) or (_household_of(db, other_id) if other_id else None)
    if household is None:
        household = db.execute("INSERT INTO households (kind, created_at, created_by) VALUES (?, ?, ?)",
                               (_KIND_OF.get(relationship.lower(), "shared_address"), at, by)).lastrowid
    for pid, who, rel in ((person_id, None, ""), (other_id, name, relationship)):
        if pid is not None and _household_of(db, pid) is not None:
            if pid == other_id and rel:  # their relationship as the other member named it
                db.execute("UPDATE household_members SET relationship = ? WHERE person_id = ? AND relationship = ''",
                           (rel, pid))
            continue
        db.execute("INSERT INTO household_members (household_id, person_id, name, relationship, from_link_id,"
                   " added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (household, pid, _person_name(db, pid) if pid is not None else who, rel,
                    link_id if pid == other_id else None, at, by))
