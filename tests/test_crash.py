"""A writer killed with SIGKILL mid-stream leaves a healthy file holding every write that returned."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from mdt_tui.store.store import Store

WRITER = textwrap.dedent("""
    import sys
    from datetime import date
    from mdt_tui.demo import demo_nhs_numbers
    from mdt_tui.models import CohortEntry, Patient, User
    from mdt_tui.store.store import Store

    user = User(name="Crash Test", role="care_coordinator")
    store = Store.open(sys.argv[1], create=True)
    entry = CohortEntry(search_name="crash", run_date=date(2026, 11, 1))
    for n, nhs in enumerate(demo_nhs_numbers()):
        patient = Patient(nhs_number=nhs, family_name=f"Family{n}", given_name="Test",
                          date_of_birth=date(1940, 1, 1), practice_code="X99001")
        person_id = store.add_person(user, patient, entry)
        store.mark_suitable(user, person_id)
        print(nhs, flush=True)  # only after the write returned
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_stream_loses_no_returned_write(tmp_path):
    db = tmp_path / "crash.db"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    child = subprocess.Popen([sys.executable, str(script), str(db)], cwd=tmp_path, stdout=subprocess.PIPE, text=True)
    returned = []
    for line in child.stdout:
        returned.append(line.strip())
        if len(returned) == 40:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait()
    returned += [line.strip() for line in child.stdout.read().splitlines() if line.strip()]
    assert child.returncode == -signal.SIGKILL

    check = subprocess.run(
        [sys.executable, "-m", "mdt_tui", "check", "--db", str(db)], cwd=tmp_path, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    with Store.open(db) as store:
        stages = dict(store.db.execute("SELECT nhs_number, stage FROM patients").fetchall())
        audits = store.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    assert all(stages.get(nhs) == "awaiting_contact" for nhs in returned)
    # Each person is two transactions; the kill may fall between them, never inside one.
    assert audits in (2 * len(stages), 2 * len(stages) - 1)


# Every kind of store write the reliability suite must kill mid-stream at least once acknowledged.
WRITE_KINDS = {
    "import_cohort",
    "add_person",
    "take_step",
    "save_cga_answer",
    "save_cga_list",
    "complete_cga",
    "save_plan",
    "create_meeting",
    "record_outcome",
    "close_meeting",
    "mark_entered_in_error",
    "mark_exported",
}


@pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(signal, "SIGKILL"), reason="needs fork and SIGKILL")
def test_sigkill_at_random_moments_over_every_kind_of_write_loses_no_acknowledged_write(tmp_path):
    """32 writers killed at random moments (imports, consent and pathway steps, CGA, plans, meetings,
    corrections, export marks): after each kill `mdt check` passes, the tables agree, and every write
    the writer acknowledged after its commit is in the file. `python benchmarks/soak.py` runs 200+."""
    from tests.crash_harness import soak

    tally = soak(tmp_path, kills=32, seed=13)
    assert tally.problems == [] and tally.lost == []
    assert tally.kills >= 30
    assert WRITE_KINDS <= set(tally.by_kind), WRITE_KINDS - set(tally.by_kind)


def test_the_crash_check_notices_an_acknowledged_write_that_is_missing(tmp_path):
    """The suite's own check can fail: an ack naming an audit row or a person the file lacks is 'lost'."""
    import sqlite3

    from tests.crash_harness import check_acks

    Store.open(tmp_path / "a.db", create=True).close()
    conn = sqlite3.connect(tmp_path / "a.db")
    assert check_acks(conn, ["ack add_person 7 add_person", "ack import_cohort 0 - person 9990000115"]) == [
        "ack add_person 7 add_person",
        "ack import_cohort 0 - person 9990000115",
    ]
    conn.close()
