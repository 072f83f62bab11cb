"""The code register: every id well formed, nothing written that is not a confirmed entry, the store's guard."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from mdt_tui import codes
from mdt_tui.errors import MdtError
from tests.conftest import make_entry, make_patient

ROOT = Path(__file__).resolve().parents[1]
APP_CODE = [p for folder in ("mdt_tui", "store", "screens") for p in sorted((ROOT / folder).rglob("*.py"))]
NOT_CODES = {"000000": "NHS number check arithmetic (nhs_column.py)", "20261101": "the demo's random seed"}
INVALID_IDS = ("870431003", "108331000000102")  # instruments.md: not valid SNOMED CT ids (check digit)
REVISION_2_CONFIRMED = {  # instruments.md Revision 2 and section 11a: confirmed, to be written when the step happens
    "414191008",
    "763264000",
    "925791000000100",
    "925831000000107",
    "925861000000102",
    "1239511000000100",
    "713603004",
    "224484003",
    "1129331000000101",
    "1129341000000105",
    "1129351000000108",
    "1129361000000106",
    "1129371000000104",
    "1129381000000102",
    "1129391000000100",
    "1129401000000102",
    "1129411000000100",
    "788921000000108",
    "936221000000104",
    "1239441000000103",
    "877011000000107",
    "818241000000105",
    "836131000000104",
    "1026051000000106",
}


@pytest.mark.parametrize("concept", [c for c in codes.REGISTER if c.code], ids=lambda c: c.code)
def test_every_id_has_its_verhoeff_check_digit_and_a_concept_partition(concept):
    assert re.fullmatch(r"[1-9]\d{5,17}", concept.code)
    assert codes.verhoeff_valid(concept.code), f"{concept.code} {concept.term}: wrong check digit"
    assert codes.partition(concept.code) in ("00", "10")


def test_the_check_digit_test_can_fail():
    assert not codes.verhoeff_valid("1129411000000101")  # level 9's finding with its last digit changed
    assert all(not codes.verhoeff_valid(i) for i in INVALID_IDS)
    assert codes.verhoeff_valid("138875005")  # the SNOMED CT root concept


def test_every_entry_is_declared_once_with_its_writer_source_and_status():
    ids = [c.code for c in codes.REGISTER if c.code]
    assert len(ids) == len(set(ids))
    for concept in codes.REGISTER:
        assert concept.term and concept.source and concept.status in ("confirmed", "unconfirmed")
        assert (concept.code is None) == (concept.status == "unconfirmed")


def test_revision_2_codes_are_confirmed_and_written():
    assert REVISION_2_CONFIRMED <= codes.WRITABLE
    assert [codes.cfs_level_finding(level).code for level in (3, 9)] == ["1129351000000108", "1129411000000100"]
    assert codes.frailty_diagnosis(9) is None and codes.frailty_diagnosis(8) is codes.SEVERE_FRAILTY


def test_the_efi_and_invalid_ids_are_never_written():
    assert codes.EFI_SCORE.code == "713636003" and codes.EFI_SCORE.code not in codes.WRITABLE
    assert not set(INVALID_IDS) & set(codes.BY_CODE)
    for code in ("713636003", *INVALID_IDS):
        with pytest.raises(codes.UnregisteredCode):
            codes.require_writable(code)


def test_unconfirmed_outputs_have_no_id_and_go_to_the_practice_template():
    terms = {c.term for c in codes.TEMPLATE_ENTRIES}
    assert {
        "Personalised care and support plan agreed",
        "Treatment escalation plan",
        "Consent to share information",
        "Carer strain",
        "Named lead professional",
    } <= terms
    assert any(t.startswith("Has ReSPECT") for t in terms)
    assert all(c.code is None and not c.writable for c in codes.TEMPLATE_ENTRIES)


def _literals() -> list[tuple[str, str]]:
    found = []
    for path in APP_CODE:
        for number in re.findall(r"(?<![\w.])\d{6,18}(?![\w.])", path.read_text(encoding="utf-8")):
            found.append((path.relative_to(ROOT).as_posix(), number))
    return found


def test_the_scan_finds_the_register_itself():
    assert ("mdt_tui/codes.py", "1129411000000100") in _literals()


def test_no_app_code_names_an_id_that_is_not_in_the_register():
    """Any 6–18 digit literal is a register id, an NHS test number, or a number listed here as not a code."""
    strays = [
        (where, n)
        for where, n in _literals()
        if n not in codes.BY_CODE and n not in NOT_CODES and not (len(n) == 10 and n.startswith("999"))
    ]
    assert not strays, f"ids not in mdt_tui/codes.py: {strays}"


def test_outside_the_register_only_written_ids_appear():
    named = [(where, n) for where, n in _literals() if where != "mdt_tui/codes.py" and n in codes.BY_CODE]
    assert named and all(n in codes.WRITABLE for _, n in named), named
    assert not any(n in INVALID_IDS for _, n in _literals())


def test_the_database_guard_holds_exactly_the_writable_ids(store):
    held = {code for (code,) in store.db.execute("SELECT code FROM code_register")}
    assert held == codes.WRITABLE


@pytest.mark.parametrize("code", ["713636003", "870431003", "445414007", "925791000000999"])
def test_the_store_refuses_to_write_an_unregistered_or_unwritten_id(store, user, code):
    person = store.add_person(user, make_patient(), make_entry())
    before = store.db.execute("SELECT count(*) FROM coded_events").fetchone()[0]
    with pytest.raises((sqlite3.IntegrityError, MdtError), match="code register"):
        with store.transaction() as db:
            db.execute(
                "INSERT INTO coded_events (patient_id, snomed_code, term, effective_date, recorded_by,"
                " recorded_at) VALUES (?, ?, 'x', ?, 'test', '2026-11-23T10:00:00')",
                (person, code, date(2026, 11, 23).isoformat()),
            )
    assert store.db.execute("SELECT count(*) FROM coded_events").fetchone()[0] == before


def test_every_code_the_demo_writes_is_a_confirmed_register_entry(demo_db):
    from mdt_tui.store.store import Store

    with Store.open(demo_db) as store:
        written = {e.snomed_code for e in store.coded_events()}
    assert written and written <= codes.WRITABLE
    assert "713636003" not in written


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_practice_checklist_lists_unconfirmed_outputs_for_the_practice_template(fmt):
    from mdt_tui.exports.checklist import checklist

    text = checklist([], "Codes to enter").render(fmt)
    for concept in codes.TEMPLATE_ENTRIES:
        plain = text.replace("\\", "").replace("&#x27;", "'")  # Markdown escapes, HTML entities
        assert f"record on the practice template: {concept.term}" in plain
