"""Households and carers: who a person lives with, who cares for them and whom they care for.

The rules live here (no Textual, no SQL): one person is in one household at most; a carer's contact is
held only with their consent; strain is as the carer reported it (none / some / high, their words,
dated); households are only ever suggested from a shared postcode, never linked automatically.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeVar

from pydantic import model_validator

from mdt_tui.models import Model, OptionalText, Text
from mdt_tui.privacy import initials
from mdt_tui.safe_text import terminal_text

T = TypeVar("T")
HouseholdKind = Literal["couple", "family", "shared_address"]
KIND_WORDS: dict[str, str] = {"couple": "couple", "family": "family", "shared_address": "shared address"}
StrainLevel = Literal["none", "some", "high"]
STRAIN_WORDS: dict[str, str] = {"none": "none", "some": "some", "high": "high"}
# The CGA social checklist asks only "carer strain: yes / no": a yes is shown as reported, never given a level.
CGA_STRAIN_WORDS = {"yes": "reported at CGA (level not graded)", "no": "none at CGA"}


class HouseholdMember(Model):
    """A member: a person in the cohort (``person_id``) or someone who is not (the daughter)."""

    id: int | None = None
    person_id: int | None = None
    name: Text
    """As shown: 'Family, Given' for a person in the cohort (so initials can be made), else as typed."""
    relationship: OptionalText = ""
    """Their place in the household, in the words used: 'husband', 'wife', 'daughter'."""
    contact: OptionalText = ""
    lives_with: bool = True
    """False for a member who does not live there (a daughter who visits daily)."""


class Household(Model):
    id: int | None = None
    kind: HouseholdKind
    members: tuple[HouseholdMember, ...] = ()

    def others(self, person_id: int) -> tuple[HouseholdMember, ...]:
        return tuple(m for m in self.members if m.person_id != person_id)

    def other_people(self, person_id: int) -> list[int]:
        """The other members who are in the cohort: the ones a key can open."""
        return [m.person_id for m in self.others(person_id) if m.person_id is not None]


class StrainReport(Model):
    level: StrainLevel
    words: OptionalText = ""
    """The carer's own words ("at the end of her tether")."""
    reported_on: date

    @model_validator(mode="after")
    def _words_for_strain(self) -> StrainReport:
        if self.level != "none" and not self.words:
            raise ValueError("write the carer's own words for the strain they describe")
        return self


class CarerDetails(Model):
    """What is typed for a carer: who they are and whom they care for."""

    name: Text
    relationship: OptionalText = ""
    main_carer: bool = False
    contact: OptionalText = ""
    consent_to_hold: bool = False
    """The carer agreed that their details are held; without it only their name and relationship are kept."""
    carer_person_id: int | None = None
    """The carer is a person in the cohort (then 'is a carer' is coded for them)."""

    @model_validator(mode="after")
    def _contact_needs_consent(self) -> CarerDetails:
        if self.contact and not self.consent_to_hold:
            raise ValueError(
                "the carer's contact can be held only with their consent: record consent or leave it blank"
            )
        return self


class Carer(Model):
    """A caring relationship, with the carer's latest strain, assessment and support."""

    id: int
    cared_for_id: int | None
    cared_for_name: str
    carer_person_id: int | None
    name: str
    relationship: str = ""
    main_carer: bool = False
    contact: str = ""
    consent_to_hold: bool = False
    assessment_offered_on: date | None = None
    support: str = ""
    strain: StrainReport | None = None
    cga_strain: tuple[str, date] | None = None
    """The cared-for person's latest completed CGA answer to 'carer strain' (yes / no) and its date."""

    @property
    def under_strain(self) -> bool:
        """Latest strain some or high; or a CGA 'yes' not followed by a strain the carer reported since."""
        if self.cga_strain and self.cga_strain[0] == "yes":
            if self.strain is None or self.strain.reported_on < self.cga_strain[1]:
                return True
        return self.strain is not None and self.strain.level != "none"


def count_carers(carers: Sequence[Carer]) -> int:
    """Distinct carers: a daughter caring for both parents is one carer (two records); a CGA flag with no
    carer recorded (id below 0) is one carer each."""
    return len(
        {
            ("cga", c.id)
            if c.id < 0
            else ("person", c.carer_person_id)
            if c.carer_person_id
            else ("name", " ".join(c.name.lower().split()))
            for c in carers
        }
    )


def strain_text(carer: Carer) -> str:
    """The latest strain in words: the carer's own report, or the CGA answer when that is later."""
    cga = carer.cga_strain
    if carer.strain and (cga is None or carer.strain.reported_on >= cga[1]):
        s = carer.strain
        words = f' "{terminal_text(s.words)}"' if s.words else ""
        return f"strain {STRAIN_WORDS[s.level]}{words} ({s.reported_on:%d %b %Y})"
    if cga and cga[0] in CGA_STRAIN_WORDS:
        return f"strain {CGA_STRAIN_WORDS[cga[0]]} ({cga[1]:%d %b %Y})"
    return "strain not recorded"


def shown_name(name: str, *, private: bool) -> str:
    """A member's or carer's name; initials in privacy mode ('Family, Given' or 'Given Family' as typed)."""
    if not private:
        return terminal_text(name)
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
    else:
        given, _, family = name.strip().rpartition(" ")
    return initials(family, given)


def member_words(member: HouseholdMember, *, private: bool) -> str:
    name = shown_name(member.name, private=private)
    rel = f"{terminal_text(member.relationship)} " if member.relationship else ""
    where = "" if member.lives_with else ", lives elsewhere"
    cohort = " — in cohort" if member.person_id is not None else ""
    return f"{rel}{name}{cohort}{where}"


def carer_words(carer: Carer, *, private: bool, with_strain: bool = True) -> str:
    rel = f"{terminal_text(carer.relationship)} " if carer.relationship else ""
    main = "main carer " if carer.main_carer else ""
    text = f"{main}{rel}{shown_name(carer.name, private=private)}"
    if with_strain:
        text += f", {strain_text(carer)}"
        text += (
            f", carer's assessment offered {carer.assessment_offered_on:%d %b %Y}"
            if carer.assessment_offered_on
            else ", carer's assessment not offered"
        )
    return text


def household_lines(
    person_id: int,
    household: Household | None,
    carers: Sequence[Carer],
    cares_for: Sequence[Carer] = (),
    *,
    private: bool,
) -> list[str]:
    """The household and carers of one person as short lines, the same wherever the person is shown."""
    lines = []
    if household is not None:
        others = household.others(person_id)
        who = "; ".join(member_words(m, private=private) for m in others) or "no one else recorded"
        lines.append(f"Household ({KIND_WORDS[household.kind]}): {who}")
    for carer in carers:
        lines.append(f"Carer: {carer_words(carer, private=private)}")
    for carer in cares_for:
        lines.append(f"Cares for: {shown_name(carer.cared_for_name, private=private)}")
    return lines


def household_line(
    person_id: int,
    household: Household | None,
    carers: Sequence[Carer],
    cares_for: Sequence[Carer] = (),
    *,
    private: bool,
) -> str:
    """One line for a table cell or a header ('' when nothing is recorded)."""
    return " · ".join(household_lines(person_id, household, carers, cares_for, private=private))


@dataclass(frozen=True)
class HouseholdView:
    """One person's household, carers and whom they care for, read together for display."""

    person_id: int
    household: Household | None = None
    carers: tuple[Carer, ...] = ()
    cares_for: tuple[Carer, ...] = ()

    def lines(self, *, private: bool) -> list[str]:
        return household_lines(self.person_id, self.household, self.carers, self.cares_for, private=private)

    def line(self, *, private: bool) -> str:
        return " · ".join(self.lines(private=private))

    def other_people(self) -> list[int]:
        """Household members in the cohort, then carers and cared-for people in it: what one key opens."""
        out = self.household.other_people(self.person_id) if self.household else []
        for person in [c.carer_person_id for c in self.carers] + [c.cared_for_id for c in self.cares_for]:
            if person is not None and person not in out and person != self.person_id:
                out.append(person)
        return out


def keep_households_together(items: Sequence[T], household_of: dict[int, int], person: Callable[[T], int]) -> list[T]:
    """The agenda's order with each household's later members moved up to follow its first member; everyone
    else keeps their place (so the household is discussed together, and no one is dropped)."""
    out: list[T] = []
    placed: set[int] = set()
    for index, item in enumerate(items):
        if index in placed:
            continue
        out.append(item)
        household = household_of.get(person(item))
        if household is None:
            continue
        for later in range(index + 1, len(items)):
            if later not in placed and household_of.get(person(items[later])) == household:
                out.append(items[later])
                placed.add(later)
    return out


# -- rules ---------------------------------------------------------------------------------------
def check_not_in_household(person_name: str, household_id: int | None, joining: int | None = None) -> None:
    """One person, one household."""
    if household_id is not None and household_id != joining:
        raise ValueError(f"{person_name} is already in a household: take them out of it first")


def check_reported_on(day: date, today: date) -> None:
    if day > today:
        raise ValueError(f"{day:%d %b %Y} is in the future: record what has happened")


@dataclass(frozen=True)
class Resident:
    """What suggesting households needs of a cohort person."""

    person_id: int
    postcode: str
    address_line: str = ""
    household_id: int | None = None
    family_name: str = ""


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def suggest_households(people: Iterable[Resident]) -> list[list[int]]:
    """Groups of two or more people not yet in a household at the same postcode and address line. A cohort
    file carries no address line, so without one the family name stands in for it (a postcode alone holds
    dozens of homes). A suggestion only: the user links them, never this function."""
    groups: dict[tuple[str, str], list[int]] = {}
    for p in people:
        postcode = _fold(p.postcode).replace(" ", "")
        line = _fold(p.address_line) or "name:" + _fold(p.family_name)
        if p.household_id is None and postcode:
            groups.setdefault((postcode, line), []).append(p.person_id)
    return sorted(sorted(ids) for ids in groups.values() if len(ids) >= 2)
