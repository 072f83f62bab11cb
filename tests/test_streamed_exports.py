"""Exports that stream rows from the cursor to the file: complete and owner-only when done, nothing left when
an error stops them half-way, the same bytes as the export to standard output."""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterator

import pytest

from mdt_tui.cli import main
from mdt_tui.codes import PATHWAY_DECLINED
from mdt_tui.pathway import Stage
from mdt_tui.safe_files import OutputRefused, streamed_file
from mdt_tui.store.store import Store
from tests.conftest import COORDINATOR


def test_a_streamed_file_appears_only_when_complete(tmp_path):
    out = tmp_path / "rows.csv"
    with streamed_file(out) as handle:
        handle.write("a,b\n")
        assert not out.exists()  # still the temporary file
        handle.write("1,2\n")
    assert out.read_text() == "a,b\n1,2\n"
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert os.listdir(tmp_path) == ["rows.csv"]


def test_an_error_half_way_leaves_nothing(tmp_path):
    out = tmp_path / "rows.csv"
    with pytest.raises(RuntimeError), streamed_file(out) as handle:
        handle.write("a,b\n")
        raise RuntimeError("the database went away")
    assert os.listdir(tmp_path) == []


def test_an_existing_file_is_refused_unless_forced(tmp_path):
    out = tmp_path / "rows.csv"
    out.write_text("keep me")
    with pytest.raises(OutputRefused), streamed_file(out) as handle:
        handle.write("x")
    assert out.read_text() == "keep me"
    with streamed_file(out, force=True) as handle:
        handle.write("new")
    assert out.read_text() == "new"


def test_cohort_export_streams_the_same_rows_as_standard_output(demo_db, tmp_path, capsys):
    out = tmp_path / "cohort.csv"
    assert main(["cohort", "--db", str(demo_db)]) == 0
    printed = capsys.readouterr().out
    assert main(["cohort", "--db", str(demo_db), "--out", str(out)]) == 0
    written = out.read_text(encoding="utf-8")
    assert written == printed and written.count("\n") > 100
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == sorted(
        ["cohort.csv", "demo.db", *[n for n in os.listdir(tmp_path) if n.startswith("demo.db-")]]
    )


def _reference_codes(store, **narrow) -> str:
    """The codes CSV as it was written before it streamed: every row built as a model, then written."""
    from mdt_tui.exports.checklist import csv_lines
    from mdt_tui.exports.csv_files import CODES_HEADER, write_csv

    body = io.StringIO()
    write_csv(csv_lines(store.codes_to_export(**narrow)), CODES_HEADER, body)
    return body.getvalue()


def _with_a_removal(demo_db, tmp_path) -> None:
    """Deliver everything once, then correct a delivered code, so the next export has a row to remove."""
    assert main(["export", "codes", "--db", str(demo_db), "--include-unsigned", "--out", str(tmp_path / "a.csv")]) == 0
    with Store.open(demo_db) as store:
        person = store.people([Stage.DECLINED])[0].id
        declined = [e for e in store.coded_events(person_id=person) if e.snomed_code == PATHWAY_DECLINED.code][-1]
        store.mark_entered_in_error(COORDINATOR, declined.event_id, reason="Declined was for her husband")


def test_the_streamed_codes_export_has_the_bytes_of_the_model_built_one(demo_db, tmp_path, capsys):
    db = str(demo_db)
    with Store.open(demo_db) as store:
        first = _reference_codes(store, include_exported=False)
    assert main(["export", "codes", "--db", db]) == 0
    assert capsys.readouterr().out == first and first.count("\n") > 500
    _with_a_removal(demo_db, tmp_path)
    with Store.open(demo_db) as store:
        everything = _reference_codes(store, include_exported=True)
        fresh = _reference_codes(store, include_exported=False)
        signed = _reference_codes(store, include_exported=False, signed_only=True)
        assert isinstance(store.code_export_rows(), Iterator)  # read from the cursor as written, never a list
    assert ",remove," in everything and ",remove," in fresh
    capsys.readouterr()
    assert main(["export", "codes", "--db", db, "--all"]) == 0
    assert capsys.readouterr().out == everything
    assert main(["export", "codes", "--db", db]) == 0
    assert capsys.readouterr().out == fresh
    assert main(["export", "codes", "--db", db, "--out", str(tmp_path / "b.csv")]) == 0
    assert (tmp_path / "b.csv").read_text(encoding="utf-8") == signed
    with Store.open(demo_db) as store:  # what the file carried is what was recorded as delivered, nothing else
        latest = max(d.delivery_id for d in store.deliveries())
        sent = [r for d in store.deliveries() if d.file.endswith("b.csv") for r in store.delivery_rows(d.delivery_id)]
        reprint = _reference_delivery(store, latest)
    in_file = sorted(tuple(r[k] for k in ("event_id", "action")) for r in csv.DictReader(io.StringIO(signed)))
    assert sorted((str(r.event.event_id), r.action) for r in sent) == in_file
    capsys.readouterr()
    assert main(["export", "codes", "--db", db, "--delivery", str(latest)]) == 0
    assert capsys.readouterr().out == reprint


def _reference_delivery(store, delivery: int) -> str:
    from mdt_tui.exports.checklist import csv_lines
    from mdt_tui.exports.csv_files import CODES_HEADER, write_csv

    body = io.StringIO()
    write_csv(csv_lines(store.delivery_rows(delivery)), CODES_HEADER, body)
    return body.getvalue()


def test_the_deliveries_list_streams_the_same_rows(demo_db, tmp_path, capsys):
    from mdt_tui.exports.csv_files import write_csv
    from mdt_tui.exports.deliveries import DELIVERIES_HEADER

    _with_a_removal(demo_db, tmp_path)
    body = io.StringIO()
    with Store.open(demo_db) as store:
        write_csv(store.deliveries(), DELIVERIES_HEADER, body)
        assert isinstance(store.each_delivery(), Iterator)
    capsys.readouterr()
    assert main(["deliveries", "--db", str(demo_db)]) == 0
    assert capsys.readouterr().out == body.getvalue() and body.getvalue().count("\n") == 4
