"""Shipped migrations are frozen: a database made by a release was built by exactly this code, so editing it
makes new files differ from old ones (as the edits to 0001 and 0002 did; 0007 repairs those).
A change to the schema is a new migration, never an edit. Digests are of the source (inspect.getsource)."""

import hashlib
import inspect

from mdt_tui.store import migrations

SHIPPED = {
    "0001_initial": "bfefb83d2a6bfdff422a56bb685d7a2b42e11031dfcb2865c3a01a626ede2a7b",
    "0002_cohort_review_and_contact": "5350e2932ddfc8f3d560743e394722cf03b8cec39a7cdb52cf0060089ae24045",
    "0003_cga": "632fe8c17470c3c0eb8999a416374197559ebf2ce3b0cdcff6c2252aba92f72e",
    "0004_plans": "415d298a76417c95904201f3500a98c80b3eba693f883cf37aa04c89c476f093",
    "0005_meetings": "48024f715a51e2af4d274a7302b3bbe4e3e01687cc18fb16d2dae0ff73b13148",
    "0006_cga_acb_overrides": "b5700ef56cabbe02f7d39284d89174c0d9dc03993535f0f12e4cf6241c1c54e3",
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
}
# Written this session and not yet in a release: when they land, add their digests to SHIPPED.
NOT_YET_SHIPPED = {"0007_repair_earlier_releases", "0008_practices_and_search", "0009_corrections_and_addenda",
                   "0010_clinical_safety", "0010_clinical_safety_register", "0011_audit_chain",
                   "0012_households_and_carers", "0013_impact", "0014_signoff_and_deliveries",
                   "0015_indexes_and_lean_storage"}


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
        assert digest(inspect.getsource(obj) if callable(obj) else obj) == expected, f"{name} was edited"


def test_shipped_migrations_come_first_in_order_and_every_migration_is_accounted_for():
    names = migrations.known_names()
    assert names[:len(SHIPPED)] == list(SHIPPED)
    assert set(names) <= set(SHIPPED) | NOT_YET_SHIPPED
    assert names == sorted(names)


def test_the_digest_sees_an_edit():
    source = sources()["0002_cohort_review_and_contact"]
    edited = source.replace("latest_entry_id INTEGER", "latest_entry_id INTEGER REFERENCES cohort_entries(id)")
    assert edited != source and digest(edited) != SHIPPED["0002_cohort_review_and_contact"]
