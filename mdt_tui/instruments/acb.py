"""The ACB drug list (data/acb_2012.csv): loaded once, looked up by UK or US name, with typo suggestions."""

from __future__ import annotations

import csv
import difflib
import functools
import re
from importlib import resources
from typing import NamedTuple

DATA_FILE = "acb_2012.csv"


class AcbDrug(NamedTuple):
    """A drug on the ACB list: its canonical UK generic name and its score (1–3)."""

    name: str
    score: int


class AcbList(NamedTuple):
    """The parsed list: every accepted name (normalised) -> drug, and the file's metadata lines."""

    by_name: dict[str, AcbDrug]
    metadata: dict[str, str]


def normalise_drug_name(name: str) -> str:
    """Lower-case, trimmed, inner whitespace collapsed: how names are compared."""
    if not isinstance(name, str):
        raise TypeError(f"a drug name must be a string, not {type(name).__name__}")
    return re.sub(r"\s+", " ", name.strip().lower())


@functools.cache
def load_acb_list() -> AcbList:
    """Read the packaged CSV once; raise ValueError on a malformed row or a name listed twice."""
    text = resources.files("mdt_tui.instruments").joinpath("data").joinpath(DATA_FILE).read_text(encoding="utf-8")
    lines = text.splitlines()
    metadata = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.lstrip("# ").partition(":") for line in lines if line.startswith("#"))
    )
    by_name: dict[str, AcbDrug] = {}
    for row in csv.DictReader(line for line in lines if line and not line.startswith("#")):
        drug = AcbDrug(normalise_drug_name(row["name"]), int(row["score"]))
        if drug.score not in (1, 2, 3):
            raise ValueError(f"{DATA_FILE}: {drug.name} has score {drug.score}, not 1–3")
        for alias in [row["name"], *filter(None, (row["other_names"] or "").split(";"))]:
            key = normalise_drug_name(alias)
            if key in by_name:
                raise ValueError(f"{DATA_FILE}: {key!r} is listed twice")
            by_name[key] = drug
    return AcbList(by_name, metadata)


def lookup_drug(name: str) -> AcbDrug | None:
    """The ACB entry for a UK or US name (case and surrounding spaces ignored), or None if not listed."""
    return load_acb_list().by_name.get(normalise_drug_name(name))


def suggest_drugs(name: str, n: int = 3) -> list[str]:
    """Up to ``n`` canonical UK names close to ``name`` (for typos such as "amitryptiline")."""
    table = load_acb_list().by_name
    matches = difflib.get_close_matches(normalise_drug_name(name), table, n=n * 2, cutoff=0.75)
    return list(dict.fromkeys(table[m].name for m in matches))[:n]


def acb_list_info() -> dict[str, str]:
    """Source, version, decisions and licence of the shipped list, as written in the data file."""
    return dict(load_acb_list().metadata)
