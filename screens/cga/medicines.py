"""The Medication tab: each drug's ACB score, the live total, unknown drugs, and the pharmacist's overrides."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Input, Label, Static

from mdt_tui.cga.bundle import AcbOverride, CgaBundle, acb_drug_key, medicines_acb
from mdt_tui.cga.medicines_review import (
    MedicinesConfirmation,
    confirmation_refusal,
    medication_review_refusal,
    review_line,
)
from mdt_tui.errors import MdtError
from mdt_tui.instruments import INSTRUMENTS, DrugScore, ScoringSettings, lookup_drug
from mdt_tui.instruments.acb import ingredients
from mdt_tui.instruments.results import format_total
from mdt_tui.screens.cga.lists import ListEditor
from mdt_tui.screens.kit.confirm import ConfirmDialog
from mdt_tui.screens.kit.forms import Choice, FormDialog, row
from mdt_tui.screens.kit.plain_text import plain
from mdt_tui.screens.kit.saving import save_later

if TYPE_CHECKING:
    from textual import getters

    from mdt_tui.screens.app import MdtApp

ACB_SCORES = ((0, "0 none"), (1, "1 possible"), (2, "2 definite"), (3, "3 definite, delirium"))


def medicines_view(bundle: CgaBundle, scoring: ScoringSettings) -> dict[str, Any]:
    """Keyword arguments for ``ListEditor.show``: rows, an ACB column ("? 0" for an unrecognised medicine), the total.

    Medicines are matched by ingredient (Revision 2): "Amitriptyline 10mg tablets" scores 3 as soon as it
    is added. Only unrecognised ingredients ask for the pharmacist's check; medicines recognised as not
    on the ACB list are named once, without a warning.
    """
    rows = [m.model_dump() for m in bundle.medicines]
    acb = medicines_acb(bundle, scoring)
    extra = Text()
    badges: list[str] = []
    if acb is None or acb.acb is None:  # an ACB result always has its breakdown
        extra.append("ACB: no medicines listed yet\n", style="dim")
    else:
        breakdown = acb.acb
        counted: set[str] = set()
        for medicine in bundle.medicines:
            drugs = [d for d in breakdown.drugs if d.entered == medicine.name.strip() and d.name not in counted]
            counted.update(d.name for d in drugs)
            badges.append(_badge(bundle.acb_overrides.get(acb_drug_key(medicine.name)), drugs))
        extra.append(f"ACB total {format_total(acb.total)} — {acb.band_label}", style="bold")
        if acb.flags.get("any_drug_ge2"):
            extra.append(" · a drug scores 2 or more: consider alternatives")
        for drug in breakdown.drugs:
            override = bundle.acb_overrides.get(drug.name) or bundle.acb_overrides.get(acb_drug_key(drug.entered))
            if drug.overridden and override is not None:
                extra.append(f"\n{drug.name}: {override.describe()}")
        if breakdown.recognised_not_anticholinergic:
            extra.append(
                f"\nNot on the ACB list (0): {', '.join(breakdown.recognised_not_anticholinergic)}", style="dim"
            )
        for name in breakdown.unknown_drugs:
            close = breakdown.suggestions.get(name, ())
            extra.append(
                f"\n? {name}: not recognised, scored 0 — check with the pharmacist"
                + (f"; did you mean {' or '.join(close)}?" if close else "")
            )
        extra.append(f"\nList: {breakdown.list_version} · ", style="dim")
    extra.append(INSTRUMENTS["acb"].attribution, style="dim")
    return {"rows": rows, "extra": extra, "badges": badges, "pending": bundle.pending.get("medicines")}


def _badge(override: AcbOverride | None, drugs: list[DrugScore]) -> str:
    """One row's ACB column: its ingredients' scores added up ("–" when an earlier row already counted them)."""
    if override is not None:
        return f"{'?' if override.list_score is None else override.list_score} → {override.score} override"
    if not drugs:
        return "–"
    if all(d.kind == "unrecognised" for d in drugs):
        return "? 0"
    return str(sum(d.score for d in drugs))


def typed_preview(text: str) -> str:
    """What a medicine being typed will score, before it is added: "amitriptyline: ACB 3"."""
    if not text.strip():
        return ""
    parts = []
    for ingredient in ingredients(text):
        if ingredient.kind == "scored" and ingredient.drug is not None:
            parts.append(f"{ingredient.name}: ACB {ingredient.drug.score}")
        elif ingredient.kind == "not_on_list":
            parts.append(f"{ingredient.name}: not on the ACB list (0)")
        else:
            parts.append(f"{ingredient.name}: not recognised (0) — check with the pharmacist")
    return "→ " + " + ".join(parts)


class MedicinesEditor(ListEditor):
    """The medicines list, with keys for the pharmacist to override the highlighted drug's ACB score and to
    confirm the list (until then the ACB total is provisional)."""

    if TYPE_CHECKING:  # Textual types self.app as App[Any]
        app = getters.app(MdtApp)

    BINDINGS = [
        Binding(
            "s",
            "acb_score",
            "ACB score…",
            id="cga_acb_override",
            tooltip="Override the highlighted medicine's ACB score, with a reason (pharmacist)",
        ),
        Binding(
            "c",
            "confirm_list",
            "Confirm list",
            id="cga_confirm_medicines",
            tooltip="Confirm this medicines list as complete and correct (pharmacist; audited)",
        ),
        Binding(
            "M",
            "medication_review",
            "Medication review done",
            id="cga_structured_medication_review",
            tooltip="Record that you completed this person's structured medication review (pharmacist;"
            " coded 1239511000000100, audited)",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield Static(id="acb-preview")

    def on_input_changed(self, event: Input.Changed) -> None:
        super().on_input_changed(event)
        if event.input.id == "entry-name":  # the ACB of what is being typed, at once
            self.query_one("#acb-preview", Static).update(typed_preview(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        super().on_input_submitted(event)
        self.query_one("#acb-preview", Static).update("")

    def show(
        self,
        rows: list[dict],
        *,
        extra: Text | str = "",
        badges: list[str] | None = None,
        pending: dict[str, str] | None = None,
        mask: Callable[[str], str] | None = None,
    ) -> None:
        """The list, with whether a pharmacist has confirmed it under the ACB total (read from the store)."""
        self._shown_with = (extra, badges)
        if rows:
            confirmation = self._confirmation()
            line = review_line([row["name"] for row in rows], confirmation)
            extra = Text.assemble(extra, "\n", (line, "bold" if line.startswith("ACB provisional") else "green"))
        super().show(rows, extra=extra, badges=badges, pending=pending, mask=mask)

    def _person_id(self) -> int | None:
        return getattr(self.screen, "person_id", None)

    def _confirmation(self) -> MedicinesConfirmation | None:
        person_id = self._person_id()
        store = getattr(self.app, "opened_store", None)
        return store.medicines_confirmation(person_id) if store is not None and person_id is not None else None

    def action_confirm_list(self) -> None:
        """One key, for the pharmacist: the list as it stands is confirmed (audited); anyone else is told why not."""
        if refusal := confirmation_refusal(self.app.user.role):
            self.notify(refusal, severity="error", timeout=8)
            return
        if (person_id := self._person_id()) is None:  # the editor is on a person's CGA
            return
        try:
            self.app.store.confirm_medicines_list(self.app.user, person_id)
        except MdtError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        extra, badges = getattr(self, "_shown_with", ("", None))
        self.show(self.rows, extra=extra, badges=badges)
        self.notify("Medicines list confirmed: the ACB total is no longer provisional.")

    def action_medication_review(self) -> None:
        """For the pharmacist, after a yes: the structured medication review is recorded as completed today."""
        if refusal := medication_review_refusal(self.app.user.role):
            self.notify(refusal, severity="error", timeout=8)
            return
        screen, store, user, person_id = self.screen, self.app.store, self.app.user, self._person_id()
        if person_id is None:  # the editor is on a person's CGA
            return
        self.app.push_screen(
            ConfirmDialog(
                "Structured medication review completed?",
                "Record that you completed this person's structured medication review today"
                " (SNOMED CT 1239511000000100, sent to the GP record).",
            ),
            lambda yes: yes
            and save_later(
                screen,
                lambda: store.record_structured_medication_review(user, person_id),
                "Structured medication review recorded",
            ),
        )

    class OverrideRequested(Message):
        """The user asked to override the ACB score of ``drug`` (as typed in the list)."""

        def __init__(self, drug: str) -> None:
            super().__init__()
            self.drug = drug

    def action_acb_score(self) -> None:
        table = self.query_one(DataTable)
        if self.rows and table.has_focus:
            self.post_message(self.OverrideRequested(self.rows[table.cursor_row]["name"]))
        else:
            self.app.bell()


class OverrideEdit(NamedTuple):
    """What the dialog decided: a score 0–3 and a reason, or ``score=None`` to remove the override."""

    score: int | None
    reason: str


class AcbOverrideDialog(FormDialog[OverrideEdit]):
    """Pick the score to count (0–3 by number key) and say why; delete removes an existing override."""

    BINDINGS = [
        Binding(
            "delete",
            "remove",
            "Remove override",
            id="acb_override_remove",
            tooltip="Remove the pharmacist's ACB override (the list score counts again)",
        ),
    ]

    def __init__(self, drug: str, current: AcbOverride | None) -> None:
        super().__init__(f"ACB score — {drug}")
        self.drug, self.current = drug, current

    def compose_fields(self) -> ComposeResult:
        listed = lookup_drug(self.drug)
        yield Label(
            f"On the ACB list: {listed.score}" if listed else "Not on the ACB list (counts 0)", classes="form-heading"
        )
        current = self.current
        yield row("Score (0–3)", Choice(ACB_SCORES, value=current.score if current else None, first=0, id="score"))
        yield row("Reason", Input(current.reason if current else "", placeholder="required", id="reason", compact=True))
        if current is not None:
            yield Label(plain(f"Now: {current.describe()} — delete removes it"), classes="form-heading")

    def build(self) -> OverrideEdit:
        score = self.picked("score", "pick the score to count: 0, 1, 2 or 3")
        if not self.text("reason"):
            raise ValueError("give a reason: it is recorded with the override")
        return OverrideEdit(score, self.text("reason"))

    def action_remove(self) -> None:
        if self.current is None:
            self.show_error(f"{self.drug} has no override to remove")
        else:
            self.dismiss(OverrideEdit(None, self.text("reason")))
