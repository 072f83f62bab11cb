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

    check = subprocess.run([sys.executable, "-m", "mdt_tui", "check", "--db", str(db)], cwd=tmp_path,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    with Store.open(db) as store:
        stages = dict(store.db.execute("SELECT nhs_number, stage FROM patients").fetchall())
        audits = store.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    assert all(stages.get(nhs) == "awaiting_contact" for nhs in returned)
    # Each person is two transactions; the kill may fall between them, never inside one.
    assert audits in (2 * len(stages), 2 * len(stages) - 1)
