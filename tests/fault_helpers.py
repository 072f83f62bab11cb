"""Real faults for tests: another process holding the write lock, a process without root's file override."""

from __future__ import annotations

import contextlib
import ctypes
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("CREATE TABLE IF NOT EXISTS lock_holder_was_here (x)")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


@contextlib.contextmanager
def write_lock_held(db: Path) -> Iterator[subprocess.Popen]:
    """Another process holds ``BEGIN IMMEDIATE`` (with an uncommitted write) on ``db`` until the block ends."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "locked"
        yield child
    finally:
        with contextlib.suppress(OSError):
            child.stdin.write("\n")
            child.stdin.close()
        child.wait(timeout=10)


def without_root_override() -> None:
    """preexec_fn: file permissions apply even to root (drops CAP_DAC_OVERRIDE/READ_SEARCH before exec)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def mdt(
    *args: object, cwd: Path, timeout: float = 60, preexec_fn=None, env: dict | None = None, **kwargs
) -> subprocess.CompletedProcess:
    """The real `mdt` (python -m mdt_tui) in a subprocess, bytes or str arguments kept as given."""
    argv = [sys.executable, "-m", "mdt_tui", *(a if isinstance(a, bytes) else str(a) for a in args)]
    if "stdout" not in kwargs and "stderr" not in kwargs:
        kwargs["capture_output"] = True
    return subprocess.run(
        argv, cwd=cwd, timeout=timeout, preexec_fn=preexec_fn, env={**os.environ, **(env or {})}, **kwargs
    )
