"""`mdt policy` (print the team policy) and `mdt policy set KEY VALUE` (the team's owner changes one value).

Kept out of cli.py so the CLI stays small; nothing here imports Textual."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mdt_tui.safe_text import terminal_text


def add_parsers(sub: argparse._SubParsersAction, db_help: str) -> None:
    from mdt_tui.cli import Parser, _db_option
    from mdt_tui.team_policy import POLICY_KEYS

    policy = sub.add_parser("policy", help="print the team policy (capacity, reviews, quorum, cut-offs, falls tool)")
    _db_option(policy, db_help)
    actions = policy.add_subparsers(dest="target", metavar="WHAT", parser_class=Parser)
    change = actions.add_parser("set", help="change one team policy value (the team's owner only; audited)")
    change.add_argument("key", choices=POLICY_KEYS, metavar="KEY", help="a key 'mdt policy' prints")
    change.add_argument("value", metavar="VALUE", help="a number, frat5 or frat, or roles separated by commas")
    _db_option(change, db_help)


def run(args: argparse.Namespace, db: Path) -> int:
    from mdt_tui.commands import _cli_user, _store
    from mdt_tui.team_policy import parse_value, shown

    user = _cli_user()
    with _store(db) as store:
        adopt_settings_file(store, user)
        if args.target == "set":
            changed = store.set_team_policy({args.key: parse_value(args.key, args.value)}, by=user)
            print(terminal_text(f"{args.key} = {shown(getattr(changed, args.key))} (changed by {user.name})"))
            return 0
        print_policy(store)
    return 0


def print_policy(store, out=None) -> None:  # noqa: ANN001 — Store, a text stream
    from mdt_tui.team_policy import POLICY_KEYS, explanation, shown

    out = out or sys.stdout
    owner = store.team_owner()
    policy = store.team_policy()
    print(terminal_text(f"Team policy (owner: {owner.name if owner else 'none yet'})"), file=out)
    for key in POLICY_KEYS:
        print(terminal_text(f"{key} = {shown(getattr(policy, key))}"), file=out)
        print(terminal_text(f"    {explanation(key)}"), file=out)


def adopt_settings_file(store, user) -> None:  # noqa: ANN001 — Store, User
    """As the app does on opening: an older settings file's policy keys are taken over once, the person told."""
    from mdt_tui.settings import load_settings, save_settings
    from mdt_tui.team_policy import adoption_note

    settings = load_settings()
    if not settings.file_policy or store.snapshot:
        return
    adoption = store.adopt_settings_policy(user, settings.file_policy)
    save_settings(settings.model_copy(update={"file_policy": {}}))
    if note := adoption_note(adoption.migrated, adoption.ignored):
        print(terminal_text(f"mdt: {note}"), file=sys.stderr)
