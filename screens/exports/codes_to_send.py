"""Codes to send: coded events no clinician has signed off yet, by practice. A clinician checks them and
signs them off one by one (space marks, s signs off) or a practice's at once (a); deliveries carry only
signed-off codes. Deliveries still not seen in the GP record four weeks on are named at the top."""

from __future__ import annotations

from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label, Static

from mdt_tui.exports.checklist import CodeToEnter
from mdt_tui.exports.deliveries import Delivery
from mdt_tui.exports.signoff import signoff_refusal
from mdt_tui.privacy import show_name, show_nhs_number
from mdt_tui.safe_text import terminal_text
from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.plain_text import PlainTable

HINT = "space mark · s sign off the marked codes (or the highlighted one) · a sign off all of this practice's"


class CodesToSendScreen(MdtScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back", tooltip="Go back"),
        Binding("space", "mark", "Mark", id="codes_mark", tooltip="Mark or unmark the highlighted code"),
        Binding(
            "s",
            "sign_off",
            "Sign off",
            id="codes_sign_off",
            tooltip="Sign off the marked codes, or the highlighted one (clinicians only)",
        ),
        Binding(
            "a",
            "sign_off_practice",
            "Sign off practice",
            id="codes_sign_off_practice",
            tooltip="Sign off every code of the highlighted row's practice (asks first; clinicians only)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CodeToEnter] = []
        self.marked: set[int] = set()

    def compose_body(self) -> ComposeResult:
        yield Label("Codes to send — not yet signed off", id="codes-title", classes="panel-title")
        yield Static("", id="codes-unconfirmed")
        yield Static(HINT, classes="hint")
        yield PlainTable(id="codes", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(
            "✔", "Practice", "Patient", "NHS number", "Date", "Code", "Term", "Value", "Recorded by"
        )
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        self.deliver_read(self._loaded, _read, self.app.store, self.app.today)

    def _loaded(self, read: tuple[list[CodeToEnter], list[Delivery]]) -> None:
        self.rows, late = read
        self.marked &= {r.event.event_id for r in self.rows}
        self.show_rows()
        note = self.query_one("#codes-unconfirmed", Static)
        note.update(
            "\n".join(
                terminal_text(
                    f"! Delivery {d.delivery_id} to {d.practice_code} ({d.made_at:%d %b %Y}):"
                    f" {d.events - d.confirmed} of"
                    f" {d.events} codes not yet seen in the GP record"
                )
                for d in late
            )
        )
        note.display = bool(late)
        self.query_one(DataTable).focus()

    def show_rows(self) -> None:
        private = self.app.privacy
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for r in self.rows:
            e = r.event
            table.add_row(
                "☑" if e.event_id in self.marked else "☐",
                e.practice_code,
                show_name(r.family_name, r.given_name, private=private),
                show_nhs_number(e.nhs_number, private=private),
                f"{e.effective_date:%d %b %Y}",
                e.snomed_code,
                terminal_text(e.term),
                terminal_text(e.value or ""),
                terminal_text(e.recorded_by),
                key=str(e.event_id),
            )
        if not self.rows:
            table.add_row("", "", "Every coded event is signed off.", "", "", "", "", "", "")
        elif cursor:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))
        marked = f", {len(self.marked)} marked" if self.marked else ""
        self.query_one("#codes-title", Label).update(f"Codes to send — {len(self.rows)} not yet signed off{marked}")

    def show_privacy(self, private: bool) -> None:
        self.show_rows()

    def _highlighted(self) -> CodeToEnter | None:
        if not self.rows:
            return None
        return self.rows[min(self.query_one(DataTable).cursor_row, len(self.rows) - 1)]

    def action_mark(self) -> None:
        if (row := self._highlighted()) is None:
            return
        self.marked ^= {row.event.event_id}
        table = self.query_one(DataTable)
        at = table.cursor_row
        self.show_rows()
        table.move_cursor(row=min(at + 1, len(self.rows) - 1))

    def action_sign_off(self) -> None:
        row = self._highlighted()
        ids = sorted(self.marked) or ([row.event.event_id] if row else [])
        if ids:
            self._sign_off(ids, f"{len(ids)} code(s) signed off")

    def action_sign_off_practice(self) -> None:
        if (row := self._highlighted()) is None or self._refused():
            return
        from mdt_tui.screens.kit.confirm import ConfirmDialog

        practice = row.event.practice_code
        ids = [r.event.event_id for r in self.rows if r.event.practice_code == practice]
        question = (
            f"Sign off all {len(ids)} codes of practice {practice}? Sign off only codes you have checked:"
            " signed-off codes go to the practice in the next delivery."
        )
        self.app.push_screen(
            ConfirmDialog("Sign off a practice's codes", question),
            lambda yes: yes and self._sign_off(ids, f"{len(ids)} codes of {practice} signed off"),
        )

    def _refused(self) -> bool:
        if refusal := signoff_refusal(self.app.user):
            self.notify(refusal, severity="warning", markup=False)
            return True
        return False

    def _sign_off(self, ids: list[int], done: str) -> None:
        if self._refused():
            return
        from mdt_tui.screens.kit.saving import save_later

        store, user = self.app.store, self.app.user
        save_later(self, lambda: store.sign_off_codes(user, ids), done, then=lambda _: self._signed(ids))

    def _signed(self, ids: list[int]) -> None:
        self.marked -= set(ids)
        self.load()


def _read(store, today: date) -> tuple[list[CodeToEnter], list[Delivery]]:  # noqa: ANN001 - the Store
    return store.codes_to_sign_off(), [d for d in store.deliveries() if d.unconfirmed_after(today)]
