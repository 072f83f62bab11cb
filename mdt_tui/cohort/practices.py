"""Practice names to ODS codes: SystmOne and some EMIS searches name the practice without its code.

The store keeps a practice table (learned from files that carry both, editable in the app); the
reader turns a name into its code with it. A name with no known code rejects the row, unless the
person is already held: then the code they have is kept (an import never blanks a field).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from mdt_tui.cohort.rows import CohortRow

_NOT_ALNUM = re.compile(r"[\W_]+")


def practice_key(name: str) -> str:
    """A practice name folded for matching: 'Harlow North, Surgery' and 'HARLOW NORTH SURGERY' agree."""
    return _NOT_ALNUM.sub("", name.casefold())


def unknown_practice_reason(name: str) -> str:
    return f"practice '{name}' has no ODS code: add it under Practices, or import a file with ODS codes"


def pairs_in(rows: Iterable[CohortRow]) -> dict[str, str]:
    """ODS code -> practice name, from rows that carry both (the first name seen for a code)."""
    found: dict[str, str] = {}
    for row in rows:
        if row.practice_code and row.practice_name:
            found.setdefault(row.practice_code, row.practice_name)
    return found


def codes_by_name(*tables: Mapping[str, str]) -> dict[str, str]:
    """Folded name -> ODS code from tables of code -> name, leaving out a name two codes share (it cannot
    say which)."""
    by_name: dict[str, str] = {}
    shared: set[str] = set()
    for code, name in (pair for table in tables for pair in table.items()):
        key = practice_key(name)
        if key in by_name and by_name[key] != code:
            shared.add(key)
        by_name.setdefault(key, code)
    return {key: code for key, code in by_name.items() if key not in shared}
