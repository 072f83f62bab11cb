"""Fuzzy patient finding by name or NHS number, fast enough to run on every keystroke."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple


class Candidate(NamedTuple):
    """One person the finder can offer. A NamedTuple: the matching loops index it, and it is built for everyone."""

    id: int
    family_name: str
    given_name: str
    nhs_number: str


def fold(text: str) -> str:
    """Lower-case and strip accents, so 'sian' finds 'Siân'."""
    if text.isascii():  # the common case, and ten times faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def find(query: str, candidates: Sequence[Candidate], limit: int = 20) -> list[int]:
    """Ids of the best matches, best first. Digits search NHS numbers; words search names."""
    text = query.strip()
    if not text:
        return []
    digits = "".join(c for c in text if c.isdigit())
    if digits and len(digits) == len(text.replace(" ", "").replace("-", "")):
        hits = sorted((not c[3].startswith(digits), c[3], c[0]) for c in candidates if digits in c[3])
        return [person_id for _, _, person_id in hits[:limit]]
    tokens = [fold(t) for t in text.replace(",", " ").split()]
    scored: list[tuple[int, str, int]] = []
    for person_id, family, given, _ in candidates:
        names = (fold(family), fold(given))
        score = _name_score(tokens, names)
        if score is not None:
            scored.append((score, f"{names[0]} {names[1]}", person_id))
    if not scored:
        scored = _typo_matches(tokens, candidates)
    scored.sort()
    return [person_id for _, _, person_id in scored[:limit]]


def sure_matches(query: str, candidates: Sequence[Candidate]) -> list[int]:
    """The matches ``enter`` may take without the user choosing from a list: names that start with every
    word typed (never a near spelling or a word inside a name), or NHS numbers that start with the digits.
    A name not held returns [] even when similar names are shown, so the wrong person is never taken."""
    text = query.strip()
    digits = "".join(c for c in text if c.isdigit())
    if not text:
        return []
    if digits and len(digits) == len(text.replace(" ", "").replace("-", "")):
        return [c[0] for c in candidates if c[3].startswith(digits)]
    tokens = [fold(t) for t in text.replace(",", " ").split()]
    scored = sorted(
        (score, f"{fold(c[1])} {fold(c[2])}", c[0])
        for c in candidates
        if (score := _name_score(tokens, (fold(c[1]), fold(c[2])))) is not None and score <= 1
    )
    return [person_id for _, _, person_id in scored]


def _name_score(tokens: list[str], names: tuple[str, str]) -> int | None:
    """Lower is better: 0 every word starts a name and one starts the family name, 1 every word
    starts a name, 2 every word is inside a name; None when any word is in neither name."""
    worst = 0
    for token in tokens:
        if any(name.startswith(token) for name in names):
            continue
        if any(token in name for name in names):
            worst = 2
            continue
        return None
    if worst == 0 and not any(names[0].startswith(token) for token in tokens):
        worst = 1
    return worst


def _typo_matches(tokens: list[str], candidates: Sequence[Candidate]) -> list[tuple[int, str, int]]:
    """When nothing matches as typed: family names a small edit away ('Wilsn' → Wilson)."""
    families = {fold(c[1]) for c in candidates}
    close = {name for token in tokens for name in difflib.get_close_matches(token, families, n=5, cutoff=0.75)}
    return [(3, f"{fold(c[1])} {fold(c[2])}", c[0]) for c in candidates if fold(c[1]) in close]
