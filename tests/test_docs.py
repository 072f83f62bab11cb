"""The README stays true: its two commands, CI calling the same test command, every CLI command documented."""

import re
from pathlib import Path

from mdt_tui.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    return re.findall(r"```\n(.+?)\n```", README)[:2]


def test_readme_starts_with_the_install_and_test_commands():
    assert readme_commands() == ["pip install . && mdt demo", "pip install -e '.[test]' && pytest"]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_every_cli_command_is_in_the_readme():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():
        nested = [a for a in command._actions if a.dest == "target"]
        names = [f"mdt {name} {t}" for t in nested[0].choices] if nested else [f"mdt {name}"]
        for full in names:
            assert full in README, f"README does not mention '{full}'"


def test_every_app_key_is_in_the_readme():
    from mdt_tui.screens.kit.help import key_rows

    for _, key, _ in key_rows():
        for part in key.split():
            assert f"`{part}`" in README or part in ("↑", "↓", "enter"), f"key {part} missing from README"
