"""A later cohort file's optional 'recorded on' date columns confirm delivered codes (issue 17)."""

import csv
from datetime import date, timedelta

from mdt_tui import codes
from mdt_tui.cli import main
from mdt_tui.cohort import read_cohort_file
from mdt_tui.cohort.recorded import RECORDED_ALIASES, recorded_dates
from mdt_tui.store.store import Store


def _write(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerows(rows)
    return path


def test_recorded_dates_read_every_pathway_code_and_leave_out_what_cannot_be_read():
    today = date(2026, 11, 30)
    header = ["NHS Number", *[RECORDED_ALIASES[c.code][0] for c in codes.PATHWAY_CONCEPTS]]
    good = ["999 000 0018", *["02/11/2026"] * len(codes.PATHWAY_CONCEPTS)]
    found, unreadable = recorded_dates(
        header, [good, ["9990000026", "soon", "01/01/2030", "", "", "", "", ""], ["123", "02/11/2026"]], 0, today=today
    )
    assert found == {("9990000018", c.code): date(2026, 11, 2) for c in codes.PATHWAY_CONCEPTS}
    assert unreadable == 3  # not a date, in the future, no valid NHS number
    assert recorded_dates(["NHS Number", "Surname"], [["9990000018", "X"]], 0, today=today) == ({}, 0)


def test_a_later_file_confirms_delivered_codes_and_the_four_week_flag_clears(demo_db, tmp_path, capsys):
    db = str(demo_db)
    assert main(["export", "codes", "--db", db, "--practice", "X99002", "--out", str(tmp_path / "a.csv")]) == 0
    sent = list(csv.DictReader((tmp_path / "a.csv").open()))
    pathway = [r for r in sent if r["snomed_code"] == codes.ON_PATHWAY.code][0]
    with Store.open(demo_db) as store:
        person = store.patient(store.person_by_nhs_number(pathway["nhs_number"]).id)
        [delivery] = store.deliveries()
    assert delivery.unconfirmed_after(delivery.made_at.date() + timedelta(weeks=4))
    recorded = date.fromisoformat(pathway["effective_date"]) + timedelta(days=3)
    file = _write(
        tmp_path / "later.csv",
        [
            ["NHS Number", "Surname", "Forename", "Date of Birth", "Practice Code", "On integrated care pathway date"],
            [
                person.nhs_number,
                person.family_name,
                person.given_name,
                person.date_of_birth.strftime("%d/%m/%Y"),
                person.practice_code,
                recorded.strftime("%d/%m/%Y"),
            ],
        ],
    )
    assert read_cohort_file(file, today=date.today()).recorded_on == {
        (person.nhs_number, codes.ON_PATHWAY.code): recorded
    }
    capsys.readouterr()
    assert main(["import-cohort", str(file), "--db", db]) == 0
    assert "Dates codes were recorded in the GP record: 1" in capsys.readouterr().err
    with Store.open(demo_db) as store:
        [after] = store.deliveries()
        row = store.db.execute("SELECT recorded_on, source FROM delivery_confirmations").fetchall()
    assert after.confirmed == 1 and row == [(recorded.isoformat(), "later.csv")]
    late = after.made_at.date() + timedelta(weeks=4)
    assert after.unconfirmed_after(late) is (after.events > 1)
    assert not after.model_copy(update={"confirmed": after.events}).unconfirmed_after(late)
    assert main(["import-cohort", str(file), "--db", db]) == 0  # the same file again confirms nothing twice
    with Store.open(demo_db) as store:
        assert store.deliveries()[0].confirmed == 1
        assert store.first_problem() is None
