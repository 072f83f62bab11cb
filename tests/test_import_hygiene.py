"""The three layers, proven by their imports: core and store never load Textual; screens never touch SQL."""

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "mdt_tui"
STORE = ROOT / "store"
SCREENS = ROOT / "screens"
# The CLI is the composition root: it reaches the store and the UI, but only inside functions.
COMPOSITION_ROOT = {"cli.py", "commands.py", "__main__.py"}


def imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    names = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def modules(folder: Path):
    return sorted(p for p in folder.rglob("*.py"))


def starts(names: set[str], *prefixes: str) -> set[str]:
    return {n for n in names if any(n == p or n.startswith(p + ".") for p in prefixes)}


def test_core_imports_neither_store_nor_ui_nor_sqlite():
    for path in modules(CORE):
        names = imports(path, top_level_only=path.name in COMPOSITION_ROOT)
        bad = starts(names, "textual", "mdt_tui.screens", "sqlite3", "sqlite_utils")
        if path.name not in COMPOSITION_ROOT:
            bad |= starts(names, "mdt_tui.store")
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_store_never_imports_textual_or_screens():
    for path in modules(STORE):
        bad = starts(imports(path), "textual", "rich", "mdt_tui.screens")
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


SQL = re.compile(r"\b(SELECT\s+.+\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|PRAGMA)\b", re.I)


def test_screens_hold_no_sql():
    for path in modules(SCREENS):
        assert not starts(imports(path), "sqlite3", "sqlite_utils"), path.name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not SQL.search(node.value), f"SQL in {path.name}: {node.value[:60]}"


def test_core_and_store_import_without_textual_at_runtime(tmp_path):
    names = [f"mdt_tui.{p.stem}" for p in modules(CORE) if p.parent == CORE and p.stem not in ("__main__",)]
    names += [
        "mdt_tui." + ".".join(p.relative_to(CORE).with_suffix("").parts)
        for p in modules(CORE)
        if p.parent != CORE and p.stem != "__init__"
    ]
    names += [
        "mdt_tui.store." + ".".join(p.relative_to(STORE).with_suffix("").parts)
        for p in modules(STORE)
        if p.stem != "__init__"
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(loaded))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
    assert "mdt_tui.store.store" in names and "mdt_tui.pathway" in names
