"""The store's error boundary on real faults: a lock held by another process, a full disk, a read-only
file, a failed COMMIT. Every sqlite3 error leaves as a StoreError subclass with a plain sentence."""

from __future__ import annotations

import inspect
import sqlite3
import threading
import time
from datetime import date

import pytest

from mdt_tui.errors import DatabaseBusy, DiskFull, ReadOnlyDatabase, StoreError
from mdt_tui.models import CohortEntry, Patient
from mdt_tui.store.store import Store
from tests.conftest import make_entry, make_patient
from tests.fault_helpers import write_lock_held


@pytest.fixture
def db_file(tmp_path):
    path = tmp_path / "mdt.db"
    Store.open(path, create=True).close()
    return path


def count(store: Store, table: str) -> int:
    return store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_write_behind_another_process_lock_is_refused_with_a_sentence(db_file, user):
    with Store.open(db_file, busy_timeout=0.2) as store:
        with write_lock_held(db_file):
            started = time.monotonic()
            with pytest.raises(DatabaseBusy) as refused:
                store.add_person(user, make_patient(), make_entry())
            assert time.monotonic() - started < 3
            assert str(refused.value) == "The database is busy: another mdt-tui is saving. Try again in a moment."
            assert not store.db.conn.in_transaction
        store.add_person(user, make_patient(), make_entry())  # the lock is gone: the same write works
        assert count(store, "patients") == 1


def test_opening_and_reading_need_no_lock_and_write_nothing(db_file, user):
    with Store.open(db_file) as store:
        store.add_person(user, make_patient(), make_entry())
    before = db_file.read_bytes()
    with write_lock_held(db_file):
        started = time.monotonic()
        with Store.open(db_file, busy_timeout=0.2) as store:
            assert [r["nhs_number"] for r in store.cohort_listing()] == ["9434765919"]
            assert store.integrity() == "ok"
        assert time.monotonic() - started < 3
    assert db_file.read_bytes() == before


def test_a_full_disk_refuses_the_write_and_keeps_nothing(store, user):
    store.add_person(user, make_patient(), make_entry())
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite answers SQLITE_FULL, as on a full disk
    people = [
        Patient(
            nhs_number=nhs,
            family_name="Full" * 20,
            given_name="Disk",
            date_of_birth=date(1940, 1, 1),
            practice_code="X99001",
        )
        for nhs in _valid_numbers(300)
    ]
    with pytest.raises(DiskFull, match="^The disk is full: nothing was saved"):
        with store.transaction():
            for person in people:
                store.add_person(user, person, CohortEntry(search_name="big", run_date=date(2026, 11, 1)))
    assert count(store, "patients") == 1 and not store.db.conn.in_transaction


def test_a_failed_commit_is_rolled_back_not_joined_by_the_next_write(store, user):
    with pytest.raises(StoreError, match="FOREIGN KEY"):
        with store.transaction() as db:
            db.execute("PRAGMA defer_foreign_keys = ON")  # the broken reference is found only at COMMIT
            db.execute("INSERT INTO carer_links (patient_id, kind, name) VALUES (999999, 'carer', 'Nobody')")
    assert not store.db.conn.in_transaction
    store.add_person(user, make_patient(), make_entry())
    assert count(store, "carer_links") == 0 and count(store, "patients") == 1


def test_a_read_only_snapshot_refuses_writes_with_a_sentence(db_file, user):
    with Store(db_file, snapshot=True) as store:
        assert count(store, "patients") == 0
        with pytest.raises(ReadOnlyDatabase, match="^The database is read-only here: nothing was saved"):
            store.add_person(user, make_patient(), make_entry())


def test_errors_while_a_generator_is_read_are_translated_too(db_file):
    with Store.open(db_file, busy_timeout=0.1) as store:
        store.db.execute("DROP TABLE patients")  # a damaged schema: the query fails as it is consumed
        with pytest.raises(StoreError):
            list(store.cohort_listing())


def test_every_public_method_is_behind_the_boundary():
    unguarded = [
        name
        for name in dir(Store)
        if not name.startswith("_")
        and inspect.isfunction(inspect.getattr_static(Store, name))
        and name not in {"transaction", "close"}
        and not getattr(inspect.getattr_static(Store, name), "_store_guarded", False)
    ]
    assert unguarded == []


def test_close_closes_worker_threads_connections(db_file):
    store = Store.open(db_file)
    opened = []
    worker = threading.Thread(target=lambda: opened.append(store.db.conn))
    worker.start()
    worker.join()
    store.close()
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        opened[0].execute("SELECT 1")


def _valid_numbers(n: int) -> list[str]:
    from mdt_tui.demo import demo_nhs_numbers

    numbers = []
    for nhs in demo_nhs_numbers():
        if nhs != "9434765919":
            numbers.append(nhs)
        if len(numbers) == n:
            return numbers
    return numbers


def test_checking_a_backup_leaves_it_as_it_was_and_its_first_write_switches_it_to_wal(store, user, tmp_path):
    store.add_person(user, make_patient(), make_entry())
    backup = tmp_path / "backup.db"
    store.backup_to(backup)
    before = backup.read_bytes()
    with Store.open(backup) as copy:
        assert copy.integrity() == "ok" and count(copy, "patients") == 1
        assert copy.db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert backup.read_bytes() == before
    with Store.open(backup) as copy:
        copy.add_person(user, make_patient("9990000018"), make_entry())
        assert copy.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
