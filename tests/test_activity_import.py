"""mdt import-activity: header aliases, row problems, all or nothing, merge without duplicates, round trip."""

from __future__ import annotations

import csv
import dataclasses
import stat
from datetime import date

import pytest

from mdt_tui.cli import main
from mdt_tui.impact.activity import SETTINGS, ActivityRow, read_activity_file
from mdt_tui.store.store import Store


def _people(db, n=3) -> list[str]:
    with Store.open(db) as store:
        return sorted(store.held_nhs_numbers())[:n]


def _count(db) -> int:
    with Store.open(db) as store:
        return store.db.execute("SELECT count(*) FROM activity_events").fetchone()[0]


def _write(path, header, rows):
    path.write_text("\n".join([",".join(header), *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")
    return path


def test_every_field_round_trips_for_every_setting(demo_db, tmp_path, capsys):
    a, b, _ = _people(demo_db)
    rows = [
        ActivityRow(
            a if i % 2 else b, date(2026, 1, 1 + i), setting, (i + 1) if setting.endswith("admission") else None
        )
        for i, setting in enumerate(SETTINGS)
    ]
    fields = [f.name for f in dataclasses.fields(ActivityRow)]
    file = _write(
        tmp_path / "a.csv",
        fields,
        [[str(getattr(r, f)) if getattr(r, f) is not None else "" for f in fields] for r in rows],
    )
    assert main(["import-activity", str(file), "--db", str(demo_db)]) == 0
    assert "7 new contact(s)" in capsys.readouterr().out
    with Store.open(demo_db) as store:
        ids = {p.nhs_number: p.id for p in store.people()}
        stored = [ActivityRow(nhs, *contact) for nhs in (a, b) for contact in store.activity(ids[nhs])]
    assert sorted(stored, key=lambda r: r.on_date) == rows
    for field in fields:  # every field was exercised with more than one value
        assert len({getattr(r, field) for r in rows}) > 1


def test_header_aliases_setting_names_and_dates_as_gp_systems_write_them(demo_db, tmp_path):
    a, *_ = _people(demo_db)
    file = _write(
        tmp_path / "sus.csv",
        ["NHS No", "Admission Date", "Point of Delivery", "Length of Stay"],
        [
            [a, "03/02/2026", "Non-elective admission", "5"],
            [a, "04-Feb-2026", "A&E", ""],
            [a, "2026-02-05", "Outpatients", "0"],
        ],
    )
    result = read_activity_file(file, today=date(2026, 12, 1), held={a})
    assert not result.problems
    assert [(r.on_date, r.setting, r.bed_days) for r in result.rows] == [
        (date(2026, 2, 3), "emergency_admission", 5),
        (date(2026, 2, 4), "ae", None),
        (date(2026, 2, 5), "outpatient", None),
    ]


def test_a_file_with_any_bad_row_imports_nothing_and_names_each_problem(demo_db, tmp_path, capsys):
    a, *_ = _people(demo_db)
    file = _write(
        tmp_path / "bad.csv",
        ["nhs_number", "date", "setting", "bed_days"],
        [
            [a, "2026-02-01", "ae", ""],
            ["9434765918", "2026-02-01", "ae", ""],
            [a, "2031-01-01", "ae", ""],
            [a, "2026-02-01", "hospice", ""],
            [a, "2026-02-01", "gp", "3"],
            ["9434765919", "2026-02-01", "ae", ""],
            [a, "2026-02-01", "emergency_admission", "x"],
        ],
    )
    assert main(["import-activity", str(file), "--db", str(demo_db)]) == 1
    err = capsys.readouterr().err
    assert "Nothing imported: 6 problem(s) in 6 row(s)" in err
    for reason in (
        "check digit",
        "in the future",
        "not one of ae",
        "admissions only",
        "import the cohort first",
        "whole number of days",
    ):
        assert reason in err
    assert _count(demo_db) == 0


def test_skip_invalid_imports_the_good_rows_and_writes_owner_only_rejects(demo_db, tmp_path, capsys):
    a, *_ = _people(demo_db)
    file = _write(
        tmp_path / "mixed.csv",
        ["nhs_number", "date", "setting", "bed_days"],
        [[a, "2026-02-01", "ae", ""], [a, "2026-02-01", "nowhere", ""]],
    )
    assert main(["import-activity", str(file), "--db", str(demo_db), "--skip-invalid"]) == 0
    assert _count(demo_db) == 1
    rejects = tmp_path / "mixed.rejects.csv"
    assert stat.S_IMODE(rejects.stat().st_mode) == 0o600
    rows = list(csv.reader(rejects.open(encoding="utf-8-sig")))
    assert rows[1][:3] == [a, "2026-02-01", "nowhere"] and "not one of" in rows[1][-1]


def test_importing_again_or_an_overlapping_file_adds_no_duplicates(demo_db, tmp_path, capsys):
    a, b, _ = _people(demo_db)
    header = ["nhs_number", "date", "setting", "bed_days"]
    first = _write(
        tmp_path / "one.csv", header, [[a, "2026-02-01", "ae", ""], [a, "2026-02-03", "emergency_admission", "2"]]
    )
    second = _write(
        tmp_path / "two.csv",
        header,
        [
            [a, "2026-02-03", "emergency_admission", "2"],
            [b, "2026-02-03", "emergency_admission", "2"],
            [b, "2026-02-03", "emergency_admission", "2"],
        ],
    )
    assert main(["import-activity", str(first), "--db", str(demo_db)]) == 0
    assert main(["import-activity", str(first), "--db", str(demo_db)]) == 0
    assert "0 new contact(s), 2 already held" in capsys.readouterr().out
    assert main(["import-activity", str(second), "--db", str(demo_db)]) == 0
    assert "1 new contact(s), 2 already held" in capsys.readouterr().out
    assert _count(demo_db) == 3
    assert main(["check", "--db", str(demo_db)]) == 0


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("", "is empty"),
        ("name,when\nx,y\n", "has no nhs_number, date, setting column"),
        ("nhs_number,date,setting\n", "no data rows"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_sentence(demo_db, tmp_path, capsys, content, said):
    file = tmp_path / "f.csv"
    file.write_text(content)
    assert main(["import-activity", str(file), "--db", str(demo_db)]) == 1
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err and _count(demo_db) == 0


def test_a_missing_file_or_database_is_one_sentence(demo_db, tmp_path, capsys):
    assert main(["import-activity", str(tmp_path / "none.csv"), "--db", str(demo_db)]) == 1
    file = _write(tmp_path / "a.csv", ["nhs_number", "date", "setting"], [["9434765919", "2026-01-01", "ae"]])
    assert main(["import-activity", str(file), "--db", str(tmp_path / "none.db")]) == 1
    assert not (tmp_path / "none.db").exists()
    err = capsys.readouterr().err
    assert "no file" in err and "no database" in err
