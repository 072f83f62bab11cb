"""The date a search was run, as the GP system writes it above the header row.

EMIS Web:  "Run date: Friday, 21 November 2025 08:30" or "Run Date: 01-Nov-2026"
SystmOne:  "Report date: 01/11/2026 09:15", "Date run: 01 Nov 2026", "Report run on 01/11/2026"
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from mdt_tui.cohort.dates import parse_date
from mdt_tui.cohort.values import visible

# A preamble line that says when the search or report ran (not, say, a date of birth range).
_LABEL = re.compile(
    r"\b(?:(?:search|report|extract|run|generated|created)\s*(?:run\s*)?(?:date|on|at)|date\s*(?:of\s*)?"
    r"(?:run|report|extract(?:ed)?|generated|created))\b",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{1,2}([- ])[A-Za-z]{3,9}\1[0-9]{4}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
)


def preamble_run_date(lines: Sequence[str], today: date) -> tuple[date | None, str]:
    """(the run date, the line it came from); (None, why not) when no line gives a usable one.

    A date after today is not used: a code dated in the future would reach the GP record.
    """
    for line in lines:
        label = _LABEL.search(line)
        if label is None:
            continue
        for match in _DATE.finditer(line, label.end()):
            try:
                found = parse_date(match.group())
            except ValueError:
                continue
            if found > today:
                return None, f"ignored '{visible(line.strip(), 80)}': that is after today"
            return found, visible(line.strip(), 80)
    return None, ""
