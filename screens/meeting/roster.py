"""The team roster: name, role, organisation, core or extended, contact — added and edited in the app."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Label

from mdt_tui.models import TeamMember, saved_id
from mdt_tui.roles import Role
from mdt_tui.screens.kit.base import MdtScreen, row_id
from mdt_tui.screens.kit.forms import Choice, FormDialog, row
from mdt_tui.screens.kit.keys import binding
from mdt_tui.screens.kit.plain_text import PlainTable
from mdt_tui.screens.kit.saving import save_later

CORE = {True: "Core", False: "Extended"}


class MemberDialog(FormDialog[TeamMember]):
    def __init__(self, title: str, member: TeamMember | None = None) -> None:
        super().__init__(title)
        self.member = member

    def compose_fields(self) -> ComposeResult:
        m = self.member
        yield row("Name", Input(m.name if m else "", id="name", compact=True))
        yield Label("Role (0–11: 1 waits for a second digit; or ↑ ↓ and enter)", classes="form-heading")
        yield Choice([(r, r.label) for r in Role], value=m.role if m else None, first=0, inline=False, id="role")
        yield row("Organisation", Input(m.organisation if m else "", id="organisation", compact=True))
        yield row("Membership", Choice(list(CORE.items()), value=m.core if m else True, id="core"))
        yield row("Contact", Input(m.contact if m else "", placeholder="phone or email", id="contact", compact=True))

    def build(self) -> TeamMember:
        if not self.text("name"):
            raise ValueError("give the member's name")
        return TeamMember(
            id=self.member.id if self.member else None,
            name=self.text("name"),
            role=self.picked("role", "choose the member's role"),
            organisation=self.text("organisation"),
            core=self.query_one("#core", Choice).value is not False,
            contact=self.text("contact"),
        )


class RosterScreen(MdtScreen):
    BINDINGS = [
        binding("add", "add", description="Add a team member"),
        Binding("enter", "edit", "Edit", id="roster_edit", tooltip="Edit the highlighted member"),
        Binding("delete", "remove", "Remove", id="roster_remove", tooltip="Take the member off the roster"),
        Binding("o", "owner", "Owner", id="roster_owner", tooltip="Make the highlighted member the team's owner"),
        Binding("P", "app.team_policy", "Policy", id="roster_policy", tooltip="The team policy (owner edits)"),
        Binding("escape", "app.pop_screen", "Back", id="back", tooltip="Go back"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Label("Team roster", classes="panel-title")
        yield PlainTable(id="roster", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Name", "Role", "Organisation", "Membership", "Contact")
        self.load()

    def load(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        owner = self.app.store.team_owner()
        for m in self.app.store.team():
            membership = CORE[m.core] + (" · owner" if owner is not None and owner.id == m.id else "")
            table.add_row(m.name, m.role.label, m.organisation, membership, m.contact, key=str(m.id))
        table.focus()

    def _member(self) -> TeamMember | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return self.app.store.team_member(row_id(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """The table takes enter itself (to select the row): selecting a member edits them."""
        event.stop()
        self.action_edit()

    def action_add(self) -> None:
        self.app.push_screen(
            MemberDialog("Add a team member"),
            lambda m: m
            and save_later(
                self,
                lambda: self.app.store.add_team_member(self.app.user, m),
                f"{m.name} added",
                then=lambda _: self.load(),
            ),
        )

    def action_edit(self) -> None:
        member = self._member()
        if member is not None:
            self.app.push_screen(
                MemberDialog(f"Edit {member.name}", member),
                lambda m: m
                and save_later(
                    self,
                    lambda: self.app.store.update_team_member(self.app.user, m),
                    f"{m.name} saved",
                    then=lambda _: self.load(),
                ),
            )

    def action_owner(self) -> None:
        """Hand the team (and the team policy) to the highlighted member: the owner's step, audited."""
        member = self._member()
        if member is not None and member.id is not None:
            member_id = member.id
            save_later(
                self,
                lambda: self.app.store.set_team_owner(self.app.user, member_id),
                f"{member.name} is the team's owner",
                then=lambda _: self.load(),
            )

    def action_remove(self) -> None:
        member = self._member()
        if member is not None:
            save_later(
                self,
                lambda: self.app.store.remove_team_member(self.app.user, saved_id(member.id)),
                f"{member.name} taken off the roster",
                then=lambda _: self.load(),
            )
