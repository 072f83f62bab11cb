"""Team policy: the numbers the whole team agrees (capacity, review intervals, meeting timings, quorum, cut-offs,
the falls tool), each with what it means. Only the team's owner edits them; everyone else reads them."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Label, Static

from mdt_tui.errors import MdtError
from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.forms import FormDialog, row
from mdt_tui.screens.kit.keys import binding
from mdt_tui.screens.kit.plain_text import PlainTable
from mdt_tui.screens.kit.saving import save_later
from mdt_tui.team_policy import POLICY_KEYS, TeamPolicy, explanation, parse_value, shown, validated_changes

HINT = "enter or e changes the highlighted value (the team's owner only); every change is audited"


class PolicyValueDialog(FormDialog[dict[str, Any]]):
    """One policy value, typed; checked against the whole policy before it is saved."""

    def __init__(self, key: str, policy: TeamPolicy) -> None:
        super().__init__(f"Team policy: {key}")
        self.key, self.policy = key, policy

    def compose_fields(self) -> ComposeResult:
        yield Static(explanation(self.key), classes="hint")
        yield row("Value", Input(shown(getattr(self.policy, self.key)), id="policy-value", compact=True))

    def on_mount(self) -> None:
        self.query_one("#policy-value", Input).focus()

    def build(self) -> dict[str, Any]:
        """The change as the store takes it ({} when the value is the same); bad input is one sentence."""
        try:
            value = parse_value(self.key, self.query_one("#policy-value", Input).value)
            return validated_changes(self.policy, {self.key: value})
        except MdtError as exc:
            raise ValueError(str(exc)) from None


class TeamPolicyScreen(MdtScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back", tooltip="Go back"),
        binding("edit", "edit", name="Change", description="Change the highlighted value (owner only)"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Label("Team policy — one for the whole team, kept in the database", classes="panel-title")
        yield Static("", id="policy-who", classes="hint")
        yield PlainTable(id="policy", cursor_type="row", zebra_stripes=True)
        yield Static("", id="policy-explanation", classes="hint")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Setting", "Value")
        self.load()
        self.query_one(DataTable).focus()

    def load(self, key: str | None = None) -> None:
        """The policy (a dozen values: read at once) and who may change it; the cursor on ``key`` if given."""
        store, user = self.app.store, self.app.user
        self.policy = store.team_policy()
        self.why_not = store.why_not_owner(user)
        self.query_one("#policy-who", Static).update(
            f"Read-only: {self.why_not}" if self.why_not else f"You are the team's owner: {HINT}."
        )
        table = self.query_one(DataTable)
        table.clear()
        for name in POLICY_KEYS:
            table.add_row(name, shown(getattr(self.policy, name)), key=name)
        if key is not None:
            table.move_cursor(row=POLICY_KEYS.index(key))
        self._explain()

    def _highlighted(self) -> str:
        return POLICY_KEYS[self.query_one(DataTable).cursor_row]

    def _explain(self) -> None:
        self.query_one("#policy-explanation", Static).update(explanation(self._highlighted()))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._explain()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """The table takes enter itself (to select the row): selecting a value changes it."""
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        if self.why_not:
            self.notify(self.why_not, severity="warning", timeout=8)
            return
        key = self._highlighted()
        self.app.push_screen(PolicyValueDialog(key, self.policy), lambda changes: self.save(key, changes))

    def save(self, key: str, changes: dict[str, Any] | None) -> None:
        if changes is None:
            return
        if not changes:
            self.notify(f"{key} is unchanged.", timeout=3)
            return
        store, user = self.app.store, self.app.user
        save_later(
            self,
            lambda: store.set_team_policy(changes, by=user),
            f"Team policy: {key} = {shown(changes[key])}",
            then=lambda _: self.load(key),
        )
