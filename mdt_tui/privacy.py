"""Privacy mode: what may be shown of a person when the screen is shared with partners."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from mdt_tui.models import age_on
from mdt_tui.nhs_number import format_nhs_number
from mdt_tui.safe_text import terminal_text


def initials(family_name: str, given_name: str) -> str:
    return terminal_text(".".join(part[0].upper() for part in (given_name, family_name) if part) + ".")


def show_name(family_name: str, given_name: str, *, private: bool) -> str:
    """A name as the screens show it: never a control character from the stored text (see safe_text)."""
    return initials(family_name, given_name) if private else terminal_text(f"{family_name}, {given_name}")


def show_nhs_number(nhs_number: str, *, private: bool) -> str:
    return "••• ••• ••••" if private else format_nhs_number(nhs_number)


def show_date_of_birth(dob: date, today: date, *, private: bool) -> str:
    return f"aged {age_on(dob, today)}" if private else f"{dob:%d %b %Y}"


def show_address(postcode: str, *, private: bool) -> str:
    return "(hidden)" if private else postcode


# -- Names in free text (issue 14) ------------------------------------------------------------------------------
# Notes, decisions, plan and action text are typed as people talk: "Irene is struggling, Mr Wilson's falls…".
# With privacy on, the screens show the person's and their household's names there as initials. Exports and
# the record itself keep the text as typed (they are not on a shared screen).

# Names that are also everyday words: masked only where written with a capital ("Will rang", not "she will"),
# so a note stays readable; lower-case, they are the word, and say nothing about who is meant.
COMMON_WORD_NAMES = frozenset(
    "will may rose hope grace joy faith mark bill pat sue don art frank ray dawn summer june april rich "
    "long white black brown green young king wood hill baker small little hall page bond cook cross day "
    "rice ward north south west east moss park bell lane field fish stone sharp gay "
    "heath holly ivy iris daisy violet ruby pearl amber crystal sky rob chase drew gene guy jack nick sandy "
    "penny carol major love rock river storm miles".split()
)
_APOSTROPHES = "'’"
_NAME_WORD = re.compile(rf"[^\W\d_]+(?:[{_APOSTROPHES}-][^\W\d_]+)*")


def name_words(*names: str) -> list[str]:
    """The words to mask for these names ("Wilson, Mohammed", "Irene Wilson", "Smith-Jones"): each name
    whole, and each part of a two-part or hyphenated one; single letters and blanks are skipped."""
    words: set[str] = set()
    for name in names:
        for part in name.replace(",", " ").split():
            part = part.strip('.()"' + _APOSTROPHES)
            if len(part) < 2 or not _NAME_WORD.fullmatch(part):
                continue  # initials, numbers, stray symbols: nothing a reader could know a person by
            words.add(part)
            words.update(p for p in part.split("-") if len(p) >= 2)
    return sorted(words, key=lambda w: (-len(w), w.casefold()))  # longest first: "Smith-Jones" before "Smith"


def household_names(view: Any) -> list[str]:
    """Every name a HouseholdView holds: members, carers and the people the person cares for."""
    if view is None:
        return []
    members = [m.name for m in view.household.members] if view.household else []
    return members + [c.name for c in view.carers] + [c.cared_for_name for c in view.cares_for]


class NameMask:
    """Masks given names in free text: whole words only (never "Will" in "willing", never "Ann" in "Ann-Marie"
    or "Brien" in "O'Brien"), any case, a possessive kept ("Smith's" → "S.'s"). Build once, apply to each text."""

    def __init__(self, names: Iterable[str]) -> None:
        words = name_words(*names)
        self._pattern: re.Pattern[str] | None = None
        if words:
            alternatives = "|".join(re.escape(w) for w in words)
            self._pattern = re.compile(
                rf"(?<![\w-])(?<!\w[{_APOSTROPHES}])({alternatives})(?![\w-])(?![{_APOSTROPHES}](?!s\b)\w)",
                re.IGNORECASE,
            )

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(self._initial, text)

    def replacements(self, text: str) -> list[tuple[int, int, str]]:
        """Where ``text`` shows a name, and its initials: (start, end, initials), in order; for styled text."""
        if self._pattern is None or not text:
            return []
        found = ((m.start(), m.end(), self._initial(m)) for m in self._pattern.finditer(text))
        return [(start, end, shown) for start, end, shown in found if shown != text[start:end]]

    @staticmethod
    def _initial(match: re.Match[str]) -> str:
        word = match.group(1)
        if word.casefold() in COMMON_WORD_NAMES and not word[0].isupper():
            return word  # the everyday word ("she will", "in may"), not the name
        shown = "-".join(f"{part[0].upper()}." for part in word.split("-") if part)
        return shown[:-1] if match.string.startswith(".", match.end()) else shown  # "…Mohammed." → "M."


def mask_names(text: str, names: Iterable[str], *, private: bool = True) -> str:
    """``text`` as a shared screen may show it: with privacy on, these names as initials (see NameMask)."""
    return NameMask(names)(text) if private else text
