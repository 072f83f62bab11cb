"""Record versions: optimistic concurrency for the records a person edits as a whole (issue 19).

A person's plan draft and problem list and a meeting's agenda each have a version (0 before the first
write) in ``record_versions``. A screen reads the version *before* the record (so a write slipping in
between makes its later save refused, never silently accepted) and passes it back with its save as
``based_on``. Inside the write transaction ``_claim_version`` compares and counts it up; a save based on
an older version raises ``StaleEdit`` ("Changed by NAME at HH:MM — reload.") and nothing is written.
Writes that pass no version (the CLI, the demo, older callers) still count the version up, so a screen
holding an older one is refused after them too.

Portable by design: a compare-and-set ``UPDATE … WHERE version = ?`` whose row count decides, and an
``INSERT … ON CONFLICT DO NOTHING`` for the first version. Under SQLite's BEGIN IMMEDIATE writers are
serial anyway; under PostgreSQL's READ COMMITTED the UPDATE re-checks the row after a concurrent commit,
so the same code refuses the later of two writers there too.

A CGA's answers are versioned one by one (two people may fill in different tabs at once): each
``cga_entries`` row's ``seq`` changes whenever that answer is written; see ``cga_entry_versions``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import sqlite_utils

from mdt_tui.errors import StaleEdit
from mdt_tui.models import User
from mdt_tui.store.base import _StoreBase

RecordKind = Literal["plan", "problems", "agenda"]


class RecordVersions(_StoreBase):
    """Mixed into Store; relies on ``db``."""

    def edit_version(self, kind: RecordKind, record_id: int) -> int:
        """The version a screen's edits are based on: read it before reading the record itself."""
        row = self.db.execute(
            "SELECT version FROM record_versions WHERE kind = ? AND record_id = ?", (kind, record_id)
        ).fetchone()
        return row[0] if row else 0

    def cga_entry_versions(self, person_id: int) -> dict[tuple[str, str, str], int]:
        """Each answer of the person's CGA in progress (kind, section, key) with its version; an answer not
        yet given is version 0. Read before ``cga_draft``."""
        return {
            (kind, section, key): seq
            for kind, section, key, seq in self.db.execute(
                "SELECT e.kind, e.section, e.key, e.seq FROM cga_entries e JOIN cga_bundles b ON b.id = e.bundle_id"
                " WHERE b.patient_id = ? AND b.status = 'draft'",
                [person_id],
            )
        }

    def _claim_version(
        self,
        db: sqlite_utils.Database,
        user: User,
        now: datetime,
        kind: RecordKind,
        record_id: int,
        based_on: int | None,
    ) -> int:
        """Inside the write transaction, before anything is written: refuse a save based on an older version
        (``StaleEdit``), else count the version up and stamp it; returns the new version. ``based_on=None``
        (a caller that does not track versions) always counts up."""
        stamp = now.isoformat(timespec="seconds")
        row = db.execute(
            "SELECT version, changed_by, changed_at FROM record_versions WHERE kind = ? AND record_id = ?",
            (kind, record_id),
        ).fetchone()
        current = row[0] if row else 0
        if based_on is not None and based_on != current:
            raise StaleEdit(row[1], row[2]) if row else StaleEdit("someone", stamp)
        if row is None:
            claimed = db.execute(
                "INSERT INTO record_versions (kind, record_id, version, changed_at, changed_by) VALUES (?, ?, 1, ?, ?)"
                " ON CONFLICT (kind, record_id) DO NOTHING",
                (kind, record_id, stamp, user.name),
            ).rowcount
        else:
            claimed = db.execute(
                "UPDATE record_versions SET version = version + 1, changed_at = ?, changed_by = ?"
                " WHERE kind = ? AND record_id = ? AND version = ?",
                (stamp, user.name, kind, record_id, current),
            ).rowcount
        if claimed != 1:  # another writer got there first (possible on an engine without serial writers)
            newer = db.execute(
                "SELECT changed_by, changed_at FROM record_versions WHERE kind = ? AND record_id = ?",
                (kind, record_id),
            ).fetchone()
            raise StaleEdit(*newer)
        return current + 1


def check_entry_version(
    db: sqlite_utils.Database, bundle_id: int, kind: str, section: str, key: str, based_on: int | None
) -> None:
    """For one CGA answer, inside its write transaction: refuse a save based on an older version of it."""
    if based_on is None:
        return
    row = db.execute(
        "SELECT seq, updated_by, updated_at FROM cga_entries WHERE bundle_id = ? AND kind = ? AND section = ?"
        " AND key = ?",
        (bundle_id, kind, section, key),
    ).fetchone()
    if (row[0] if row else 0) != based_on:
        if row is None:  # cannot happen for a version the store handed out: entries are never deleted
            raise StaleEdit("someone", "")
        raise StaleEdit(row[1], row[2])
