"""What each `mdt` command does, once its arguments are parsed. The CLI's composition root:
the one place in the core that reaches into the store (and, lazily, the UI)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from mdt_tui.errors import StoreError
from mdt_tui.exports import CODES_HEADER, open_private, write_csv


def _store(db: Path, *, create: bool = False):
    from mdt_tui.store.store import Store

    return Store.open(db, create=create)


def open_app(db: Path) -> int:
    _store(db, create=True).close()
    from mdt_tui.screens.app import make_app

    make_app(db).run()
    return 0


def demo(db: Path, *, ui: bool) -> int:
    from mdt_tui.store.demo_loader import load_demo

    with _store(db, create=True) as store:
        if sum(store.stage_counts().values()) == 0:
            added = load_demo(store, date.today())
            print(f"Demo neighbourhood '{store.neighbourhood()}' created: {added} people, "
                  f"{len(store.team())} team members, in {db}")
        else:
            print(f"{db} already holds {sum(store.stage_counts().values())} people; opening it unchanged.")
    if ui:
        from mdt_tui.screens.app import make_app

        make_app(db).run()
    return 0


def export_codes(db: Path, *, since: date | None, out: Path | None) -> int:
    with _store(db) as store:
        rows = store.coded_events(since=since)
        if out is None:
            write_csv(rows, CODES_HEADER, sys.stdout)
            return 0
        with open_private(out) as handle:
            count = write_csv(rows, CODES_HEADER, handle)
    print(f"{count} coded events written to {out}", file=sys.stderr)
    return 0


def check(db: Path) -> int:
    with _store(db) as store:
        verdict = store.integrity()
        version = store.schema_version()
    if verdict != "ok":
        raise StoreError(f"{db} is damaged: {verdict}. Restore it from a backup.")
    print(f"ok: {db} passed the integrity check; schema version {version}")
    return 0


def backup(db: Path, out: Path) -> int:
    with _store(db) as store:
        store.backup_to(out)
    print(f"Backup written to {out}")
    return 0
