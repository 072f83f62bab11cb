"""ARCHITECTURE.md stays true: every repo path it names in backticks exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP = ("mdt_tui/", "store/", "screens/", "tests/", "docs/", "benchmarks/", "tools/", ".ci/")


def named_paths(text: str) -> list[str]:
    """Backticked names that start with a repo folder; `path::name` names the file."""
    spans = re.findall(r"`([^`\s]+)`", text)
    return sorted({s.split("::")[0] for s in spans if s.startswith(TOP)})


def test_architecture_names_only_paths_that_exist():
    paths = named_paths((ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    assert len(paths) > 40  # the step table alone names more; fewer means the pattern broke
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert not missing, f"ARCHITECTURE.md names paths that do not exist: {missing}"


def test_the_check_sees_a_missing_path():
    assert named_paths("`store/nowhere.py::x` and `screens/` and `not/a/repo/path.py`") == [
        "screens/",
        "store/nowhere.py",
    ]
    assert not (ROOT / "store/nowhere.py").exists()


def test_test_modules_share_helpers_only_through_helper_modules():
    """CONTRIBUTING.md: helpers live in conftest.py, pilot_helpers.py or tests/helpers/; notices are read
    through pilot_helpers (the one place that touches Textual's private list)."""
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from tests\.test_|import tests\.test_|from \.test_)", text, re.M), path.name
        assert "app." + "_notifications" not in text, path.name  # (split so this file does not match itself)
