"""The ACB drug list (data/acb_2012.csv) and the medicines it is matched against, by ingredient.

A medicines list as a GP system prints it ("Amitriptyline 10mg tablets", "OXYBUTYNIN 5 mg m/r tabs",
"amitriptyline hydrochloride", "Co-codamol 30mg/500mg") is reduced to its ingredients before lookup
(instruments.md Revision 2). Each ingredient is one of three kinds: on the ACB list (scored),
recognised and not on the list (a short packaged list: scores 0, no warning), or unrecognised
(scores 0 and is the only kind that asks for the pharmacist's check).
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
from importlib import resources
from typing import Literal, NamedTuple

DATA_FILE = "acb_2012.csv"
NOT_ON_LIST_FILE = "acb_not_on_list.csv"
COMPOUNDS_FILE = "compound_names.csv"

Kind = Literal["scored", "not_on_list", "unrecognised"]


class AcbDrug(NamedTuple):
    """A drug on the ACB list: its canonical UK generic name and its score (1–3)."""

    name: str
    score: int


class AcbList(NamedTuple):
    """The parsed list: every accepted name (normalised) -> drug, and the file's metadata lines."""

    by_name: dict[str, AcbDrug]
    metadata: dict[str, str]


class Ingredient(NamedTuple):
    """One ingredient found in a medicines-list entry, with its kind and (when scored) its list entry."""

    name: str
    kind: Kind
    drug: AcbDrug | None


def normalise_drug_name(name: str) -> str:
    """Lower-case, trimmed, inner whitespace collapsed: how names are compared."""
    if not isinstance(name, str):
        raise TypeError(f"a drug name must be a string, not {type(name).__name__}")
    return re.sub(r"\s+", " ", name.strip().lower())


def _read(file: str) -> tuple[list[dict[str, str]], dict[str, str]]:
    text = resources.files("mdt_tui.instruments").joinpath("data").joinpath(file).read_text(encoding="utf-8")
    lines = text.splitlines()
    metadata = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.lstrip("# ").partition(":") for line in lines if line.startswith("#"))
    )
    return list(csv.DictReader(line for line in lines if line and not line.startswith("#"))), metadata


def _aliases(row: dict[str, str]) -> list[str]:
    return [row["name"], *filter(None, (row.get("other_names") or "").split(";"))]


@functools.cache
def load_acb_list() -> AcbList:
    """Read the packaged CSV once; raise ValueError on a malformed row or a name listed twice."""
    rows, metadata = _read(DATA_FILE)
    by_name: dict[str, AcbDrug] = {}
    for row in rows:
        drug = AcbDrug(normalise_drug_name(row["name"]), int(row["score"]))
        if drug.score not in (1, 2, 3):
            raise ValueError(f"{DATA_FILE}: {drug.name} has score {drug.score}, not 1–3")
        for alias in _aliases(row):
            key = normalise_drug_name(alias)
            if key in by_name:
                raise ValueError(f"{DATA_FILE}: {key!r} is listed twice")
            by_name[key] = drug
    return AcbList(by_name, metadata)


@functools.cache
def not_on_list() -> dict[str, str]:
    """Recognised medicines that are not on the ACB list: every accepted name -> canonical name."""
    rows, _ = _read(NOT_ON_LIST_FILE)
    return {normalise_drug_name(alias): normalise_drug_name(row["name"]) for row in rows for alias in _aliases(row)}


@functools.cache
def compounds() -> dict[str, tuple[str, ...]]:
    """UK compound names ("co-codamol") -> their ingredients."""
    rows, _ = _read(COMPOUNDS_FILE)
    return {
        normalise_drug_name(row["name"]): tuple(map(normalise_drug_name, row["ingredients"].split(";"))) for row in rows
    }


# Words a GP system prints around an ingredient: forms, release, packs, routes and dosing words.
_FORM_WORDS = frozenset(
    """
tablet tablets tab tabs capsule capsules cap caps caplet caplets oral solution suspension liquid syrup elixir
cream ointment gel patch patches transdermal injection inj ampoule ampoules amps vial vials inhaler inhalation
powder drops drop eye ear nasal spray suppository suppositories enema sachet sachets granules dispersible
orodispersible soluble effervescent chewable modified release modified-release prolonged prolonged-release
extended extended-release gastro-resistant gastro resistant enteric coated film film-coated sugar free
sugar-free mr sr xl la cr er ec pack packs box of x op each per dose doses daily once twice a day od bd tds qds
nocte mane prn at night morning as required take one two three strip blister bottle generic plain buccal
sublingual lozenge lozenges pastilles mouthwash paediatric adult forte retard continus in the mg ml micrograms
microgram mcg units unit hour hours hourly hr hrs days week weeks weekly
""".split()
)
# Salts and hydrates: "amitriptyline hydrochloride" is amitriptyline (tried only after the whole phrase,
# so that "hyoscine hydrobromide" and "hyoscine butylbromide" stay apart).
_SALTS = frozenset(
    """
hydrochloride hcl hydrobromide hbr butylbromide bromide maleate mesilate mesylate tartrate bitartrate succinate
fumarate hemifumarate citrate besilate besylate sulfate sulphate phosphate acetate sodium potassium calcium
magnesium dihydrate monohydrate trihydrate hyclate embonate pamoate dipropionate propionate valerate lactate
gluconate chloride nitrate decanoate enanthate palmitate xinafoate napadisilate
""".split()
)
_UNIT = r"(?:micrograms?|mcg|µg|nanograms?|milligrams?|mg|grams?|g|millilitres?|ml|litres?|l|%|units?|iu|mmol)"
_STRENGTH = re.compile(rf"\d+(?:[.,]\d+)?\s*{_UNIT}(?:\s*/\s*(?:\d+(?:[.,]\d+)?\s*)?{_UNIT}?)*(?![a-z])")
_SEPARATORS = re.compile(r"\s*(?:/|\+|&|,|;|\band\b|\bwith\b)\s*")
# An ingredient the list splits by salt: the bare name cannot be scored until the salt is known.
AMBIGUOUS: dict[str, tuple[str, ...]] = {"hyoscine": ("hyoscine hydrobromide", "hyoscine butylbromide")}


def _known(phrase: str) -> bool:
    return phrase in load_acb_list().by_name or phrase in not_on_list() or phrase in compounds()


def _phrases(entry: str) -> list[str]:
    """The ingredient phrases of one entry, with strength, form and pack words removed (salts kept for now)."""
    text = normalise_drug_name(entry)
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)  # brand names and pack notes in brackets
    text = re.sub(r"\b[a-z]/[a-z]\b", " ", text)  # m/r, s/r, e/c, s/f
    text = _STRENGTH.sub(" ", text)
    text = re.sub(r"\d+(?:[.,]\d+)?", " ", text)  # "30/500", pack sizes
    phrases = []
    for part in _SEPARATORS.split(text):
        words = [w.strip("-'") for w in re.findall(r"[a-zµ][a-zµ'-]*", part)]
        words = [w for w in words if w and w not in _FORM_WORDS]
        if words:
            phrases.append(" ".join(words))
    return phrases


def ingredient_names(entry: str) -> list[str]:
    """The ingredients named by one medicines-list entry, normalised, each once, in order.

    An entry that leaves nothing once strength and form words are gone is kept whole.
    """
    names: list[str] = []
    for phrase in _phrases(entry):
        if not _known(phrase):
            phrase = " ".join(w for w in phrase.split() if w not in _SALTS) or phrase
        names.extend(compounds().get(phrase, (phrase,)))
    return list(dict.fromkeys(names)) or [normalise_drug_name(entry)]


def classify(name: str) -> Ingredient:
    """One normalised ingredient: on the ACB list, recognised and not on it, or unrecognised."""
    drug = load_acb_list().by_name.get(name)
    if drug is not None:
        return Ingredient(drug.name, "scored", drug)
    if name in not_on_list():
        return Ingredient(not_on_list()[name], "not_on_list", None)
    return Ingredient(name, "unrecognised", None)


def ingredients(entry: str) -> list[Ingredient]:
    """Every ingredient of one medicines-list entry, classified."""
    return [classify(name) for name in ingredient_names(entry)]


def lookup_drug(name: str) -> AcbDrug | None:
    """The ACB entry for a medicine naming one listed ingredient ("Amitriptyline 10mg tablets"), else None."""
    found = [i.drug for i in ingredients(name) if i.drug is not None]
    return found[0] if len(found) == 1 else None


def suggest_drugs(name: str, n: int = 3) -> list[str]:
    """Up to ``n`` known names close to ``name`` (typos such as "amitryptiline"; "hyoscine" needs its salt)."""
    key = normalise_drug_name(name)
    if key in AMBIGUOUS:
        return list(AMBIGUOUS[key])[:n]
    table = {**{k: d.name for k, d in load_acb_list().by_name.items()}, **not_on_list()}
    matches = difflib.get_close_matches(key, table, n=n * 2, cutoff=0.75)
    return list(dict.fromkeys(table[m] for m in matches))[:n]


def acb_list_info() -> dict[str, str]:
    """Source, version, decisions and licence of the shipped list, as written in the data file."""
    return dict(load_acb_list().metadata)
