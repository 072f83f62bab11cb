"""Free text on a shared screen (issue 14): with privacy on, the person's and household's names as initials.

Decisions, notes, plan and action text are typed as people talk and so hold names. Screens pass such text
through ``mask`` / ``masked`` before showing it; the record and every export keep it as typed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text

from mdt_tui.privacy import NameMask, household_names

NO_MASK = NameMask([])


def names_of(store: Any, person_id: int) -> list[str]:
    """The person's names and their household's (members, carers, people they care for), as stored."""
    person = store.person(person_id)
    return [f"{person.family_name}, {person.given_name}", *household_names(store.household_view(person_id))]


def name_mask(store: Any, person_ids: Iterable[int], *, private: bool) -> NameMask:
    """What free text about these people is passed through: initials for their names when ``private``."""
    if not private:
        return NO_MASK
    return NameMask([name for person_id in dict.fromkeys(person_ids) for name in names_of(store, person_id)])


def masked(text: Text, mask: NameMask) -> Text:
    """A built ``Text`` with every name ``mask`` finds as initials, each keeping the style it had."""
    found = mask.replacements(text.plain)
    if not found:
        return text
    out = Text(style=text.style, justify=text.justify, overflow=text.overflow, no_wrap=text.no_wrap, end=text.end)
    done = 0
    for start, end, shown in found:
        out.append_text(text[done:start])
        name = text[start:end]
        initials = Text(shown, style=name.style)
        for span in name.spans:  # the name's own styles (bold…) kept over its initials
            initials.stylize(span.style, 0, len(shown))
        out.append_text(initials)
        done = end
    out.append_text(text[done:])
    return out
