"""Fuzzing the cohort import: random bytes, mutated real exports, odd digits, control characters and huge cells.

Thousands of cases go through the reader and validation (fast); fewer through the real store. Whatever the
input: no exception but the file's own refusal, every row that passes is clean, and an import either happens
whole or changes nothing.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mdt_tui.cohort import CohortFileError, read_cohort_file
from mdt_tui.cohort.importing import file_report, import_file
from mdt_tui.cohort.values import NAME_LIMIT, TEXT_LIMIT
from mdt_tui.errors import MdtError
from mdt_tui.nhs_number import InvalidNHSNumber, normalise_nhs_number
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"
TODAY = date(2026, 11, 23)
SOURCES = [
    (FIXTURES / name).read_bytes()
    for name in (
        "emis_export.csv",
        "systmone_export.txt",
        "systmone_names.txt",
        "every_column.csv",
        "windows1252.csv",
        "utf8_bom.csv",
        "row_errors.csv",
    )
]
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What hostile or broken exports hold: odd digits (superscript ¹ is byte 0xB9 in Windows-1252, full-width,
# Arabic-Indic), escape sequences, tabs and line breaks, quotes and delimiters, BOMs, huge cells.
ODD = [
    "¹",
    "²",
    "９",
    "٣",
    "۹",
    "\x1b[2J",
    "\x1b]0;x\x07",
    "\t",
    "\n",
    "\r",
    "\x00",
    "\x85",
    "\x9b",
    '"',
    ",",
    ";",
    "\ufeff",
    "\u202e",
    " ",
    "-",
    "999 000 0018",
    "9990000018",
    "E82001",
    "Harlow North Surgery",
    "A" * 150,
    "B" * 250,
    "9" * 300,
    "C" * 140_000,
    "01/01/1900",
    "31/02/2020",
    "Run date: 01-Nov-2026\n",
]
FAST = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STORE = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def mutated() -> st.SearchStrategy[bytes]:
    """A real export with a few cells' worth of damage: inserted, replaced or deleted bytes."""
    payload = st.one_of(st.sampled_from(ODD), st.text(max_size=12)).map(
        lambda text: text.encode("cp1252", errors="ignore") if text == "¹" else text.encode("utf-8")
    )
    edit = st.tuples(st.sampled_from(["insert", "replace", "delete"]), st.floats(0, 1), payload, st.integers(1, 40))

    def apply(source: bytes, edits: list) -> bytes:
        data = bytearray(source)
        for kind, where, text, length in edits:
            at = int(where * len(data))
            if kind == "insert":
                data[at:at] = text
            elif kind == "replace":
                data[at : at + len(text)] = text
            else:
                del data[at : at + length]
        return bytes(data)

    return st.builds(apply, st.sampled_from(SOURCES), st.lists(edit, min_size=1, max_size=6))


def read(data: bytes, folder: Path, **kwargs):
    path = folder / "search.csv"
    path.write_bytes(data)
    try:
        return read_cohort_file(path, today=TODAY, **kwargs)
    except CohortFileError as refusal:  # the file's own one sentence: never a traceback
        assert str(refusal) and "\n" not in str(refusal)
        return None


def assert_clean(file) -> None:
    """Every row that passed is a valid person with clean text; every message is safe to print."""
    for row in file.rows:
        assert normalise_nhs_number(row.nhs_number) == row.nhs_number and row.nhs_number.isascii()
        for field, value in row._asdict().items():
            if isinstance(value, str):
                assert not CONTROL.search(value), (field, value)
                assert len(value) <= (NAME_LIMIT if field in ("family_name", "given_name") else TEXT_LIMIT)
        assert row.practice_code is not None  # no held people here: a name without a code is a problem
    for line in [*map(str, file.problems), *file_report(file)]:
        assert not CONTROL.search(line), line


@FAST
@given(st.binary(max_size=600))
def test_random_bytes_are_read_or_refused_in_one_sentence(data):
    with tempfile.TemporaryDirectory() as folder:
        file = read(data, Path(folder))
        if file is not None:
            assert_clean(file)


@FAST
@given(mutated())
def test_mutated_exports_never_crash_and_never_let_a_bad_row_through(data):
    with tempfile.TemporaryDirectory() as folder:
        file = read(data, Path(folder))
        if file is not None:
            assert_clean(file)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet="0123456789 -９¹²٣۹\u00a0\t", max_size=16)))
def test_the_nhs_number_check_raises_only_its_own_error(text):
    try:
        digits = normalise_nhs_number(text)
    except InvalidNHSNumber as error:
        assert not CONTROL.search(str(error))
    else:
        assert re.fullmatch(r"[0-9]{10}", digits)


def content(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@STORE
@given(mutated())
def test_an_import_of_a_mutated_export_is_whole_or_changes_nothing(data):
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "mdt.db"
        with Store.open(db, create=True) as store:  # people already held, with their practices
            base = read_cohort_file(FIXTURES / "emis_export.csv", today=TODAY)
            store.import_cohort(COORDINATOR, base.rows, search_name="INT", run_date=date(2026, 1, 1))
            before, held = content(db), set(store.stages_by_nhs_number())
            file = read(data, Path(folder), practices=store.practices(), held=held)
            if file is None:
                return
            try:
                summary, _ = import_file(
                    store, COORDINATOR, file, search_name="INT", run_date=TODAY, skip_invalid=True, how_to_skip="skip"
                )
            except MdtError:
                assert content(db) == before  # refused: nothing changed
                return
            people = store.db.execute("SELECT count(*) FROM patients").fetchone()[0]
            assert people == len(held) + summary.new
            assert summary.new + summary.updated + summary.unchanged == len(file.rows)
            for person in store.people():  # every stored person opens: no blank practice, no bad value
                patient = store.patient(person.id)
                assert patient.practice_code
                assert not CONTROL.search(patient.family_name + patient.given_name + patient.usual_gp)
                store.cohort_entries(person.id)
