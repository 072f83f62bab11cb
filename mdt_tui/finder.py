"""Fuzzy patient finding by name or NHS number, fast enough to run on every keystroke."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

Candidate = tuple[int, str, str, str]  # id, family name, given name, NHS number


def fold(text: str) -> str:
    """Lower-case and strip accents, so 'sian' finds 'Siân'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True, slots=True)
class Match:
    id: int
    score: int


def find(query: str, candidates: Sequence[Candidate], limit: int = 20) -> list[int]:
    """Ids of the best matches, best first. Digits search NHS numbers; words search names."""
    text = query.strip()
    if not text:
        return []
    digits = "".join(c for c in text if c.isdigit())
    if digits and len(digits) == len(text.replace(" ", "").replace("-", "")):
        hits = [Match(c[0], 0 if c[3].startswith(digits) else 1) for c in candidates if digits in c[3]]
        return [m.id for m in sorted(hits, key=lambda m: m.score)[:limit]]
    tokens = [fold(t) for t in text.replace(",", " ").split()]
    scored: list[tuple[int, str, int]] = []
    for person_id, family, given, _ in candidates:
        names = (fold(family), fold(given))
        score = _name_score(tokens, names)
        if score is not None:
            scored.append((score, f"{names[0]} {names[1]}", person_id))
    if len(scored) < limit:
        scored.extend(_typo_matches(tokens, candidates, {s[2] for s in scored}))
    scored.sort()
    return [person_id for _, _, person_id in scored[:limit]]


def _name_score(tokens: list[str], names: tuple[str, str]) -> int | None:
    """0 for every word starting a name, 1 if every word is inside one; None when any misses."""
    worst = 0
    for token in tokens:
        if any(name.startswith(token) for name in names):
            continue
        if any(token in name for name in names):
            worst = 1
            continue
        return None
    return worst


def _typo_matches(tokens: list[str], candidates: Sequence[Candidate], seen: set[int]) -> list[tuple[int, str, int]]:
    """Names within a small edit of the words typed ('Wilsn' → Wilson), ranked after exact hits."""
    families = {fold(c[1]) for c in candidates}
    close = {name for token in tokens for name in difflib.get_close_matches(token, families, n=5, cutoff=0.75)}
    return [(2, fold(c[1]), c[0]) for c in candidates if fold(c[1]) in close and c[0] not in seen]
