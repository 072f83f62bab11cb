"""Versioned schema migrations, each applied in its own transaction (sqlite-utils Migrations)."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils
from sqlite_utils.migrations import Migrations

from mdt_tui.errors import StoreError

MIGRATIONS = Migrations("mdt_tui")

_APPEND_ONLY = """
CREATE TRIGGER {table}_no_{verb} BEFORE {verb} ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only: {verb_lower} refused'); END
"""


def _append_only(db: sqlite_utils.Database, table: str) -> None:
    for verb in ("UPDATE", "DELETE"):
        db.execute(_APPEND_ONLY.format(table=table, verb=verb, verb_lower=verb.lower()))


@MIGRATIONS(name="0001_initial")
def m0001_initial(db: sqlite_utils.Database) -> None:
    statements = [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT",
        """CREATE TABLE team_members (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
            organisation TEXT NOT NULL DEFAULT '', core INTEGER NOT NULL DEFAULT 1,
            contact TEXT NOT NULL DEFAULT '', active INTEGER NOT NULL DEFAULT 1) STRICT""",
        """CREATE TABLE patients (
            id INTEGER PRIMARY KEY, nhs_number TEXT NOT NULL UNIQUE,
            family_name TEXT NOT NULL, given_name TEXT NOT NULL, date_of_birth TEXT NOT NULL,
            sex TEXT NOT NULL, practice_code TEXT NOT NULL, practice_name TEXT NOT NULL DEFAULT '',
            neighbourhood TEXT NOT NULL DEFAULT '', postcode TEXT NOT NULL DEFAULT '',
            usual_gp TEXT NOT NULL DEFAULT '', next_of_kin TEXT,
            stage TEXT NOT NULL, stage_since TEXT NOT NULL, identified_on TEXT NOT NULL,
            in_latest_search INTEGER NOT NULL DEFAULT 1, next_review TEXT,
            lead_member_id INTEGER REFERENCES team_members(id),
            first_contact_member_id INTEGER REFERENCES team_members(id),
            first_contact_method TEXT) STRICT""",
        "CREATE INDEX patients_stage ON patients(stage)",
        "CREATE INDEX patients_names ON patients(family_name, given_name)",
        """CREATE TABLE carer_links (
            id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id),
            kind TEXT NOT NULL, name TEXT NOT NULL, relationship TEXT NOT NULL DEFAULT '',
            related_nhs_number TEXT) STRICT""",
        "CREATE INDEX carer_links_patient ON carer_links(patient_id)",
        """CREATE TABLE cohort_entries (
            id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id),
            search_name TEXT NOT NULL, run_date TEXT NOT NULL, segment TEXT NOT NULL DEFAULT '',
            risk_grade TEXT NOT NULL DEFAULT '', risk_score REAL, efi REAL, cfs INTEGER,
            ae_attendances_12m INTEGER, emergency_admissions_12m INTEGER,
            housebound INTEGER, care_home_resident INTEGER, end_of_life_register INTEGER) STRICT""",
        "CREATE INDEX cohort_entries_patient ON cohort_entries(patient_id, run_date)",
        """CREATE TABLE pathway_transitions (
            id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id),
            name TEXT NOT NULL, from_stage TEXT, to_stage TEXT NOT NULL,
            effective_date TEXT NOT NULL, recorded_at TEXT NOT NULL,
            by_name TEXT NOT NULL, by_role TEXT NOT NULL, details TEXT NOT NULL DEFAULT '{}') STRICT""",
        "CREATE INDEX pathway_transitions_patient ON pathway_transitions(patient_id)",
        """CREATE TABLE coded_events (
            id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id),
            transition_id INTEGER REFERENCES pathway_transitions(id),
            snomed_code TEXT NOT NULL, term TEXT NOT NULL, value TEXT,
            effective_date TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'final' CHECK (status IN ('final', 'entered_in_error')),
            corrects_event_id INTEGER REFERENCES coded_events(id), reason TEXT) STRICT""",
        "CREATE INDEX coded_events_patient ON coded_events(patient_id)",
        "CREATE INDEX coded_events_recorded ON coded_events(recorded_at)",
        # Partial: only corrections have an entry, so ordinary events (all NULL here) cost nothing.
        "CREATE UNIQUE INDEX coded_events_one_correction ON coded_events(corrects_event_id)"
        " WHERE corrects_event_id IS NOT NULL",
        """CREATE TABLE actions (
            id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id),
            description TEXT NOT NULL, owner_member_id INTEGER REFERENCES team_members(id),
            due_date TEXT, status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'done', 'cancelled')),
            created_at TEXT NOT NULL, created_by TEXT NOT NULL,
            closed_at TEXT, closed_by TEXT, cancel_reason TEXT) STRICT""",
        "CREATE INDEX actions_open ON actions(status, due_date)",
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_name TEXT NOT NULL,
            user_role TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL,
            entity_id INTEGER, before TEXT, after TEXT) STRICT""",
    ]
    for sql in statements:
        db.execute(sql)
    _append_only(db, "audit")
    _append_only(db, "coded_events")
    _append_only(db, "pathway_transitions")


def known_names() -> list[str]:
    return [m.name for m in MIGRATIONS._migrations]


def schema_version(db: sqlite_utils.Database) -> int:
    return len(MIGRATIONS.applied(db))


def ensure_not_newer(db: sqlite_utils.Database) -> None:
    known = set(known_names())
    unknown = [m.name for m in MIGRATIONS.applied(db) if m.name not in known]
    if unknown:
        raise StoreError(
            f"This database was written by a newer version of mdt-tui (schema {schema_version(db)}; "
            f"this version knows {len(known)}). Install the newer version to open it."
        )


def migrate(db: sqlite_utils.Database) -> None:
    ensure_not_newer(db)
    MIGRATIONS.apply(db)
    db.execute(f"PRAGMA user_version = {schema_version(db)}")


@MIGRATIONS(name="0002_cohort_review_and_contact")
def m0002_cohort_review_and_contact(db: sqlite_utils.Database) -> None:
    statements = [
        # The latest search row per person, kept on the person so lists need no subquery. A cache,
        # not a constraint: no foreign key, so bulk imports need no per-row lookups to check it.
        "ALTER TABLE patients ADD COLUMN latest_entry_id INTEGER",
        # Folded 'family given nhs' text for free-text filtering in SQL.
        "ALTER TABLE patients ADD COLUMN search_text TEXT NOT NULL DEFAULT ''",
        """UPDATE patients SET search_text = lower(family_name || ' ' || given_name || ' ' || nhs_number),
               latest_entry_id = (SELECT id FROM cohort_entries c WHERE c.patient_id = patients.id
                                  ORDER BY run_date DESC, id DESC LIMIT 1)""",
        "CREATE INDEX patients_practice ON patients(practice_code)",
        "CREATE INDEX cohort_entries_search ON cohort_entries(search_name, run_date)",
        """CREATE TABLE contact_attempts (
            id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id),
            attempted_on TEXT NOT NULL, method TEXT NOT NULL, outcome TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '', by_name TEXT NOT NULL, recorded_at TEXT NOT NULL) STRICT""",
        "CREATE INDEX contact_attempts_patient ON contact_attempts(patient_id)",
    ]
    for sql in statements:
        db.execute(sql)
    _append_only(db, "contact_attempts")


_CGA_FROZEN = """
CREATE TRIGGER {name} BEFORE {verb} ON {table} WHEN {when}
BEGIN SELECT RAISE(ABORT, 'a completed CGA cannot be changed'); END
"""
_BUNDLE_OF = "(SELECT status FROM cga_bundles WHERE id = {row}.bundle_id) = 'completed'"
# Every answer, checklist line, list and half-typed entry, as JSON; seq orders the writes.
_CGA_ENTRIES = """CREATE TABLE {table} (
    id INTEGER PRIMARY KEY, bundle_id INTEGER NOT NULL REFERENCES cga_bundles(id),
    kind TEXT NOT NULL CHECK (kind IN ({kinds})),
    section TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, seq INTEGER NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
    UNIQUE (bundle_id, kind, section, key)) STRICT"""


@MIGRATIONS(name="0003_cga")
def m0003_cga(db: sqlite_utils.Database) -> None:
    statements = [
        # One CGA bundle per assessment: a draft filled answer by answer, then completed and frozen.
        """CREATE TABLE cga_bundles (
            id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id),
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'completed')),
            started_on TEXT NOT NULL, started_at TEXT NOT NULL, started_by TEXT NOT NULL,
            assessment_date TEXT, completed_at TEXT, completed_by TEXT,
            transition_id INTEGER REFERENCES pathway_transitions(id),
            suggested_problems TEXT NOT NULL DEFAULT '[]') STRICT""",
        "CREATE UNIQUE INDEX cga_bundles_one_draft ON cga_bundles(patient_id) WHERE status = 'draft'",
        "CREATE INDEX cga_bundles_patient ON cga_bundles(patient_id, status, assessment_date)",
        _CGA_ENTRIES.format(table="cga_entries", kinds="'answer', 'checklist', 'list', 'pending'"),
        # The results recorded at completion, with the coded event each score wrote (if any).
        """CREATE TABLE cga_results (
            id INTEGER PRIMARY KEY, bundle_id INTEGER NOT NULL REFERENCES cga_bundles(id),
            instrument TEXT NOT NULL, total REAL, band TEXT NOT NULL, band_label TEXT NOT NULL,
            summary TEXT NOT NULL, result TEXT NOT NULL,
            coded_event_id INTEGER REFERENCES coded_events(id),
            UNIQUE (bundle_id, instrument)) STRICT""",
    ]
    for sql in statements:
        db.execute(sql)
    _append_only(db, "cga_results")
    for verb in ("UPDATE", "DELETE"):
        db.execute(_CGA_FROZEN.format(name=f"cga_bundles_frozen_{verb.lower()}", verb=verb, table="cga_bundles",
                                      when="OLD.status = 'completed'"))
    _freeze_cga_entries(db)


def _freeze_cga_entries(db: sqlite_utils.Database) -> None:
    """Entries of a completed CGA cannot be added, changed or removed."""
    for verb, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
        db.execute(_CGA_FROZEN.format(name=f"cga_entries_frozen_{verb.lower()}", verb=verb, table="cga_entries",
                                      when=_BUNDLE_OF.format(row=row)))


_PLAN_FROZEN = """
CREATE TRIGGER care_plans_frozen_{verb_lower} BEFORE {verb} ON care_plans WHEN OLD.version IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an agreed plan version cannot be changed'); END
"""


@MIGRATIONS(name="0004_plans")
def m0004_plans(db: sqlite_utils.Database) -> None:
    statements = [
        # The prioritised problem list: position orders the active problems (1 = top priority).
        """CREATE TABLE problems (
            id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id),
            position INTEGER NOT NULL, title TEXT NOT NULL,
            domain TEXT NOT NULL CHECK (domain IN ('physical', 'mental', 'social', 'functional', 'medication')),
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'resolved')),
            key_risks TEXT NOT NULL DEFAULT '', goals TEXT NOT NULL DEFAULT '[]',
            management_plan TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '', suggestion_key TEXT,
            cga_id INTEGER REFERENCES cga_bundles(id), created_at TEXT NOT NULL, created_by TEXT NOT NULL,
            resolved_at TEXT) STRICT""",
        "CREATE INDEX problems_patient ON problems(patient_id, status, position)",
        # CGA suggestions the MDT decided against, with why; the suggestion's source is kept.
        """CREATE TABLE dismissed_suggestions (
            id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id),
            cga_id INTEGER NOT NULL REFERENCES cga_bundles(id), key TEXT NOT NULL, title TEXT NOT NULL,
            source TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL, by_name TEXT NOT NULL,
            UNIQUE (cga_id, key)) STRICT""",
        # The Care and Support Plan: one draft per person (version NULL), frozen versions after each review.
        """CREATE TABLE care_plans (
            id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), version INTEGER,
            data TEXT NOT NULL, problems TEXT NOT NULL DEFAULT '[]', actions TEXT NOT NULL DEFAULT '[]',
            updated_at TEXT NOT NULL, updated_by TEXT NOT NULL, completed_on TEXT, completed_by TEXT,
            meeting_id INTEGER, transition_id INTEGER REFERENCES pathway_transitions(id)) STRICT""",
        "CREATE UNIQUE INDEX care_plans_one_draft ON care_plans(patient_id) WHERE version IS NULL",
        "CREATE UNIQUE INDEX care_plans_versions ON care_plans(patient_id, version)",
        "ALTER TABLE actions ADD COLUMN problem_id INTEGER REFERENCES problems(id)",
        "CREATE INDEX actions_patient ON actions(patient_id)",
    ]
    for sql in statements:
        db.execute(sql)
    _append_only(db, "dismissed_suggestions")
    for verb in ("UPDATE", "DELETE"):
        db.execute(_PLAN_FROZEN.format(verb=verb, verb_lower=verb.lower()))


@MIGRATIONS(name="0005_meetings")
def m0005_meetings(db: sqlite_utils.Database) -> None:
    statements = [
        """CREATE TABLE meetings (
            id INTEGER PRIMARY KEY, held_on TEXT NOT NULL, starts_at TEXT NOT NULL DEFAULT '13:00',
            neighbourhood TEXT NOT NULL DEFAULT '', session_minutes INTEGER NOT NULL,
            chair_member_id INTEGER REFERENCES team_members(id),
            minute_taker_member_id INTEGER REFERENCES team_members(id), guests TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'upcoming' CHECK (status IN ('upcoming', 'in_progress', 'held')),
            started_at TEXT, closed_at TEXT, created_at TEXT NOT NULL, created_by TEXT NOT NULL) STRICT""",
        """CREATE TABLE meeting_attendance (
            meeting_id INTEGER NOT NULL REFERENCES meetings(id), member_id INTEGER NOT NULL REFERENCES team_members(id),
            attendance TEXT NOT NULL CHECK (attendance IN ('in_person', 'remote', 'apologies')),
            PRIMARY KEY (meeting_id, member_id)) STRICT""",
        """CREATE TABLE meeting_cases (
            id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            patient_id INTEGER NOT NULL REFERENCES patients(id), position INTEGER NOT NULL,
            source TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '', new_case INTEGER NOT NULL DEFAULT 0,
            minutes INTEGER NOT NULL, know TEXT NOT NULL DEFAULT '', dont_know TEXT NOT NULL DEFAULT '',
            assume TEXT NOT NULL DEFAULT '', outcome TEXT, outcome_reason TEXT NOT NULL DEFAULT '',
            seconds_spent INTEGER NOT NULL DEFAULT 0, UNIQUE (meeting_id, patient_id)) STRICT""",
        "CREATE INDEX meeting_cases_patient ON meeting_cases(patient_id)",
        # What was decided for a case, in order, with the coded event or action it wrote.
        """CREATE TABLE meeting_decisions (
            id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES meeting_cases(id),
            kind TEXT NOT NULL, text TEXT NOT NULL, coded_event_id INTEGER REFERENCES coded_events(id),
            action_id INTEGER REFERENCES actions(id), recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL) STRICT""",
        "CREATE INDEX meeting_decisions_case ON meeting_decisions(case_id)",
        # Coded events delivered to the GP record; coded_events itself stays append-only.
        """CREATE TABLE code_exports (
            event_id INTEGER PRIMARY KEY REFERENCES coded_events(id), exported_at TEXT NOT NULL,
            batch TEXT NOT NULL) STRICT""",
    ]
    for sql in statements:
        db.execute(sql)
    _append_only(db, "meeting_decisions")
    _append_only(db, "code_exports")


@MIGRATIONS(name="0006_cga_acb_overrides")
def m0006_cga_acb_overrides(db: sqlite_utils.Database) -> None:
    """A CGA entry may be a pharmacist's ACB override: cga_entries is rebuilt to allow the new kind."""
    db.execute(_CGA_ENTRIES.format(table="cga_entries_new",
                                   kinds="'answer', 'checklist', 'list', 'pending', 'acb_override'"))
    db.execute("INSERT INTO cga_entries_new SELECT * FROM cga_entries")
    db.execute("DROP TABLE cga_entries")  # its triggers go with it
    db.execute("ALTER TABLE cga_entries_new RENAME TO cga_entries")
    _freeze_cga_entries(db)


# Migrations added in session 3, in this order. Each is appended by the work it belongs to;
# once shipped, a migration is never edited (tests/test_migrations_frozen.py holds their digests).
# -- 0007_repair_earlier_releases (integrity) --
_EARLY_FK = "latest_entry_id INTEGER REFERENCES cohort_entries(id)"
_ONE_CORRECTION = ("CREATE UNIQUE INDEX coded_events_one_correction ON coded_events(corrects_event_id)"
                   " WHERE corrects_event_id IS NOT NULL")


@MIGRATIONS(name="0007_repair_earlier_releases")
def m0007_repair_earlier_releases(db: sqlite_utils.Database) -> None:
    """Files made before 0002 and 0001 were edited (releases up to 2c0a8a6 and d0c9ebd) differ from what the
    migrations build now: patients.latest_entry_id had a foreign key to cohort_entries, which refuses every
    import of a new person, and the one-correction index was not partial. Bring them to today's schema;
    on any other file this changes nothing."""
    table = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'patients'").fetchone()[0]
    if _EARLY_FK in table:
        # Dropping a foreign key changes no stored row, so the definition is edited in place (SQLite's
        # documented way) instead of rebuilding a table that seven others refer to.
        version = db.execute("PRAGMA schema_version").fetchone()[0]
        db.execute("PRAGMA writable_schema = ON")
        db.execute("UPDATE sqlite_master SET sql = replace(sql, ?, 'latest_entry_id INTEGER')"
                   " WHERE type = 'table' AND name = 'patients'", [_EARLY_FK])
        db.execute(f"PRAGMA schema_version = {version + 1}")
        db.execute("PRAGMA writable_schema = OFF")
    index = db.execute("SELECT sql FROM sqlite_master WHERE name = 'coded_events_one_correction'").fetchone()[0]
    if index != _ONE_CORRECTION:
        db.execute("DROP INDEX coded_events_one_correction")
        db.execute(_ONE_CORRECTION)
# -- 0008_practices_and_search (cohort import) --
@MIGRATIONS(name="0008_practices_and_search")
def m0008_practices_and_search(db: sqlite_utils.Database) -> None:
    """The practice table (ODS code <-> name), seeded from people held with both. (Who joined and left a search
    is read with the existing cohort_entries indexes: another would slow every import for little.)"""
    db.execute("""CREATE TABLE practices (
        ods_code TEXT PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('file', 'app')), updated_at TEXT NOT NULL) STRICT""")
    db.execute("CREATE INDEX practices_name ON practices(name_key)")
    db.conn.create_function("mdt_practice_key", 1, _practice_key, deterministic=True)
    db.execute("INSERT OR IGNORE INTO practices (ods_code, name, name_key, source, updated_at)"
               " SELECT practice_code, practice_name, mdt_practice_key(practice_name), 'file', identified_on"
               " FROM patients WHERE practice_code != '' AND practice_name != '' ORDER BY id")


def _practice_key(name: str) -> str:
    from mdt_tui.cohort.practices import practice_key

    return practice_key(name)


# -- 0009_corrections_and_addenda (corrections) --


@MIGRATIONS(name="0009_corrections_and_addenda")
def m0009_corrections_and_addenda(db: sqlite_utils.Database) -> None:
    statements = [
        # The pathway steps a case's outcome took, so the meeting can reverse exactly those.
        "ALTER TABLE meeting_cases ADD COLUMN outcome_transitions TEXT NOT NULL DEFAULT '[]'",
        # What was learned after a meeting was held: its minutes stay as they were, addenda follow them.
        """CREATE TABLE meeting_addenda (
            id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meetings(id), text TEXT NOT NULL,
            by_name TEXT NOT NULL, by_role TEXT NOT NULL, at TEXT NOT NULL) STRICT""",
        "CREATE INDEX meeting_addenda_meeting ON meeting_addenda(meeting_id)",
    ]
    for sql in statements:
        db.execute(sql)
    _append_only(db, "meeting_addenda")
# -- 0010_clinical_safety (instruments revision 2) --
@MIGRATIONS(name="0010_clinical_safety")
def m0010_clinical_safety(db: sqlite_utils.Database) -> None:
    """Same-day self-harm actions, per-instrument administration dates, reasons a CGA domain was not done."""
    statements = [
        # Who is doing the same-day risk assessment after a positive PHQ-9 item 9, and its outcome.
        """CREATE TABLE self_harm_actions (
            id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id),
            bundle_id INTEGER NOT NULL REFERENCES cga_bundles(id), route TEXT NOT NULL, answer INTEGER NOT NULL,
            clinician_id INTEGER NOT NULL REFERENCES team_members(id), clinician_name TEXT NOT NULL,
            clinician_role TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('safety_plan', 'referred', 'emergency', 'other')),
            detail TEXT NOT NULL DEFAULT '', recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL) STRICT""",
        "CREATE INDEX self_harm_actions_bundle ON self_harm_actions(bundle_id)",
        # The day an instrument was given, when the user typed one (else: the day of its last answer).
        """CREATE TABLE cga_administered (
            bundle_id INTEGER NOT NULL REFERENCES cga_bundles(id), instrument TEXT NOT NULL,
            given_on TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
            PRIMARY KEY (bundle_id, instrument)) STRICT""",
        # Why a required domain (mental, functional, medication) has no completed instrument.
        """CREATE TABLE cga_domain_reasons (
            bundle_id INTEGER NOT NULL REFERENCES cga_bundles(id),
            domain TEXT NOT NULL CHECK (domain IN ('mental', 'functional', 'medication')),
            reason TEXT NOT NULL CHECK (reason IN ('declined', 'done_elsewhere', 'not_appropriate')),
            done_on TEXT, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
            PRIMARY KEY (bundle_id, domain)) STRICT""",
        # Each recorded result's administration date (its coded events' effective date).
        "ALTER TABLE cga_results ADD COLUMN administered_on TEXT",
    ]
    for sql in statements:
        db.execute(sql)
    _append_only(db, "self_harm_actions")
    for table in ("cga_administered", "cga_domain_reasons"):
        for verb in ("INSERT", "UPDATE", "DELETE"):
            row = "OLD" if verb == "DELETE" else "NEW"
            db.execute(_CGA_FROZEN.format(name=f"{table}_frozen_{verb.lower()}", verb=verb, table=table,
                                          when=_BUNDLE_OF.format(row=row)))

@MIGRATIONS(name="0010_clinical_safety_register")
def m0010_clinical_safety_register(db: sqlite_utils.Database) -> None:
    """The code register's guard and the pharmacist's medicines-list confirmations (instruments revision 2).

    coded_events refuses a new event whose id is not a confirmed, written entry of mdt_tui.codes (the
    ids are copied into code_register; a correction of an earlier event is always allowed). A register
    that gains a writable id needs a migration calling refresh_code_register().
    """
    db.execute("CREATE TABLE code_register (code TEXT PRIMARY KEY, term TEXT NOT NULL) STRICT")
    refresh_code_register(db)
    db.execute(_CODE_GUARD)
    # A pharmacist's confirmation that a CGA's medicines list is complete and correct: the ACB total
    # is provisional until the list it was scored on has one.
    db.execute("""CREATE TABLE medicines_reviews (
        id INTEGER PRIMARY KEY, bundle_id INTEGER NOT NULL REFERENCES cga_bundles(id),
        patient_id INTEGER NOT NULL REFERENCES patients(id), medicines TEXT NOT NULL,
        confirmed_at TEXT NOT NULL, confirmed_by TEXT NOT NULL, confirmed_role TEXT NOT NULL) STRICT""")
    db.execute("CREATE INDEX medicines_reviews_bundle ON medicines_reviews(bundle_id)")
    _append_only(db, "medicines_reviews")


_CODE_GUARD = """
CREATE TRIGGER coded_events_registered_only BEFORE INSERT ON coded_events
WHEN NEW.corrects_event_id IS NULL AND NOT EXISTS (SELECT 1 FROM code_register WHERE code = NEW.snomed_code)
BEGIN SELECT RAISE(ABORT, 'this SNOMED CT id is not a confirmed entry of the code register: nothing was recorded');
END
"""


def refresh_code_register(db: sqlite_utils.Database) -> None:
    """Make code_register hold exactly the register's writable ids (mdt_tui.codes.WRITABLE)."""
    from mdt_tui.codes import BY_CODE, WRITABLE

    db.execute("DELETE FROM code_register")
    db.conn.executemany("INSERT INTO code_register (code, term) VALUES (?, ?)",
                        [(code, BY_CODE[code].term) for code in sorted(WRITABLE)])

# -- 0011_audit_chain (tamper evidence) --
_NO_REPLACE = """
CREATE TRIGGER {table}_no_REPLACE BEFORE INSERT ON {table}
WHEN EXISTS (SELECT 1 FROM {table} WHERE {same_key})
BEGIN SELECT RAISE(ABORT, '{table} is append-only: replacing a row refused'); END
"""


def append_only_tables(db: sqlite_utils.Database) -> list[str]:
    """Tables guarded by the append-only triggers (every one has a '<table>_no_UPDATE' trigger)."""
    return [r[0] for r in db.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'"
                                     " AND name = tbl_name || '_no_UPDATE' ORDER BY tbl_name")]


@MIGRATIONS(name="0011_audit_chain")
def m0011_audit_chain(db: sqlite_utils.Database) -> None:
    """Each audit row gets a hash chained to the row before (earlier rows are chained now, in id order);
    INSERT OR REPLACE of an existing row of an append-only table is refused (REPLACE deletes without
    firing delete triggers)."""
    from mdt_tui.store.audit import AUDIT_COLUMNS, chain_hash

    db.execute("DROP TRIGGER audit_no_UPDATE")
    db.execute("ALTER TABLE audit ADD COLUMN hash TEXT")
    previous = None
    for row in db.execute(f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit ORDER BY id").fetchall():
        previous = chain_hash(previous, tuple(row))
        db.execute("UPDATE audit SET hash = ? WHERE id = ?", (previous, row[0]))
    db.execute(_APPEND_ONLY.format(table="audit", verb="UPDATE", verb_lower="update"))
    for table in append_only_tables(db):
        key = [r[1] for r in sorted(db.execute(f"PRAGMA table_info({table})").fetchall(), key=lambda r: r[5])
               if r[5]] or ["rowid"]  # the primary key's columns
        db.execute(_NO_REPLACE.format(table=table, same_key=" AND ".join(f"{k} = NEW.{k}" for k in key)))

# Added by the second round of this session, in this order:
# -- 0012_households_and_carers (households) --
@MIGRATIONS(name="0012_households_and_carers")
def m0012_households_and_carers(db: sqlite_utils.Database) -> None:
    """Households (members in the cohort or not), carers with dated strain, shared problems, actions for a
    carer and joint agenda items. The old carer_links rows are adopted into the new tables (and kept)."""
    statements = [
        """CREATE TABLE households (
            id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('couple', 'family', 'shared_address')),
            created_at TEXT NOT NULL, created_by TEXT NOT NULL) STRICT""",
        """CREATE TABLE household_members (
            id INTEGER PRIMARY KEY, household_id INTEGER NOT NULL REFERENCES households(id),
            person_id INTEGER REFERENCES patients(id), name TEXT NOT NULL, relationship TEXT NOT NULL DEFAULT '',
            contact TEXT NOT NULL DEFAULT '', lives_with INTEGER NOT NULL DEFAULT 1, from_link_id INTEGER,
            added_at TEXT NOT NULL, added_by TEXT NOT NULL) STRICT""",
        # One person, one household.
        "CREATE UNIQUE INDEX household_members_one_each ON household_members(person_id) WHERE person_id IS NOT NULL",
        "CREATE INDEX household_members_household ON household_members(household_id)",
        # A caring relationship: either side may be outside the cohort (then only the name is held).
        """CREATE TABLE carers (
            id INTEGER PRIMARY KEY, cared_for_id INTEGER REFERENCES patients(id), cared_for_name TEXT NOT NULL,
            carer_person_id INTEGER REFERENCES patients(id), name TEXT NOT NULL,
            relationship TEXT NOT NULL DEFAULT '', main_carer INTEGER NOT NULL DEFAULT 0,
            contact TEXT NOT NULL DEFAULT '', consent_to_hold INTEGER NOT NULL DEFAULT 0,
            assessment_offered_on TEXT, support TEXT NOT NULL DEFAULT '', from_link_id INTEGER,
            created_at TEXT NOT NULL, created_by TEXT NOT NULL,
            CHECK (cared_for_id IS NOT NULL OR carer_person_id IS NOT NULL),
            CHECK (contact = '' OR consent_to_hold = 1)) STRICT""",
        "CREATE INDEX carers_cared_for ON carers(cared_for_id)",
        "CREATE INDEX carers_carer ON carers(carer_person_id)",
        """CREATE TABLE carer_strain (
            id INTEGER PRIMARY KEY, carer_id INTEGER NOT NULL REFERENCES carers(id),
            level TEXT NOT NULL CHECK (level IN ('none', 'some', 'high')), words TEXT NOT NULL DEFAULT '',
            reported_on TEXT NOT NULL, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL) STRICT""",
        "CREATE INDEX carer_strain_carer ON carer_strain(carer_id, reported_on)",
        # A problem the household shares is one row per member, tied by the household.
        "ALTER TABLE problems ADD COLUMN household_id INTEGER REFERENCES households(id)",
        "ALTER TABLE actions ADD COLUMN carer_id INTEGER REFERENCES carers(id)",
        # Household members discussed as one agenda item: each case points at the item's first case.
        "ALTER TABLE meeting_cases ADD COLUMN joint_with INTEGER REFERENCES meeting_cases(id)",
    ]
    for sql in statements:
        db.execute(sql)
    _append_only(db, "carer_strain")
    db.execute(_NO_REPLACE.format(table="carer_strain", same_key="id = NEW.id"))
    from mdt_tui.store.household_adoption import adopt_carer_links

    adopt_carer_links(db, "migration 0012", datetime.now().astimezone().isoformat(timespec="seconds"))
# -- 0013_impact (dashboard, maturity, activity, experience) --
SETTINGS = ("ae", "emergency_admission", "elective_admission", "outpatient", "gp", "community", "social_care")
EXPERIENCE_ANSWERS = ("yes_definitely", "yes_to_some_extent", "no", "dont_know", "not_asked")


@MIGRATIONS(name="0013_impact")
def m0013_impact(db: sqlite_utils.Database) -> None:
    """Imported service use (one row per contact: the same person, day, setting and bed days is one contact,
    however often it is imported), dated maturity self-assessments and the GP Patient Survey answer at
    each review — all append-only."""
    settings = ", ".join(f"'{s}'" for s in SETTINGS)
    answers = ", ".join(f"'{a}'" for a in EXPERIENCE_ANSWERS)
    statements = [
        f"""CREATE TABLE activity_events (
            id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), on_date TEXT NOT NULL,
            setting TEXT NOT NULL CHECK (setting IN ({settings})), bed_days INTEGER CHECK (bed_days >= 0),
            imported_at TEXT NOT NULL, source TEXT NOT NULL) STRICT""",
        "CREATE UNIQUE INDEX activity_events_one_contact ON activity_events(patient_id, on_date, setting,"
        " coalesce(bed_days, -1))",
        "CREATE INDEX activity_events_setting ON activity_events(setting, on_date)",
        """CREATE TABLE maturity_entries (
            id INTEGER PRIMARY KEY, assessed_on TEXT NOT NULL, item TEXT NOT NULL,
            answer TEXT NOT NULL CHECK (answer IN ('yes', 'partly', 'no')), note TEXT NOT NULL DEFAULT '',
            by_name TEXT NOT NULL, by_role TEXT NOT NULL, recorded_at TEXT NOT NULL) STRICT""",
        "CREATE INDEX maturity_entries_item ON maturity_entries(item, assessed_on)",
        f"""CREATE TABLE review_experience (
            id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), asked_on TEXT NOT NULL,
            answer TEXT NOT NULL CHECK (answer IN ({answers})), by_name TEXT NOT NULL,
            recorded_at TEXT NOT NULL) STRICT""",
        "CREATE INDEX review_experience_patient ON review_experience(patient_id, asked_on)",
    ]
    for sql in statements:
        db.execute(sql)
    for table in ("activity_events", "maturity_entries", "review_experience"):
        _append_only(db, table)
        db.execute(_NO_REPLACE.format(table=table, same_key="id = NEW.id"))
# -- 0014_signoff_and_deliveries (code packs) --
@MIGRATIONS(name="0014_signoff_and_deliveries")
def m0014_signoff_and_deliveries(db: sqlite_utils.Database) -> None:
    """A clinician's sign-off of each coded event before it leaves; deliveries (one export to one practice)
    and the events each carried; events a later cohort file shows recorded in the GP record. All append-only."""
    statements = [
        """CREATE TABLE code_signoffs (
            event_id INTEGER PRIMARY KEY REFERENCES coded_events(id), signed_at TEXT NOT NULL,
            by_name TEXT NOT NULL, by_role TEXT NOT NULL) STRICT""",
        """CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY, practice_code TEXT NOT NULL, made_at TEXT NOT NULL, kind TEXT NOT NULL,
            file TEXT NOT NULL, include_unsigned INTEGER NOT NULL DEFAULT 0, by_name TEXT NOT NULL,
            by_role TEXT NOT NULL) STRICT""",
        """CREATE TABLE delivery_items (
            delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
            event_id INTEGER NOT NULL REFERENCES coded_events(id),
            action TEXT NOT NULL CHECK (action IN ('add', 'remove')),
            PRIMARY KEY (delivery_id, event_id)) STRICT""",
        "CREATE INDEX delivery_items_event ON delivery_items(event_id)",
        """CREATE TABLE delivery_confirmations (
            event_id INTEGER PRIMARY KEY REFERENCES coded_events(id), recorded_on TEXT NOT NULL,
            confirmed_at TEXT NOT NULL, source TEXT NOT NULL) STRICT""",
    ]
    for sql in statements:
        db.execute(sql)
    for table, key in (("code_signoffs", "event_id = NEW.event_id"), ("deliveries", "id = NEW.id"),
                       ("delivery_items", "delivery_id = NEW.delivery_id AND event_id = NEW.event_id"),
                       ("delivery_confirmations", "event_id = NEW.event_id")):
        _append_only(db, table)
        db.execute(_NO_REPLACE.format(table=table, same_key=key))
# -- 0015_indexes_and_lean_storage (speed) --

@MIGRATIONS(name="0015_indexes_and_lean_storage")
def m0015_indexes_and_lean_storage(db: sqlite_utils.Database) -> None:
    """Indexes for the reads that grow with the record: a person's history (events by transition),
    a CGA's suggested problems, held and upcoming meetings by date, and code exports in date order."""
    for sql in (
        "CREATE INDEX IF NOT EXISTS coded_events_transition ON coded_events(transition_id)",
        "CREATE INDEX IF NOT EXISTS coded_events_effective ON coded_events(effective_date)",
        "CREATE INDEX IF NOT EXISTS problems_cga ON problems(cga_id)",
        "CREATE INDEX IF NOT EXISTS meetings_status_held ON meetings(status, held_on)",
        "CREATE INDEX IF NOT EXISTS medicines_reviews_patient ON medicines_reviews(patient_id)",
        "CREATE INDEX IF NOT EXISTS self_harm_actions_patient ON self_harm_actions(patient_id)",
        # The self-harm item's answers, found without reading every answer of every CGA ever done.
        "CREATE INDEX IF NOT EXISTS cga_entries_answer_key ON cga_entries(key) WHERE kind = 'answer'",
    ):
        db.execute(sql)


# -- 0016 slot: team policy in the database (issue 19) --
@MIGRATIONS(name="0016_team_policy")
def m0016_team_policy(db: sqlite_utils.Database) -> None:
    """Team policy in the database (issue 19): one append-only row per change of one key (its value as JSON
    text, who and when); the current value is the key's latest row, a key never set is its default. The roster
    gains an owner flag (at most one member flagged; the owner edits the policy)."""
    statements = [
        """CREATE TABLE team_policy (
            id INTEGER PRIMARY KEY, key TEXT NOT NULL, value TEXT NOT NULL, set_at TEXT NOT NULL,
            by_name TEXT NOT NULL, by_role TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '') STRICT""",
        "CREATE INDEX team_policy_key ON team_policy(key, id)",
        "ALTER TABLE team_members ADD COLUMN owner INTEGER NOT NULL DEFAULT 0 CHECK (owner IN (0, 1))",
        "CREATE UNIQUE INDEX team_members_one_owner ON team_members(owner) WHERE owner = 1",
    ]
    for sql in statements:
        db.execute(sql)
    _append_only(db, "team_policy")
    db.execute(_NO_REPLACE.format(table="team_policy", same_key="id = NEW.id"))


# -- 0017 slot: record versions and meeting leases (issue 19) --
@MIGRATIONS(name="0017_record_versions_and_leases")
def m0017_record_versions_and_leases(db: sqlite_utils.Database) -> None:
    """Optimistic concurrency and the minute-taker lease (issue 19). record_versions: one row per record a
    person edits as a whole (a person's plan or problem list, a meeting's agenda), its version counted up by
    every write and stamped with who and when, so a save based on an older version is refused. (A CGA's
    answers are versioned one by one by cga_entries.seq.) meeting_leases: who takes a meeting's minutes now,
    since when, last renewed. Both hold current state, not history (the audit trail has that)."""
    statements = [
        """CREATE TABLE record_versions (
            kind TEXT NOT NULL CHECK (kind IN ('plan', 'problems', 'agenda')), record_id INTEGER NOT NULL,
            version INTEGER NOT NULL CHECK (version > 0), changed_at TEXT NOT NULL, changed_by TEXT NOT NULL,
            PRIMARY KEY (kind, record_id)) STRICT""",
        """CREATE TABLE meeting_leases (
            meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id), holder_name TEXT NOT NULL,
            holder_role TEXT NOT NULL, since TEXT NOT NULL, renewed_at TEXT NOT NULL) STRICT""",
    ]
    for sql in statements:
        db.execute(sql)


# -- 0018 slot: compact audit rows (issue 20) --


# -- 0019 slot: saved views (issue 14) --
@MIGRATIONS(name="0019_saved_views")
def m0019_saved_views(db: sqlite_utils.Database) -> None:
    """Saved views (issue 14): a list's `/` filter under a name, recalled by number. One row per list and name
    (the name compared without case); saving it again replaces the filter. Current state, not history: the
    audit trail holds every save."""
    db.execute(
        """CREATE TABLE saved_views (
            id INTEGER PRIMARY KEY, list_key TEXT NOT NULL, name TEXT NOT NULL COLLATE NOCASE,
            filter TEXT NOT NULL, saved_by TEXT NOT NULL, saved_at TEXT NOT NULL,
            UNIQUE (list_key, name)) STRICT"""
    )


# -- 0020 slot: meeting attribution (issue 14) --
@MIGRATIONS(name="0020_agenda_removals_index")
def m0020_agenda_removals_index(db: sqlite_utils.Database) -> None:
    """An agenda rebuilt as people become due never puts back someone taken off it by hand (issue 14): it finds
    them in the audit trail's remove_from_agenda rows. This partial index holds only those rows, so opening the
    agenda never reads the whole (growing) audit trail. (Attribution of a meeting's decisions needed no schema
    change: pathway_transitions and the audit already record both people.)"""
    db.execute("CREATE INDEX audit_agenda_removals ON audit (entity_id) WHERE action = 'remove_from_agenda'")


# -- 0021 slot: minute-taker lease per window (issue 14) --
@MIGRATIONS(name="0021_lease_window")
def m0021_lease_window(db: sqlite_utils.Database) -> None:
    """The minute-taker lease belongs to the window that took it (a random token per app window), not to a
    name: the same person's second window opens read-only, and closing one window never frees the lease the
    other holds (issue 14). The name is still shown and audited. A lease from before has '' here."""
    db.execute("ALTER TABLE meeting_leases ADD COLUMN holder_session TEXT NOT NULL DEFAULT ''")
