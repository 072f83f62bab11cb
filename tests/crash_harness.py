"""Kill a writer with SIGKILL at random moments and check, after every kill, that the file is healthy
(`mdt check`), the tables agree with each other, and every acknowledged write is there.

A zygote process imports the store once and forks a fresh writer (tests/crash_writer.py) for each
round, so a kill costs milliseconds rather than an interpreter start. Used by tests/test_crash.py
(30+ kills) and benchmarks/soak.py (200+)."""

from __future__ import annotations

import contextlib
import io
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEDULE = ("pathway", "import", "cga", "meeting", "pathway", "correct", "plan", "export")

ZYGOTE = f"""
import os, sys, traceback
sys.path.insert(0, {str(ROOT)!r})
from tests.crash_writer import run
import mdt_tui.store.store, mdt_tui.demo, mdt_tui.store.demo.loader  # warm: each fork starts ready
for line in sys.stdin:
    scenario, seed, db = line.rstrip("\\n").split(" ", 2)
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            run(scenario, int(seed), db, 1)
        except BaseException as exc:
            traceback.print_exc()
            os.write(1, ("error " + repr(exc).replace("\\n", " ")[:300] + "\\n").encode())
            code = 1
        os._exit(code)
    os.write(1, f"pid {{pid}}\\n".encode())
    _, status = os.waitpid(pid, 0)
    os.write(1, f"dead {{pid}} {{status}}\\n".encode())
"""


@dataclass
class Tally:
    kills: int = 0
    rounds: int = 0
    acknowledged: int = 0
    lost: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    by_kind: dict[str, int] = field(default_factory=dict)
    databases: int = 1


class Zygote:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, cwd=ROOT
        )
        self.fd = self.proc.stdout.fileno()
        self.buffer = b""

    def line(self, deadline: float | None) -> str | None:
        """The next line, or None if ``deadline`` (monotonic) passes first."""
        while b"\n" not in self.buffer:
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(self.fd, 65536)
            if not chunk:
                raise RuntimeError("the crash-test zygote stopped")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()

    def round(self, scenario: str, seed: int, db: Path, kill_after: float) -> tuple[list[str], bool, str]:
        """One writer run: returns its ack lines, whether it was killed, and how it ended."""
        self.proc.stdin.write(f"{scenario} {seed} {db}\n".encode())
        pid = int(self.line(time.monotonic() + 30).split()[1])
        acks: list[str] = []
        deadline, killed, ending = None, False, ""
        while True:
            line = self.line(deadline if not killed else time.monotonic() + 30)
            if line is None:
                if not killed:
                    os.kill(pid, signal.SIGKILL)
                    killed = True
                continue
            if line.startswith("dead "):
                return acks, killed, ending
            if line == "ready":
                deadline = time.monotonic() + kill_after
            elif line.startswith("ack "):
                acks.append(line)
            else:
                ending = line

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def check_acks(conn: sqlite3.Connection, acks: list[str]) -> list[str]:
    """The acknowledged writes missing from the file (each one's audit row, and the fact it names)."""
    lost = []
    for ack in acks:
        _, method, audit_id, action, *extra = ack.split(" ")
        row = conn.execute("SELECT action FROM audit WHERE id = ?", [int(audit_id)]).fetchone()
        if int(audit_id) and (row is None or row[0] != action):
            lost.append(ack)
            continue
        if extra and not _fact_present(conn, extra):
            lost.append(ack)
    return lost


def _fact_present(conn: sqlite3.Connection, extra: list[str]) -> bool:
    kind, value = extra[0], extra[1]
    if kind == "person":
        return conn.execute("SELECT 1 FROM patients WHERE nhs_number = ?", [value]).fetchone() is not None
    if kind == "corrected":
        found = conn.execute("SELECT 1 FROM coded_events WHERE corrects_event_id = ?", [int(value)]).fetchone()
        return found is not None
    if kind == "exported":
        ids = [int(i) for i in value.split(",")]
        marked = conn.execute(
            f"SELECT count(*) FROM code_exports WHERE event_id IN ({','.join('?' * len(ids))})", ids
        ).fetchone()[0]
        return marked == len(ids)
    return True


INVARIANTS = {
    "audit ids run 1..N with no gap (no half transaction)": "SELECT count(*) != coalesce(max(id), 0) FROM audit",
    "a person's stage is their latest step's": """SELECT count(*) FROM patients p WHERE p.stage !=
        (SELECT to_stage FROM pathway_transitions t WHERE t.patient_id = p.id ORDER BY t.id DESC LIMIT 1)""",
    "every person has a cohort entry": """SELECT count(*) FROM patients
        WHERE id NOT IN (SELECT patient_id FROM cohort_entries)""",
    "every person has a pathway step": """SELECT count(*) FROM patients
        WHERE id NOT IN (SELECT patient_id FROM pathway_transitions)""",
    "every step's code points at a person who has that step": """SELECT count(*) FROM coded_events e
        JOIN pathway_transitions t ON t.id = e.transition_id WHERE t.patient_id != e.patient_id""",
    "a held meeting was started and closed": """SELECT count(*) FROM meetings
        WHERE status = 'held' AND (started_at IS NULL OR closed_at IS NULL)""",
    "every correction corrects an event of the same person": """SELECT count(*) FROM coded_events c
        JOIN coded_events e ON e.id = c.corrects_event_id WHERE c.patient_id != e.patient_id""",
}


def check_database(db: Path) -> list[str]:
    """`mdt check` (the real command, in-process) and the cross-table invariants; [] when all hold."""
    from mdt_tui.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", "--db", str(db)])
    problems = [] if code == 0 else [f"mdt check: {err.getvalue().strip()}"]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        problems += [name for name, sql in INVARIANTS.items() if conn.execute(sql).fetchone()[0]]
    finally:
        conn.close()
    return problems


def soak(folder: Path, *, kills: int, seed: int = 0, max_delay: float = 0.25, report=lambda tally: None) -> Tally:
    """Kill writers until ``kills`` kills have landed; every round is checked before the next starts."""
    rng = random.Random(seed)
    tally = Tally()
    db = folder / "soak-1.db"
    zygote = Zygote()
    try:
        while tally.kills < kills:
            scenario = SCHEDULE[tally.rounds % len(SCHEDULE)]
            acks, killed, ending = zygote.round(
                scenario, seed * 100_000 + tally.rounds, db, rng.uniform(0.0, max_delay)
            )
            tally.rounds += 1
            tally.kills += killed
            tally.acknowledged += len(acks)
            for ack in acks:
                tally.by_kind[ack.split(" ")[1]] = tally.by_kind.get(ack.split(" ")[1], 0) + 1
            if not killed and ending not in ("done", "exhausted"):
                tally.problems.append(f"round {tally.rounds} ({scenario}) failed on its own: {ending or 'no reason'}")
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            try:
                tally.lost += check_acks(conn, acks)
            finally:
                conn.close()
            tally.problems += [f"after round {tally.rounds} ({scenario}): {p}" for p in check_database(db)]
            if tally.problems or tally.lost:
                break
            if ending == "exhausted" and scenario == "pathway":  # the demo's people are all in: a fresh file
                tally.databases += 1
                db = folder / f"soak-{tally.databases}.db"
            report(tally)
    finally:
        zygote.close()
    return tally
