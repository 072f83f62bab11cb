"""Completing a CGA: the confirmation (with the clinician's one-key frailty diagnosis), domain reasons, dates given.

Each dialog dismisses with what the user chose (or None); the CGA screen saves it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from mdt_tui.cga.bundle import (
    DOMAINS_REQUIRED,
    DomainReason,
    bundle_results,
    completion_check,
    domain_instruments,
    parse_day,
)
from mdt_tui.cga.coding import (
    administration_date,
    administration_refusal,
    frailty_confirm_refusal,
    frailty_diagnosis,
    planned_codes,
)
from mdt_tui.codes import CGA_RECORDED, Concept
from mdt_tui.instruments import INSTRUMENTS
from mdt_tui.screens.kit.base import ScreenMixin

if TYPE_CHECKING:
    from mdt_tui.cga.bundle import CgaBundle, ScoringSettings
    from mdt_tui.screens.kit.saving import SerialWriter


class CompletionDialog(ModalScreen[str | None]):
    """y completes; f (offered only to a clinician, CFS 5-8) completes and codes the frailty diagnosis too."""

    BINDINGS = [
        Binding(
            "y,enter",
            "answer('complete')",
            "Complete",
            id="cga_complete_yes",
            key_display="y",
            tooltip="Complete the CGA (y or enter)",
        ),
        Binding(
            "f",
            "answer('confirm_frailty')",
            "…and frailty",
            id="cga_complete_frailty",
            tooltip="Complete, and code the frailty diagnosis: a clinician confirms it",
        ),
        Binding(
            "n,escape",
            "answer(None)",
            "No",
            id="cga_complete_no",
            key_display="n",
            tooltip="Not yet: go back (n or escape)",
        ),
    ]

    def __init__(self, text: RenderableType, diagnosis: Concept | None, why_not: str | None) -> None:
        super().__init__()
        self.text, self.diagnosis, self.why_not = text, diagnosis, why_not

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="cga-complete"):
            yield Label("Complete the CGA?", classes="panel-title")
            yield Static(self.text)
            if self.diagnosis is not None and self.why_not is None:
                hint = (
                    f"\nf: complete and code {self.diagnosis.term} ({self.diagnosis.code}) — you confirm the"
                    " diagnosis as a clinician. Never coded without this key."
                )
            elif self.diagnosis is not None:
                hint = f"\nFrailty diagnosis not coded: {self.why_not}"
            else:
                hint = ""
            yield Static(Text(hint, style="bold") if hint else "", id="cga-complete-frailty")
            yield Static(
                "y or enter: complete · f: complete and confirm the frailty diagnosis · n or escape: not yet",
                classes="hint",
            )

    def action_answer(self, choice: str | None) -> None:
        if choice == "confirm_frailty" and (self.diagnosis is None or self.why_not is not None):
            self.app.bell()
            return
        self.dismiss(choice)


class DomainChoice(NamedTuple):
    domain: str
    reason: DomainReason | None


class DomainReasonDialog(ModalScreen[DomainChoice | None]):
    """Why a domain has no completed instrument: ↑↓ the domain, 1 declined, 2 done elsewhere (date), 3 not
    appropriate, 0 removes the reason."""

    BINDINGS = [
        *(
            Binding(
                str(n),
                f"reason({n})",
                "Reason" if n == 1 else "",
                show=n == 1,
                key_display="0-3",
                id=f"cga_domain_reason_{n}",
                tooltip="1 declined · 2 done elsewhere · 3 not appropriate · 0 none",
            )
            for n in range(4)
        ),
        Binding("escape", "cancel", "Cancel", id="cga_domain_cancel", tooltip="Change nothing"),
    ]

    def __init__(self, states: dict[str, str]) -> None:
        super().__init__()
        self.states = states

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="cga-domain-reason"):
            yield Label("Why a domain has no completed instrument", classes="panel-title")
            yield OptionList(
                *(Option(f"{d}: {self.states.get(d, '')}", id=d) for d in DOMAINS_REQUIRED), id="cga-domains"
            )
            yield Static("1 declined · 2 done elsewhere (then its date) · 3 not appropriate · 0 remove the reason")
            yield Input(placeholder="done elsewhere on: dd/mm/yyyy, enter saves", id="cga-domain-date")
            yield Static(id="cga-domain-error")

    def on_mount(self) -> None:
        self.query_one(Input).display = False
        self.query_one(OptionList).highlighted = next(
            (n for n, d in enumerate(DOMAINS_REQUIRED) if "✘" in self.states.get(d, "")), 0
        )
        self.query_one(OptionList).focus()

    @property
    def _domain(self) -> str:
        return DOMAINS_REQUIRED[self.query_one(OptionList).highlighted or 0]

    def action_reason(self, number: int) -> None:
        if number == 2:
            box = self.query_one(Input)
            box.display = True
            box.focus()
            return
        reason = {1: "declined", 3: "not_appropriate"}.get(number)
        self.dismiss(DomainChoice(self._domain, DomainReason(reason=reason) if reason else None))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            day = parse_day(event.value)
        except ValueError as exc:
            self.query_one("#cga-domain-error", Static).update(f"✘ {exc}")
            return
        if day is None:
            self.query_one("#cga-domain-error", Static).update("✘ Give the date it was done elsewhere.")
            return
        self.dismiss(DomainChoice(self._domain, DomainReason(reason="done_elsewhere", done_on=day)))

    def action_cancel(self) -> None:
        self.dismiss(None)


class DateChoice(NamedTuple):
    instrument: str
    given_on: date | None


class AdministeredDialog(ModalScreen[DateChoice | None]):
    """The day an instrument was given: ↑↓ the instrument, type the date, enter (blank: its last answer's day)."""

    BINDINGS = [
        Binding("up", "move(-1)", "Previous", id="cga_date_previous", tooltip="The instrument above", show=False),
        Binding("down", "move(1)", "Next", id="cga_date_next", tooltip="The instrument below", show=False),
        Binding("escape", "cancel", "Cancel", id="cga_date_cancel", tooltip="Change nothing"),
    ]

    def __init__(self, dates: dict[str, tuple[str, date, bool]]) -> None:
        super().__init__()
        self.dates = dates  # instrument id -> (name, date, typed by the user)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="cga-administered"):
            yield Label("Date each instrument was given (its codes carry this date)", classes="panel-title")
            yield OptionList(
                *(
                    Option(f"{name}: {on:%d %b %Y}" + (" (typed)" if typed else " (last answer)"), id=i)
                    for i, (name, on, typed) in self.dates.items()
                ),
                id="cga-dates",
            )
            yield Input(
                placeholder="given on dd/mm/yyyy; blank: the day of its last answer; enter saves", id="cga-date"
            )
            yield Static(id="cga-date-error")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            day = parse_day(event.value)
        except ValueError as exc:
            self.query_one("#cga-date-error", Static).update(f"✘ {exc}")
            return
        options = self.query_one(OptionList)
        self.dismiss(DateChoice(list(self.dates)[options.highlighted or 0], day))

    def action_move(self, step: int) -> None:
        """↑↓ choose the instrument while the focus stays in the date box."""
        options = self.query_one(OptionList)
        options.action_cursor_up() if step < 0 else options.action_cursor_down()

    def action_cancel(self) -> None:
        self.dismiss(None)


class CompletionFlow(ScreenMixin):
    """Mixed into the CGA screen: the Summary tab's enter (complete), r (domain reasons) and d (dates given)."""

    if TYPE_CHECKING:  # what else it uses of CgaScreen (screens/cga/assessment.py)

        @property
        def saver(self) -> SerialWriter: ...

        bundle: CgaBundle
        person_id: int
        scoring: ScoringSettings
        _shown_tab: str

        def ask_self_harm(self) -> bool: ...

        def _save_typed(self) -> None: ...

        def _refresh_summary(self) -> None: ...

        def _completed(self, bundle: CgaBundle) -> None: ...

    def on_summary_view_complete_requested(self, event) -> None:  # noqa: ANN001 — SummaryView.CompleteRequested
        check = completion_check(self.bundle, self.scoring)
        if check.self_harm_pending:
            self.ask_self_harm()
        if refusal := check.refusal(allow_unfinished=True):  # unfinished ones are listed in the question
            self.notify(refusal, severity="error", timeout=10)
            return
        results = bundle_results(self.bundle, self.scoring)
        codes = planned_codes(self.bundle, results, self.app.today)
        text = Text(
            f"Assessment date {self.app.today:%d %b %Y}. Records {CGA_RECORDED.code} ({CGA_RECORDED.term})"
            f" and {len(codes)} coded entr{'ies' if len(codes) != 1 else 'y'}, each dated the day it was"
            " given."
        )
        if check.unfinished:
            text.append("\n\n◐ Not finished, so not recorded: " + "; ".join(check.unfinished), style="bold")
        diagnosis = frailty_diagnosis(results)
        why_not = frailty_confirm_refusal(self.app.user.role, results) if diagnosis else None
        self.app.push_screen(CompletionDialog(text, diagnosis, why_not), self._confirmed)

    def _confirmed(self, choice: str | None) -> None:
        if choice is None:
            return
        self._save_typed()
        user, person_id, on, scoring = self.app.user, self.person_id, self.app.today, self.scoring
        confirm = choice == "confirm_frailty"
        self.saver.submit(
            lambda store: store.complete_cga(
                user, person_id, on=on, scoring=scoring, allow_unfinished=True, confirm_frailty=confirm
            ),
            done=self._completed,
        )

    def on_summary_view_requested(self, event) -> None:  # noqa: ANN001 — SummaryView.Requested
        results = bundle_results(self.bundle, self.scoring)
        if event.what == "reason":
            done = domain_instruments(results)
            states = {
                d: (
                    f"✔ {', '.join(done[d])}"
                    if done[d]
                    else f"✔ {self.bundle.domain_reasons[d].describe()}"
                    if d in self.bundle.domain_reasons
                    else "✘ no completed instrument"
                )
                for d in done
            }
            self.app.push_screen(DomainReasonDialog(states), self._domain_reason)
        elif results:
            today = self.app.today
            dates = {
                i: (
                    INSTRUMENTS[i].short_name,
                    administration_date(self.bundle, i, today),
                    i in self.bundle.administered,
                )
                for i in results
            }
            self.app.push_screen(AdministeredDialog(dates), self._date_given)
        else:
            self.notify("No instrument is finished yet: its date is set once it has a result.", timeout=5)

    def _domain_reason(self, choice: DomainChoice | None) -> None:
        if choice is None:
            return
        domain, reason = choice
        user, person_id = self.app.user, self.person_id
        self.saver.submit(
            lambda store: store.save_cga_domain_reason(user, person_id, domain, reason),
            done=lambda _: self._extra_saved(lambda b: _set(b.domain_reasons, domain, reason)),
        )

    def _date_given(self, choice: DateChoice | None) -> None:
        if choice is None:
            return
        instrument, day = choice
        if day is not None and (refusal := administration_refusal(day, self.app.today)):
            self.notify(refusal, severity="error", timeout=8)
            return
        user, person_id = self.app.user, self.person_id
        self.saver.submit(
            lambda store: store.save_cga_administered(user, person_id, instrument, day),
            done=lambda _: self._extra_saved(lambda b: _set(b.administered, instrument, day)),
        )

    def _extra_saved(self, change) -> None:  # noqa: ANN001 — applies the stored change to the bundle shown
        change(self.bundle)
        if self._shown_tab == "summary":
            self._refresh_summary()


def _set(mapping: dict, key: str, value: object) -> None:
    if value is None:
        mapping.pop(key, None)
    else:
        mapping[key] = value
