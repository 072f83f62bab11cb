"""Shipped migrations are frozen: a database made by a release was built by exactly this code, so editing it
makes new files differ from old ones (as the edits to 0001 and 0002 did; 0007 repairs those).
A change to the schema is a new migration, never an edit. Digests are of the source (inspect.getsource)."""

import hashlib
import importlib
import inspect

from mdt_tui.store import migrations

SHIPPED = {
    "0001_initial": "bfefb83d2a6bfdff422a56bb685d7a2b42e11031dfcb2865c3a01a626ede2a7b",
    "0002_cohort_review_and_contact": "5350e2932ddfc8f3d560743e394722cf03b8cec39a7cdb52cf0060089ae24045",
    "0003_cga": "632fe8c17470c3c0eb8999a416374197559ebf2ce3b0cdcff6c2252aba92f72e",
    "0004_plans": "415d298a76417c95904201f3500a98c80b3eba693f883cf37aa04c89c476f093",
    "0005_meetings": "48024f715a51e2af4d274a7302b3bbe4e3e01687cc18fb16d2dae0ff73b13148",
    "0006_cga_acb_overrides": "b5700ef56cabbe02f7d39284d89174c0d9dc03993535f0f12e4cf6241c1c54e3",
    "0007_repair_earlier_releases": "47d2f1543446187c1eb13f86ed17209fe39bcb435288b1fe96df6368a4134984",
    "0008_practices_and_search": "5de1a12d023138c867f2b06b26cc549701893ee7ab6b01bb3303bf2b5ff44f12",
    "0009_corrections_and_addenda": "cf53cbc90b379b6b388bdba48c8bcaf396a412b7299648467198fe320698bf58",
    "0010_clinical_safety": "7ad7d8965e416df54274dc386bfc944e119e16b47ea9fc6e5ccdcbb89883e26d",
    "0010_clinical_safety_register": "ae98f8d30bfa5c47c33214d19111f8a9550d6fd94bed7a1b72006e1813ee273a",
    "0011_audit_chain": "b3359ae1bd0e7ce8d8470a11dc9c711d3370102f6beb1d82873cdd2afe5f4952",
    "0012_households_and_carers": "5d727da9887ea2e8b3ed85aa1c747ccc04896ab53947c2aab96f12208f402b9d",
    "0013_impact": "25ba2382e80171a6a18a953aae6f3510a727e4c8c8957d12564bf6a327f941d2",
    "0014_signoff_and_deliveries": "5a4b5ab8f9f418c13b15cb36c6f307a2e939efe5f750fba03d9775573cea1aa0",
    "0015_indexes_and_lean_storage": "2bb8d4853928a860b5f68b22cde0df5f74bf0f594676786d3e5894381a31c23a",
}
# What the shipped migrations build with: changing one of these changes them too.
SHIPPED_HELPERS = {
    "_APPEND_ONLY": "8533d12095f1e5fa25ded8313ae034e354f1ed8754d5fe8339dec0ee85c7daf0",
    "_append_only": "8c77f1277e8663e6e7d5e247b3ac6343223d1f7f600a69656f0e0685750d1bcd",
    "_CGA_FROZEN": "5ca0a2cade7c33db9606683c1709260f4e2961ca2ec5423be5f6af5ee7b2407b",
    "_BUNDLE_OF": "925947ccd0a5f04809c20c4b3d79198c9961f08c780028a14c736387e1616c6d",
    "_CGA_ENTRIES": "82b7c59de409a832fc1234d0c7c70f8c190756dd5be7ef2b6f24d29acbbfdeec",
    "_freeze_cga_entries": "81ae2b7d8fa5172ee1289e8dd8f0a674d77ccca7ddb361a1dee769ff1a5f970b",
    "_PLAN_FROZEN": "86eef4a436cc9fc08463b6e3acb817639bec6a1207758080e0a6abf0c4cbd1e7",
    "_EARLY_FK": "687a71c2ba91e38019734ecbc6df2e693b8ef21aa57012acac5c7571424b78b4",
    "_ONE_CORRECTION": "827527008aee4075396898fdff4188d32a8600c20df534d0c8b227936024936e",
    "_practice_key": "53ce8e5dec7754c23bc384102688d1db0239213737a34fa40162d62f22507b84",
    "_CODE_GUARD": "db73c8f7a3bcc76d4c85aabf7722903f38ca93197fb8040cfc77989c40ea7579",
    "_NO_REPLACE": "1aae8f28bfce6111d185979edf24e561452825db71c40936eae4d99b94de1485",
    "append_only_tables": "7e172946fc9f680f8548a8028094c762c6010b0a8c7b099d0a58c029d5d184d5",
    "SETTINGS": "e72b4563ccfb25db6e09c86559ffca39c8dc26c3f31a71b41e3afc61bec62e29",
    "EXPERIENCE_ANSWERS": "9247affc5276a90b962a67f8e7e588d622331372d4a545cb4569d9bb0938efff",
}
# Code outside this module that a shipped migration runs (0012 adopts the old carer_links rows with it).
SHIPPED_OUTSIDE_HELPERS = {
    (
        "mdt_tui.store.household_adoption",
        "adopt_carer_links",
    ): "47738d8a7f4f864f3f23211dc009708f67cc3a6b7c20c33d895bc6bf811285c1",
}
# Written since the last release: when they land, move their digests into SHIPPED.
NOT_YET_SHIPPED: set[str] = {
    "0016_team_policy",
    "0017_record_versions_and_leases",
    "0019_saved_views",
    "0020_agenda_removals_index",
    "0021_lease_window",
}


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sources() -> dict[str, str]:
    return {m.name: inspect.getsource(m.fn) for m in migrations.MIGRATIONS._migrations}


def test_no_shipped_migration_has_been_edited():
    found = sources()
    edited = [name for name, expected in SHIPPED.items() if digest(found[name]) != expected]
    assert not edited, f"shipped migrations edited: {edited}; write a new migration instead"


def test_no_helper_of_a_shipped_migration_has_been_edited():
    for name, expected in SHIPPED_HELPERS.items():
        obj = getattr(migrations, name)
        text = inspect.getsource(obj) if callable(obj) else obj if isinstance(obj, str) else repr(obj)
        assert digest(text) == expected, f"{name} was edited"


def test_no_outside_helper_of_a_shipped_migration_has_been_edited():
    for (module, name), expected in SHIPPED_OUTSIDE_HELPERS.items():
        obj = getattr(importlib.import_module(module), name)
        assert digest(inspect.getsource(obj)) == expected, f"{module}.{name} was edited"


def test_shipped_migrations_come_first_in_order_and_every_migration_is_accounted_for():
    names = migrations.known_names()
    assert names[: len(SHIPPED)] == list(SHIPPED)
    assert set(names) <= set(SHIPPED) | NOT_YET_SHIPPED
    assert names == sorted(names)


def test_the_digest_sees_an_edit():
    source = sources()["0002_cohort_review_and_contact"]
    edited = source.replace("latest_entry_id INTEGER", "latest_entry_id INTEGER REFERENCES cohort_entries(id)")
    assert edited != source and digest(edited) != SHIPPED["0002_cohort_review_and_contact"]
