"""An EMIS export, then SystmOne's (tab-separated, Windows-1252, practice names only) of the same people:
every practice code, usual GP and clinical field is as the files say, and every screen opens for everyone."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from mdt_tui.screens.cohort.review import CohortReviewScreen
from mdt_tui.screens.people.finder import FinderScreen
from mdt_tui.screens.people.person import PersonScreen
from mdt_tui.store.store import Store
from tests.pilot_helpers import SIZE, app_for, settle, text_of

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"


def mdt(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "mdt_tui", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def listing(db: Path, cwd: Path) -> dict[str, dict]:
    result = mdt("cohort", "--db", db, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return {r["nhs_number"]: r for r in csv.DictReader(result.stdout.splitlines())}


def emis_then_systmone(tmp_path: Path) -> Path:
    db = tmp_path / "mdt.db"
    for name in ("emis_export.csv", "systmone_names.txt"):
        result = mdt("import-cohort", FIXTURES / name, "--db", db, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    return db


def test_systmone_names_after_emis_codes_keep_every_practice_and_field(tmp_path):
    db = emis_then_systmone(tmp_path)
    with Store.open(db) as store:
        people = {p["nhs_number"]: p for p in store.db.query("SELECT * FROM patients")}
        assert store.practices() == {"E82003": "Harlow North, Surgery"}  # learned from the EMIS file
    # Practice codes: names matched to the code learned from EMIS; an unknown name keeps the held code.
    assert {n: p["practice_code"] for n, p in people.items()} == {
        "9990000018": "E82003",
        "9990000026": "E82003",
        "9990000034": "E82001",
    }
    # A name no code is known for is not stored beside the code kept: it may be another practice's.
    assert people["9990000034"]["practice_name"] == ""
    # Usual GP as the later file says; a blank cell keeps what was held (never blanked).
    assert {n: p["usual_gp"] for n, p in people.items()} == {
        "9990000018": "Dr P Example",
        "9990000026": "Dr Ré Newgp",
        "9990000034": "",
    }
    rows = listing(db, tmp_path)
    testwood, samplesby, fakeham = rows["9990000018"], rows["9990000026"], rows["9990000034"]
    assert (
        testwood["risk_score"],
        testwood["efi"],
        testwood["cfs"],
        testwood["ae_attendances_12m"],
        testwood["emergency_admissions_12m"],
        testwood["housebound"],
        testwood["care_home_resident"],
        testwood["end_of_life_register"],
    ) == ("91.25", "0.42", "7", "4", "3", "true", "false", "true")
    assert (samplesby["efi"], samplesby["cfs"], samplesby["risk_grade"]) == ("0.22", "6", "Medium")
    assert (fakeham["efi"], fakeham["cfs"], fakeham["risk_grade"]) == ("", "", "Low")
    # Run dates from each file's preamble: EMIS "Run date: Friday, 21 November 2025", SystmOne "Report date".
    assert {(r["identified_on"], r["last_seen_on"]) for r in rows.values()} == {("2025-11-21", "2025-12-01")}


def test_a_person_held_without_a_practice_never_crashes_a_screen_or_export(tmp_path):
    db = emis_then_systmone(tmp_path)
    with Store.open(db) as store:  # as an earlier release could leave them
        store.db.execute("UPDATE patients SET practice_code = '' WHERE nhs_number = '9990000034'")
    result = mdt("export", "plan", "9990000034", "--db", db, cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "Fakeham" in result.stdout


async def test_every_screen_opens_for_every_person(tmp_path, settings):
    db = emis_then_systmone(tmp_path)
    with Store.open(db) as store:
        store.db.execute("UPDATE patients SET practice_code = '' WHERE nhs_number = '9990000034'")
        ids = [p.id for p in store.people()]
    app = app_for(db, settings)
    async with app.run_test(size=SIZE) as pilot:
        for person_id in ids:
            app.open_person(person_id)
            await settle(app, pilot)
            assert isinstance(app.screen, PersonScreen)
            assert text_of(app.screen.query_one("#identity")).strip()
            for key in ("t", "n", "a", "l", "r"):  # theograph, consent, CGA, plan, reviews: each opens or says why not
                await pilot.press(key)
                await settle(app, pilot)
                for _ in range(3):  # back to the person screen
                    if isinstance(app.screen, PersonScreen):
                        break
                    await pilot.press("escape")
                    await settle(app, pilot)
                assert isinstance(app.screen, PersonScreen), key
            await pilot.press("escape")
            await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, CohortReviewScreen)
        for _ in ids:  # each row's detail pane is drawn as the cursor reaches it
            await pilot.press("down")
            await settle(app, pilot)
        assert isinstance(app.screen, CohortReviewScreen)
        await pilot.press("ctrl+f")
        await settle(app, pilot)
        assert isinstance(app.screen, FinderScreen)
        await pilot.press(*"fakeham", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        assert "no ODS code" in text_of(app.screen.query_one("#identity"))
