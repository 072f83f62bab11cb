"""Saved views (issue 14): a list's filter under a name, one row per list and name (saving again replaces
the filter; the audit trail keeps every version)."""

from __future__ import annotations

from datetime import datetime

from mdt_tui.models import User
from mdt_tui.saved_views import SavedView, checked_view
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase

_COLUMNS = "id, list_key, name, filter, saved_by, saved_at"


def _view(row: tuple) -> SavedView:
    return SavedView(
        id=row[0],
        list_key=row[1],
        name=row[2],
        filter=row[3],
        saved_by=row[4],
        saved_at=datetime.fromisoformat(row[5]),
    )


class SavedViews(_StoreBase):
    def saved_views(self, list_key: str) -> list[SavedView]:
        """The list's views in the order they were first saved (so each keeps its number)."""
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM saved_views WHERE list_key = ? ORDER BY id", [list_key])
        return [_view(row) for row in rows.fetchall()]

    def save_view(self, user: User, list_key: str, name: str, filter_text: str) -> SavedView:
        """Keep ``filter_text`` as the list's view ``name`` (a view of the same name, in any case, is replaced
        and keeps its number). MdtError, nothing saved, when the name or filter will not do."""
        name, filter_text = checked_view(name, filter_text)
        stamp = self.clock().isoformat(timespec="seconds")
        with self.transaction() as db:
            before = db.execute(
                f"SELECT {_COLUMNS} FROM saved_views WHERE list_key = ? AND name = ?", [list_key, name]
            ).fetchone()
            db.execute(
                "INSERT INTO saved_views (list_key, name, filter, saved_by, saved_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (list_key, name) DO UPDATE SET name = excluded.name, filter = excluded.filter,"
                " saved_by = excluded.saved_by, saved_at = excluded.saved_at",
                [list_key, name, filter_text, user.name, stamp],
            )
            row = db.execute(
                f"SELECT {_COLUMNS} FROM saved_views WHERE list_key = ? AND name = ?", [list_key, name]
            ).fetchone()
            write_audit(
                db,
                user,
                self.clock(),
                "save_view",
                "saved_view",
                row[0],
                {"list": list_key, "name": before[2], "filter": before[3]} if before else None,
                {"list": list_key, "name": name, "filter": filter_text},
            )
        return _view(row)
