"""A person at a glance: identity, household and carers, service use, first contact and history.

The render functions are shared by the person screen and the compact detail pane that the cohort
review and consent screens show for the highlighted person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from mdt_tui.codes import TERMS
from mdt_tui.cohort.rows import LeftSearch
from mdt_tui.consent.records import ATTEMPT_OUTCOMES, CONSENT_BY, CONTACT_METHODS, ContactAttempt, FirstContact
from mdt_tui.households.records import HouseholdView
from mdt_tui.impact.service_use import timeline, trend
from mdt_tui.models import CohortEntry, HistoryEntry, Patient, PersonSummary
from mdt_tui.pathway import CASELOAD_STAGES, Stage
from mdt_tui.privacy import (
    NameMask,
    household_names,
    show_address,
    show_date_of_birth,
    show_name,
    show_nhs_number,
)
from mdt_tui.screens.kit.masked_text import NO_MASK, masked

if TYPE_CHECKING:
    from mdt_tui.store.store import Store

LINK_WORDS = {"lives_with": "lives with", "cares_for": "cares for", "cared_for_by": "cared for by"}
# Details worth showing beside a pathway step, in this order, with the words for them.
DETAIL_WORDS = (
    ("reason", "reason"),
    ("trigger", "trigger"),
    ("consent_by", "by"),
    ("given_by_name", "given by"),
    ("share_records", "share records"),
    ("leaflet_given", "leaflet"),
    ("method", "how"),
    ("note", "note"),
)


@dataclass(frozen=True)
class PersonFile:
    """Everything the detail pane shows about one person, read in one go."""

    summary: PersonSummary
    patient: Patient
    entries: list[CohortEntry]
    history: list[HistoryEntry]
    attempts: list[ContactAttempt]
    first_contact: FirstContact
    household: HouseholdView | None = None


def load_person_file(store: Store, person_id: int) -> PersonFile:
    return PersonFile(
        store.person(person_id),
        store.patient(person_id),
        store.cohort_entries(person_id),
        store.history(person_id),
        store.contact_attempts(person_id),
        store.first_contact(person_id),
        store.household_view(person_id),
    )


def identity_table(patient: Patient, today: date, private: bool) -> Table:
    identity = Table.grid(padding=(0, 1))
    identity.add_column(style="dim")
    identity.add_column()
    kin = patient.next_of_kin
    for label, value in (
        ("Name", Text(show_name(patient.family_name, patient.given_name, private=private), style="bold")),
        ("Age", str(patient.age_on(today))),
        ("Born", show_date_of_birth(patient.date_of_birth, today, private=private)),
        ("NHS no.", show_nhs_number(patient.nhs_number, private=private)),
        ("Postcode", show_address(patient.postcode, private=private)),
        ("Practice", f"{patient.practice_code or '(no ODS code)'} {patient.practice_name}"),
        ("Usual GP", patient.usual_gp or "—"),
        (
            "Next of kin",
            "(hidden)" if private else (f"{kin.name}, {kin.relationship} {kin.phone}" if kin else "not recorded"),
        ),
    ):
        identity.add_row(label, value)
    return identity


def left_search_text(left: LeftSearch | None, stage: Stage) -> Text:
    """A flag when the latest run of the person's search no longer finds them: for the MDT to decide."""
    if left is None:
        return Text()
    text = Text(
        f"! Left the search: '{left.search_name}' run {left.run_date:%d %b %Y} no longer finds them", style="bold"
    )
    if stage in CASELOAD_STAGES:
        text.append(" — still on the caseload, for the MDT to decide", style="bold")
    return text.append("\n")


def household_text(patient: Patient, private: bool, view: HouseholdView | None = None) -> Text:
    """Household and carers (households.py; the old carer_links only if nothing newer is held)."""
    text = Text("\nHousehold and carers\n", style="bold")
    lines = view.lines(private=private) if view is not None else []
    for line in lines:
        text.append(line + "\n")
    if lines and view is not None and view.other_people():
        text.append("ctrl+o opens the other member\n", style="dim")
    if not lines and not patient.carer_links:
        text.append("none recorded\n", style="dim")
    for link in patient.carer_links if not lines else ():
        other = show_name(*reversed(link.name.split(" ", 1)), private=private) if " " in link.name else link.name
        text.append(f"{LINK_WORDS[link.kind]} {other} ({link.relationship})")
        text.append("  — also in the cohort\n" if link.nhs_number else "\n", style="dim")
    return text


def service_use_text(entries: list[CohortEntry]) -> Text:
    text = Text("\nLatest search\n", style="bold")
    if not entries:
        return text.append("no search results\n", style="dim")
    e = entries[0]
    text.append(f"{e.search_name}, run {e.run_date:%d %b %Y}\n")
    text.append(f"Segment {e.segment or '—'} · risk {e.risk_grade or '—'}\n")
    text.append(f"eFI {_n(e.efi)} · CFS {_n(e.cfs)}\n")
    text.append(f"Last 12 m: {_n(e.emergency_admissions_12m)} emergency admissions, {_n(e.ae_attendances_12m)} A&E\n")
    flags = [
        w
        for w, on in (
            ("housebound", e.housebound),
            ("care home", e.care_home_resident),
            ("end-of-life register", e.end_of_life_register),
        )
        if on
    ]
    if flags:
        text.append(" · ".join(flags) + "\n")
    if len(entries) > 1:
        text.append(trend(timeline(entries, ())) + " (t: over time)\n", style="dim")
    return text


def approach_text(first_contact: FirstContact, attempts: list[ContactAttempt]) -> Text:
    how = first_contact.method
    text = Text("First contact\n", style="bold")
    text.append(first_contact.who + (f" · {CONTACT_METHODS[how].lower()}" if how else " · how not agreed") + "\n")
    if not attempts:
        text.append("no contact attempts yet\n", style="dim")
    for a in attempts:
        text.append(f"{a.on:%d %b %Y}  {CONTACT_METHODS[a.method].lower()}: {ATTEMPT_OUTCOMES[a.outcome].lower()}")
        text.append(f" — {a.note}\n" if a.note else "\n", style="dim" if not a.note else "")
    return text


def history_text(history: list[HistoryEntry], private: bool) -> Text:
    """The pathway steps, newest first, each with its code and the details that matter."""
    text = Text("Pathway history\n", style="bold")
    for entry in reversed(history):
        text.append(f"{entry.effective_date:%d %b %Y}  {history_step(entry)} → {entry.to_stage.label}")
        text.append(f"  {entry.by_name}\n", style="dim")
        if entry.snomed_code:
            text.append(f"   {entry.snomed_code} {TERMS.get(entry.snomed_code, '')}\n", style="italic")
        words = detail_words(entry.details, private)
        if words:
            text.append(f"   {words}\n", style="dim")
    return text


def history_step(entry: HistoryEntry) -> str:
    """The step's name, marked when it was reversed as entered in error."""
    name = entry.step.replace("_", " ")
    return f"✘ {name} (entered in error)" if entry.corrected_reason is not None else name


def history_code(entry: HistoryEntry, terms: dict[str, str]) -> str:
    if not entry.snomed_code:
        return ""
    return f"{entry.snomed_code} {terms.get(entry.snomed_code, '')}".strip()


def correction_refusal(entry: HistoryEntry) -> str | None:
    """Why this history row cannot be marked entered in error here, or None when it can."""
    if entry.step == "correction":
        return "This row is a correction; it cannot itself be corrected."
    if entry.corrected_reason is not None:
        return f"Already marked entered in error: {entry.corrected_reason}"
    return None


def detail_words(details: dict, private: bool) -> str:
    """A step's details in words; in privacy mode, who gave consent for someone else is hidden."""
    parts = []
    for key, word in DETAIL_WORDS:
        value = details.get(key)
        if value in (None, ""):
            continue
        if key == "given_by_name" and private:
            value = "(hidden)"
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        value = {**CONSENT_BY, **CONTACT_METHODS}.get(value, value) if key in ("consent_by", "method") else value
        parts.append(f"{word}: {value}")
    return " · ".join(parts)


class PersonDetails(Horizontal):
    """The compact detail pane: who they are and their household on the left, the approach on the right."""

    DEFAULT_CSS = """
    PersonDetails { height: 10; border-top: solid $primary 50%; }
    PersonDetails > VerticalScroll { width: 1fr; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=False):
            yield Static(id="details-who")
        with VerticalScroll(can_focus=False):
            yield Static(id="details-approach")

    def show(self, file: PersonFile | None, today: date, private: bool) -> None:
        who, approach = self.query_one("#details-who", Static), self.query_one("#details-approach", Static)
        if file is None:
            who.update(Text("Nobody matches.", style="dim"))
            approach.update("")
            return
        p = file.patient
        line = Text(show_name(p.family_name, p.given_name, private=private), style="bold")
        line.append(
            f" · {p.age_on(today)} · {show_nhs_number(p.nhs_number, private=private)}"
            f" · {p.practice_code} · {file.summary.stage.label}"
        )
        who.update(Group(line, household_text(p, private, file.household), service_use_text(file.entries)))
        # Contact notes and step details are typed text: with privacy on, the household's names in them as initials.
        mask = NameMask([f"{p.family_name}, {p.given_name}", *household_names(file.household)]) if private else NO_MASK
        approach.update(
            Group(
                masked(approach_text(file.first_contact, file.attempts), mask),
                Text(),
                masked(history_text(file.history, private), mask),
            )
        )


def _n(value: object) -> str:
    return "—" if value is None else str(value)
