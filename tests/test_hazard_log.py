"""The hazard log (docs/clinical-safety/hazard-log.md): every hazard has a control and a test that exists and passes.

The tests the log names are collected and run in a subprocess from an empty folder, so the log's claims
are checked exactly as written (node ids relative to the repository root).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "docs" / "clinical-safety" / "hazard-log.md"
COLUMNS = ("ID", "Hazard", "Cause", "Effect", "Severity", "Likelihood", "Control", "Test")
NODE_ID = re.compile(r"^tests/test_\w+\.py::\w+(\[[^\]]+\])?$")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split(" | ")]


def hazards() -> list[dict[str, str]]:
    lines = [line for line in LOG.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    header = _cells(lines[0])
    assert tuple(header) == COLUMNS, f"the log's table header is {header}"
    rows = [_cells(line) for line in lines[2:]]
    ragged = [row[0] for row in rows if len(row) != len(header)]
    assert not ragged, f"these rows do not have {len(header)} cells (a ' | ' inside a cell?): {ragged}"
    return [dict(zip(header, row, strict=True)) for row in rows]


def node_ids() -> list[str]:
    return list(dict.fromkeys(row["Test"] for row in hazards()))


def _pytest(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "-q",
            "--rootdir",
            str(ROOT),
            "-c",
            str(ROOT / "pyproject.toml"),
            *args,
            *(str(ROOT / n) for n in node_ids()),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_every_hazard_is_complete():
    rows = hazards()
    assert len(rows) >= 15
    assert len({row["ID"] for row in rows}) == len(rows), "hazard ids must be unique"
    for row in rows:
        assert all(row[column] for column in COLUMNS), f"{row['ID']} has an empty column"
        assert row["Severity"] in "12345" and row["Likelihood"] in "12345", row["ID"]
        assert NODE_ID.match(row["Test"]), f"{row['ID']}: {row['Test']!r} is not a pytest node id"
        assert not row["Test"].startswith("tests/test_hazard_log.py"), "the log cannot prove itself"


def _in_this_run(request: pytest.FixtureRequest) -> dict[str, list[pytest.Item]]:
    """The named tests this very session runs (under xdist every worker collects them all)."""
    items = request.session.items
    return {
        n: [item for item in items if item.nodeid == n or item.nodeid.startswith(n + "[")]
        for n in node_ids()
        if _found(n, {item.nodeid for item in items})
    }


def _found(node_id: str, nodeids: set[str]) -> bool:
    return node_id in nodeids or any(f.startswith(node_id + "[") for f in nodeids)


def test_every_test_named_exists(tmp_path, request):
    nodeids = {item.nodeid for item in request.session.items}
    if all(_found(n, nodeids) for n in node_ids()):
        return  # collected in this run, so they exist
    collected = _pytest(tmp_path, "--collect-only")
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-2000:]
    found = {line.strip() for line in collected.stdout.splitlines()}
    missing = [n for n in node_ids() if not _found(n, found)]
    assert not missing, f"not found: {missing}"


def _excused(item: pytest.Item) -> bool:
    """Skipped outright, skipped on this machine, or allowed to fail."""
    skipif = [mark for mark in item.iter_markers("skipif") if mark.args and mark.args[0]]
    return bool(item.get_closest_marker("skip") or skipif or item.get_closest_marker("xfail"))


def test_every_test_named_passes(tmp_path, request):
    """In a whole-suite run the named tests run beside this one, so the run passes only if they pass: here we
    only check that none of them is skipped or allowed to fail. Run on its own, it runs them in a subprocess."""
    here = _in_this_run(request)
    if len(here) == len(node_ids()):
        excused = [n for n, items in here.items() for item in items if _excused(item)]
        assert not excused, f"hazard controls must not be skipped or expected to fail: {excused}"
        return
    ran = _pytest(tmp_path, "-n", "2")
    assert ran.returncode == 0, ran.stdout[-4000:] + ran.stderr[-2000:]
    passed = re.search(r"(\d+) passed", ran.stdout)
    assert passed and int(passed[1]) >= len(node_ids()) and "failed" not in ran.stdout
