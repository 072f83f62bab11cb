"""Open actions with owners and due dates — overdue, everyone's by owner, or one person's — closed by keys."""

from __future__ import annotations

from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label

from mdt_tui.finder import fold
from mdt_tui.models import ActionItem
from mdt_tui.privacy import NameMask, show_name
from mdt_tui.screens.cohort.table import CohortTable, ListTable
from mdt_tui.screens.consent.dialogs import ReasonDialog
from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.keys import binding
from mdt_tui.screens.kit.list_filter import FILTER_BINDINGS, FilteredList
from mdt_tui.screens.kit.masked_text import names_of
from mdt_tui.screens.kit.saving import save_later
from mdt_tui.screens.kit.undo import UNDO_BINDING, OffersUndo

# (key, header, width, sort): fixed widths, so nothing is measured; only the rows on screen are drawn.
_COLUMN = {
    "Owner": ("owner", "Owner", 20, None),
    "Due": ("due", "Due", 13, None),
    "Person": ("person", "Person", 22, None),
    "Action": ("action", "Action", 48, None),
}


class ActionsScreen(OffersUndo, FilteredList, MdtScreen):
    BINDINGS = [
        *FILTER_BINDINGS,
        UNDO_BINDING,
        binding("done", "done"),
        Binding(
            "delete",
            "cancel_action",
            "Cancel…",
            id="action_cancel",
            tooltip="Cancel the highlighted action, with a reason",
        ),
        binding("sort", "group", name="By owner", description="Group by owner, or order by due date"),
    ]

    def __init__(
        self,
        title: str,
        *,
        due_before: date | None = None,
        person_id: int | None = None,
        by_owner: bool = False,
        owner_id: int | None = None,
    ) -> None:
        super().__init__()
        self.list_title = title
        self.due_before = due_before
        self.person_id = person_id
        self.owner_id = owner_id  # one team member's actions (my actions)
        self.by_owner = by_owner
        self.items: list[ActionItem] = []
        self.search: list[str] = []
        self._masks: dict[int, NameMask] = {}

    def compose_body(self) -> ComposeResult:
        yield Label(self.list_title, id="actions-title", classes="panel-title")
        yield Input(placeholder="filter: owner, person, action, due…", id="filter")
        yield ListTable(self.columns(), self.cells, id="actions")

    def on_mount(self) -> None:
        self.hide_filter()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        self.deliver_read(
            self._loaded,
            lambda: self.app.store.actions(
                person_id=self.person_id, due_before=self.due_before, by_owner=self.by_owner, owner_id=self.owner_id
            ),
        )

    def _loaded(self, items: list[ActionItem]) -> None:
        self.items = items
        self._masks = {}  # households may have changed since the last load
        # What the filter searches, folded once per load (not once per keystroke); names as stored, so the
        # filter finds a person whatever the privacy mode shows.
        self.search = [
            fold(f"{i.family_name} {i.given_name} {i.owner} {i.description} {self.due_text(i)}") for i in items
        ]
        self.show_rows()
        self.table.focus()

    @property
    def table(self) -> ListTable:
        return self.query_one("#actions", ListTable)

    def rows_table(self) -> ListTable:
        return self.table

    def columns(self) -> list[tuple]:
        order = ("Owner", "Due", "Person", "Action") if self.by_owner else ("Due", "Person", "Action", "Owner")
        return [_COLUMN[c] for c in order]

    def due_text(self, item: ActionItem) -> str:
        due = item.due_date.strftime("%d %b %Y") if item.due_date else "no date"
        return f"! {due}" if item.due_date and item.due_date < self.app.today else due

    def cells(self, item: ActionItem) -> list[str]:
        """One row's cells, drawn only while the row is on screen."""
        values = {
            "owner": item.owner,
            "due": self.due_text(item),
            "action": self._mask(item.person_id)(item.description) if self.app.privacy else item.description,
            "person": show_name(item.family_name, item.given_name, private=self.app.privacy),
        }
        return [values[key] for key, *_ in self.table.columns]

    def _mask(self, person_id: int) -> NameMask:
        """The person's and household's names as initials (privacy on), read once per person shown."""
        if person_id not in self._masks:
            self._masks[person_id] = NameMask(names_of(self.app.store, person_id))
        return self._masks[person_id]

    def show_privacy(self, private: bool) -> None:
        self.table.refresh()

    def show_rows(self) -> None:
        needle = self.needle()
        pairs = zip(self.items, self.search, strict=True)
        shown = [item for item, text in pairs if needle in text] if needle else self.items
        table = self.table
        table.set_columns(self.columns())
        table.show(shown)
        grouping = "grouped by owner" if self.by_owner else "soonest due first"
        count = (
            f"showing {len(shown)} of {len(self.items)}" if len(shown) < len(self.items) else f"{len(self.items)} open"
        )
        self.query_one("#actions-title", Label).update(f"{self.list_title} — {count}, {grouping}")

    def _highlighted(self) -> ActionItem | None:
        item = self.table.current
        if item is None:
            self.notify("No action is highlighted.", severity="warning")
        return item

    def action_done(self) -> None:
        item = self._highlighted()
        if item:
            store, user = self.app.store, self.app.user
            save_later(
                self,
                lambda: store.complete_action(user, item.id),
                "Action done",
                then=lambda _: (
                    self.load(),
                    self.offer_undo(
                        "Action done", lambda: store.reopen_action(user, item.id), then=lambda _: self.load()
                    ),
                ),
            )

    def action_cancel_action(self) -> None:
        item = self._highlighted()
        if item:
            self.app.push_screen(
                ReasonDialog("Cancel the action", with_note=False), lambda r: r and self._cancel(item, r)
            )

    def _cancel(self, item: ActionItem, reasoned) -> None:
        store, user = self.app.store, self.app.user
        save_later(
            self,
            lambda: store.cancel_action(user, item.id, reason=reasoned.reason),
            "Action cancelled",
            then=lambda _: (
                self.load(),
                self.offer_undo(
                    "Action cancelled", lambda: store.reopen_action(user, item.id), then=lambda _: self.load()
                ),
            ),
        )

    def action_group(self) -> None:
        self.by_owner = not self.by_owner
        self.load()

    def on_cohort_table_selected(self, event: CohortTable.Selected) -> None:
        from mdt_tui.screens.people.person import PersonScreen

        item = self.table.current
        if item is not None:
            self.app.push_screen(PersonScreen(item.person_id))
