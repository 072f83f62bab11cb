"""The same-day self-harm action: a dialog that cannot be dismissed by accident, and the people still waiting.

After a PHQ-9 item 9 answer above 0 the CGA stops here: choose the clinician doing today's risk
assessment (from the roster, clinicians only), then its outcome (1-4; 4 "other" needs words).
Escape, h and ctrl+f do not close it: they say why. Only with no clinician on the roster can it
be closed, and then the answer stays pending at the top of the home screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from mdt_tui.cga.self_harm import ROUTE_LABELS, Outcome, SelfHarmAction, positive_answer
from mdt_tui.models import TeamMember
from mdt_tui.privacy import show_name
from mdt_tui.roles import CLINICAL
from mdt_tui.screens.kit.base import ScreenMixin, row_id
from mdt_tui.screens.kit.plain_text import plain
from mdt_tui.screens.people.listing import PeopleScreen

if TYPE_CHECKING:
    from mdt_tui.cga.bundle import CgaBundle
    from mdt_tui.models import PersonSummary
    from mdt_tui.screens.kit.saving import SerialWriter

STAY = "This cannot be skipped: choose who is doing today's risk assessment, then its outcome (1–4)."


class SelfHarmEntry(NamedTuple):
    clinician_id: int
    outcome: Outcome
    detail: str


class SelfHarmDialog(ModalScreen[SelfHarmEntry | None]):
    """Who is doing the same-day risk assessment, and its outcome; dismissed only with both (or no clinician)."""

    DEFAULT_CSS = """
    SelfHarmDialog #self-harm-dialog { border: heavy $error; }
    SelfHarmDialog #self-harm-title { background: $error; color: $text; text-style: bold; width: 100%; }
    SelfHarmDialog #self-harm-why { color: $error; text-style: bold; }
    SelfHarmDialog #self-harm-dialog { max-height: 100%; }
    SelfHarmDialog OptionList, SelfHarmDialog OptionList:focus { height: auto; max-height: 6; border: none; }
    SelfHarmDialog Label { margin: 0; }
    SelfHarmDialog Input { display: none; }
    """
    BINDINGS = [
        *(
            Binding(
                str(n),
                f"outcome({n})",
                "Outcome" if n == 1 else "",
                show=n == 1,
                key_display="1-4",
                id=f"self_harm_outcome_{n}",
                tooltip="The risk assessment's outcome",
            )
            for n in range(1, 5)
        ),
        Binding("escape", "stay", "Must record", id="self_harm_stay", tooltip=STAY),
        Binding("h", "stay", show=False, id="self_harm_stay_home"),
        Binding("ctrl+f", "stay", show=False, id="self_harm_stay_find"),
    ]

    def __init__(self, who: str, route: str, answer: int, members: list[TeamMember]) -> None:
        super().__init__()
        self.who, self.route, self.answer = who, route, answer
        self.clinicians = [m for m in members if m.role in CLINICAL and m.id is not None]
        self.outcome: Outcome | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="self-harm-dialog"):
            yield Label(
                plain(f"! SELF-HARM ANSWER — same-day action needed · {self.who}"),  # a name, as typed
                id="self-harm-title",
            )
            yield Static(
                f"{ROUTE_LABELS.get(self.route, self.route)} (thoughts of being better off dead or of"
                f" self-harm) = {self.answer}. The CGA cannot go on until this is recorded."
            )
            if self.clinicians:
                yield Label("1. Who is doing today's risk assessment? (↑↓, enter)", classes="panel-title")
                yield OptionList(
                    *(Option(plain(f"{m.name} — {m.role.label}"), id=str(m.id)) for m in self.clinicians),
                    id="self-harm-clinician",
                )
                yield Label("2. Outcome", classes="panel-title")
                yield Static("\n".join(f" {n} {o.label}" for n, o in enumerate(Outcome, 1)), id="self-harm-outcomes")
                yield Input(placeholder="what was done (enter records)", id="self-harm-detail")
            else:
                yield Static(
                    "No clinician is on the team roster. Add one (GP, nurse, …) and open this CGA again;"
                    " until then the person stays at the top of the home screen. escape closes."
                )
            yield Static(id="self-harm-why")

    def on_mount(self) -> None:
        if self.clinicians:
            options = self.query_one(OptionList)
            options.highlighted = 0
            options.focus()

    @property
    def _clinician_id(self) -> int | None:
        options = self.query(OptionList)
        if not options or (highlighted := options.first().highlighted) is None:
            return None
        return self.clinicians[highlighted].id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._why(f"Clinician: {self.clinicians[event.option_index].name}. Now press the outcome, 1–4.")

    def action_outcome(self, number: int) -> None:
        if not self.clinicians or not 1 <= number <= len(Outcome):
            return
        self.outcome = list(Outcome)[number - 1]
        if self.outcome is Outcome.OTHER:
            box = self.query_one(Input)
            box.display = True
            box.focus()
            self._why("Say what was done, then enter.")
            return
        self._record("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self._why("Say what was done: 'other' needs a few words.")
            return
        self._record(event.value)

    def _record(self, detail: str) -> None:
        clinician = self._clinician_id
        if clinician is None or self.outcome is None:
            self._why(STAY)
            return
        self.dismiss(SelfHarmEntry(clinician, self.outcome, detail.strip()))

    def action_stay(self) -> None:
        if not self.clinicians:
            self.dismiss(None)
            return
        if self.query_one(Input).has_focus:  # escape from the 'other' box: back to choosing
            self.query_one(OptionList).focus()
        self._why(STAY)
        self.app.bell()

    def _why(self, text: str) -> None:
        self.query_one("#self-harm-why", Static).update(Text(text))


class SelfHarmPeopleScreen(PeopleScreen):
    """The people whose self-harm answer is not yet actioned; enter opens their CGA, where the action is recorded."""

    def __init__(self) -> None:
        super().__init__(
            "Self-harm answer not yet actioned: enter opens the CGA to record today's action",
            lambda store: store.self_harm_people(),
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from mdt_tui.screens.cga.assessment import CgaScreen

        event.prevent_default()
        self.app.push_screen(CgaScreen(row_id(event.row_key.value)))

    def came_back(self) -> None:
        self.load()


class SelfHarmGuard(ScreenMixin):
    """Mixed into the CGA screen: asks for the same-day action while a positive item 9 has none, and keeps asking."""

    if TYPE_CHECKING:  # what else it uses of CgaScreen (screens/cga/assessment.py)

        @property
        def saver(self) -> SerialWriter: ...

        bundle: CgaBundle
        person_id: int

        person: PersonSummary

    def self_harm_due(self) -> tuple[str, int] | None:
        """The positive answer still waiting for its action in this CGA, or None."""
        if self.bundle.self_harm is not None:
            return None
        return positive_answer(self.bundle.answers)

    def ask_self_harm(self) -> bool:
        """Open the dialog if an action is due (and not already open); True when one is due."""
        due = self.self_harm_due()
        if due is None:
            return False
        if not isinstance(self.app.screen, SelfHarmDialog):
            p = self.person
            who = show_name(p.family_name, p.given_name, private=self.app.privacy)
            self.app.push_screen(SelfHarmDialog(who, *due, self.app.store.team()), self._self_harm_decided)
        return True

    def _self_harm_decided(self, entry: SelfHarmEntry | None) -> None:
        if entry is None:
            self.notify(
                "Self-harm answer not yet actioned: it stays at the top of the home screen until recorded.",
                severity="error",
                timeout=15,
            )
            return
        user, person_id = self.app.user, self.person_id
        self.saver.submit(
            lambda store: store.record_self_harm_action(user, person_id, *entry), done=self._self_harm_recorded
        )

    def _self_harm_recorded(self, action: SelfHarmAction) -> None:
        self.bundle.self_harm = action
        self.notify(f"Recorded: {action.line(private=self.app.privacy)}", timeout=8)

    def self_harm_write_failed(self) -> None:
        """A refused write may have been the action: ask again while it is still due."""
        if self.self_harm_due() is not None:
            self.call_after_refresh(self.ask_self_harm)

    def leave_if_actioned(self, leave) -> None:  # noqa: ANN001 — the way out the user asked for
        """Leave only once any self-harm answer has its action; otherwise ask for it again."""
        if self.ask_self_harm():
            self.notify(STAY, severity="error", timeout=8)
            return
        leave()


def self_harm_banner(store, person_id: int, *, private: bool) -> Text | None:  # noqa: ANN001 — any Store
    """The person screen's banner: a pending self-harm answer (loud), else the latest action recorded (quiet)."""
    pending = store.self_harm_pending(person_id)
    if pending:
        return Text(f" {pending[0].line()} (a opens the CGA) ", style="bold reverse")
    action = store.latest_self_harm_action(person_id)
    return Text(f"✔ {action.line(private=private)}") if action else None
