"""The store on real SQLite files: schema, permissions, transactions, audit and corrections."""

import sqlite3
import stat
from datetime import date

import pytest

from mdt_tui.errors import IllegalTransition, MissingRequirement, NotPermitted, StoreError
from mdt_tui.models import User
from mdt_tui.pathway import Stage
from mdt_tui.roles import Role
from mdt_tui.store import connection, migrations
from mdt_tui.store.store import Store
from tests.conftest import make_entry, make_patient

ADMIN = User(name="Sam Clarke", role=Role.ADMIN)
LATEST = len(migrations.known_names())


def audit_rows(store):
    return list(store.db.query("SELECT * FROM audit ORDER BY id"))


def test_migrations_build_strict_tables_from_an_empty_file(tmp_path):
    with Store.open(tmp_path / "new.db", create=True) as store:
        assert store.schema_version() == LATEST
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == LATEST
        for table in ("patients", "coded_events", "audit", "pathway_transitions", "actions", "team_members"):
            sql = store.db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
            assert sql.rstrip().endswith("STRICT"), table
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopening_applies_nothing_twice(tmp_path):
    Store.open(tmp_path / "a.db", create=True).close()
    with Store.open(tmp_path / "a.db") as store:
        assert store.schema_version() == LATEST


def test_files_are_readable_by_owner_only(store, user):
    store.add_person(user, make_patient(), make_entry())
    for suffix in ("", "-wal", "-shm"):
        mode = stat.S_IMODE(store.path.with_name(store.path.name + suffix).stat().st_mode)
        assert mode == 0o600, suffix


def test_add_person_writes_stage_code_and_audit(store, user):
    person_id = store.add_person(user, make_patient(), make_entry())
    person = store.person(person_id)
    assert person.stage is Stage.IDENTIFIED and person.identified_on == date(2026, 11, 1)
    [event] = list(store.coded_events())
    assert (event.snomed_code, event.effective_date, event.recorded_by) == (
        "788921000000108",
        date(2026, 11, 1),
        "Jo Bennett",
    )
    [audit] = audit_rows(store)
    assert (audit["action"], audit["user_name"], audit["user_role"]) == ("add_person", "Jo Bennett", "care_coordinator")
    assert '"nhs_number":"9434765919"' in audit["after"]  # audit JSON is compact (issue 20)


def test_every_step_writes_transition_event_and_audit_before_and_after(store, user):
    person_id = store.add_person(user, make_patient(), make_entry())
    store.mark_suitable(user, person_id)
    store.record_consent(user, person_id, on=date(2026, 11, 20), consent_by="patient")
    assert store.person(person_id).stage is Stage.ON_CASELOAD
    codes = [e.snomed_code for e in store.coded_events()]
    assert codes == ["788921000000108", "818241000000105"]
    audits = audit_rows(store)
    assert [a["action"] for a in audits] == ["add_person", "mark_suitable", "record_consent"]
    assert audits[-1]["before"] == '{"stage":"awaiting_contact"}'  # compact: no space after ',' or ':' (issue 20)
    assert '"stage":"on_caseload"' in audits[-1]["after"] and '"consent_by":"patient"' in audits[-1]["after"]
    assert [h.step for h in store.history(person_id)] == ["identify", "mark_suitable", "record_consent"]


def test_refused_steps_change_nothing(store, user):
    person_id = store.add_person(user, make_patient(), make_entry())
    before = (len(audit_rows(store)), len(list(store.coded_events())))
    with pytest.raises(IllegalTransition):
        store.record_consent(user, person_id)
    with pytest.raises(MissingRequirement):
        store.mark_not_appropriate(user, person_id, reason="")
    with pytest.raises(NotPermitted):
        store.mark_not_appropriate(ADMIN, person_id, reason="out of area")
    assert store.person(person_id).stage is Stage.IDENTIFIED
    assert (len(audit_rows(store)), len(list(store.coded_events()))) == before


def test_a_failure_inside_a_transaction_rolls_back_everything(store, user):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add_person(user, make_patient(), make_entry())
            raise RuntimeError("power cut")
    assert store.stage_counts()[Stage.IDENTIFIED] == 0
    assert audit_rows(store) == []


def test_duplicate_person_is_refused(store, user):
    store.add_person(user, make_patient(), make_entry())
    with pytest.raises(IllegalTransition, match="already in this neighbourhood"):
        store.add_person(user, make_patient(), make_entry())


@pytest.mark.parametrize("table", ["audit", "coded_events", "pathway_transitions"])
@pytest.mark.parametrize("sql", ["UPDATE {table} SET id = id", "DELETE FROM {table}"])
def test_append_only_tables_refuse_update_and_delete(store, user, table, sql):
    store.add_person(user, make_patient(), make_entry())
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute(sql.format(table=table))


def test_entered_in_error_adds_a_correction_and_undoes_the_step(store, user):
    person_id = store.add_person(user, make_patient(), make_entry())
    store.mark_suitable(user, person_id)
    store.record_decline(user, person_id, reason="not now")
    decline = [e for e in store.coded_events() if e.snomed_code == "877011000000107"][0]
    store.mark_entered_in_error(user, decline.event_id, reason="Wrong person")
    assert store.person(person_id).stage is Stage.AWAITING_CONTACT
    assert [e.snomed_code for e in store.coded_events()] == ["788921000000108"]
    rows = list(store.db.query("SELECT status, corrects_event_id FROM coded_events ORDER BY id"))
    assert rows[-1] == {"status": "entered_in_error", "corrects_event_id": decline.event_id}
    assert store.db.execute("SELECT count(*) FROM coded_events").fetchone()[0] == 3  # nothing deleted
    with pytest.raises(IllegalTransition, match="already marked"):
        store.mark_entered_in_error(user, decline.event_id, reason="again")


def test_actions_and_reviews_feed_the_pipeline(store, user):
    person_id = store.add_person(user, make_patient(), make_entry())
    member = store.team()
    assert member == []
    store.add_action(user, person_id, description="Chase bloods", owner_id=None, due=date(2026, 11, 1))
    action_id = store.add_action(user, person_id, description="Call daughter", owner_id=None, due=date(2026, 12, 1))
    counts = store.pipeline(date(2026, 11, 23), 150)
    assert counts.actions_overdue == 1
    store.complete_action(user, action_id)
    assert [a.description for a in store.actions(person_id=person_id)] == ["Chase bloods"]
    with pytest.raises(IllegalTransition, match="already done"):
        store.complete_action(user, action_id)


def test_backup_round_trip(store, user, tmp_path):
    store.add_person(user, make_patient(), make_entry())
    out = tmp_path / "backup.db"
    store.backup_to(out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with Store.open(out) as copy:
        assert list(copy.coded_events()) == list(store.coded_events())
        assert copy.integrity() == "ok"
    with pytest.raises(StoreError, match="already exists"):
        store.backup_to(out)


def test_missing_file_is_not_created_without_asking(tmp_path):
    with pytest.raises(StoreError, match="No database at"):
        Store.open(tmp_path / "absent.db")
    assert not (tmp_path / "absent.db").exists()


def test_foreign_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not an mdt-tui one"):
        Store.open(path)
    assert path.read_bytes() == before


def test_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "future.db"
    Store.open(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('mdt_tui', '0099_future', 'x')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer version of mdt-tui"):
        Store.open(path)


def test_threads_get_their_own_connection(store, user):
    import threading

    seen = {}

    def work():
        seen["db"] = store.db
        seen["count"] = sum(store.stage_counts().values())

    store.add_person(user, make_patient(), make_entry())
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen["db"] is not store.db and seen["count"] == 1


@pytest.mark.parametrize("stop_before", migrations.known_names()[1:])
def test_upgrade_from_every_earlier_version_keeps_the_data(tmp_path, user, stop_before):
    path = tmp_path / "old.db"
    connection.create_private_file(path)
    db = connection.connect(path)
    migrations.MIGRATIONS.apply(db, stop_before=stop_before)
    db.execute(
        "INSERT INTO patients (nhs_number, family_name, given_name, date_of_birth, sex, practice_code,"
        " stage, stage_since, identified_on) VALUES ('9434765919', 'Öztürk', 'Ali', '1940-01-01', 'male',"
        " 'X99001', 'identified', '2026-11-01', '2026-11-01')"
    )
    db.execute(
        "INSERT INTO cohort_entries (patient_id, search_name, run_date, segment)"
        " VALUES (1, 's', '2026-11-01', 'Lower complexity')"
    )
    if "latest_entry_id" in db["patients"].columns_dict:  # what the app itself would have kept up to date
        db.execute("UPDATE patients SET latest_entry_id = 1")
    db.close()
    with Store.open(path) as store:
        assert store.schema_version() == LATEST
        person = store.person(1)
        assert person.family_name == "Öztürk" and person.segment == "Lower complexity"
        assert store.integrity() == "ok"


def test_cga_entries_rebuild_keeps_drafts_and_completed_answers(tmp_path):
    """0006 rebuilds cga_entries to allow ACB overrides: every row survives, completed ones stay frozen."""
    path = tmp_path / "cga.db"
    connection.create_private_file(path)
    db = connection.connect(path)
    migrations.MIGRATIONS.apply(db, stop_before="0006_cga_acb_overrides")
    db.execute(
        "INSERT INTO patients (nhs_number, family_name, given_name, date_of_birth, sex, practice_code, stage,"
        " stage_since, identified_on) VALUES ('9434765919', 'Ex', 'Al', '1940-01-01', 'male', 'X99001',"
        " 'on_caseload', '2026-11-01', '2026-11-01')"
    )
    for bundle_id, status in ((1, "completed"), (2, "draft")):
        db.execute(
            "INSERT INTO cga_bundles (id, patient_id, status, started_on, started_at, started_by)"
            " VALUES (?, 1, 'draft', '2026-11-01', '2026-11-01T10:00', 'Jo')",
            [bundle_id],
        )
        db.execute(
            "INSERT INTO cga_entries (bundle_id, kind, section, key, value, seq, updated_at, updated_by)"
            " VALUES (?, 'answer', 'phq9', 'q1', '2', 1, '2026-11-01T10:00', 'Jo')",
            [bundle_id],
        )
        db.execute("UPDATE cga_bundles SET status = ? WHERE id = ?", [status, bundle_id])
    db.close()
    with Store.open(path) as store:
        rows = store.db.execute("SELECT bundle_id, key, value FROM cga_entries ORDER BY bundle_id").fetchall()
        assert rows == [(1, "q1", "2"), (2, "q1", "2")]
        with pytest.raises(sqlite3.IntegrityError, match="completed CGA cannot be changed"):
            store.db.execute("UPDATE cga_entries SET value = '3' WHERE bundle_id = 1")
        store.db.execute("UPDATE cga_entries SET value = '3' WHERE bundle_id = 2")  # a draft stays editable
