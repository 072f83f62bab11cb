"""Household and carers of one person: link a household, add members and carers, record strain and support.

Reached with H from the person screen. Suggested households (same postcode and family name) are listed for
the user to link with k; nothing is linked automatically."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label, Static

from mdt_tui.errors import NotFound
from mdt_tui.households.records import Carer, CarerDetails, carer_words, member_words, shown_name, strain_text
from mdt_tui.models import saved_id
from mdt_tui.nhs_number import normalise_nhs_number
from mdt_tui.privacy import show_name
from mdt_tui.screens.households.dialogs import (
    CarerDialog,
    CaresFor,
    CaresForDialog,
    DateDialog,
    LinkDialog,
    Linking,
    MemberDialog,
    StrainDialog,
    TextDialog,
)
from mdt_tui.screens.households.keys import OTHER_MEMBER_BINDING, open_other_member
from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.confirm import ConfirmDialog
from mdt_tui.screens.kit.keys import binding
from mdt_tui.screens.kit.plain_text import PlainTable
from mdt_tui.screens.kit.saving import save_later
from mdt_tui.screens.meeting.dialogs import ActionDialog
from mdt_tui.screens.plan.dialogs import ProblemDialog


class HouseholdScreen(MdtScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back", tooltip="Go back"),
        Binding(
            "K",
            "link",
            "Link…",
            id="household_link",
            tooltip="Link this person into a household with someone in the cohort (a suggestion or NHS number)",
        ),
        Binding(
            "E",
            "add_member",
            "Someone else…",
            id="household_member",
            tooltip="Add a household member who is not in the cohort (e.g. a daughter)",
        ),
        Binding("c", "add_carer", "Carer…", id="household_carer", tooltip="Record who cares for this person"),
        Binding(
            "F",
            "cares_for",
            "Cares for…",
            id="household_cares_for",
            tooltip="Whom this person cares for: someone in the cohort or anyone else (codes 'is a carer')",
        ),
        Binding(
            "s",
            "strain",
            "Strain…",
            id="carer_strain",
            tooltip="The highlighted carer's strain as they reported it: none, some or high, their words, dated",
        ),
        Binding(
            "A",
            "offered",
            "Assessment…",
            id="carer_assessment",
            tooltip="The highlighted carer was offered a carer's assessment: the date",
        ),
        Binding("U", "support", "Support…", id="carer_support", tooltip="Support in place for the highlighted carer"),
        binding(
            "add",
            "shared_problem",
            name="Shared problem…",
            description="A problem the household shares: it goes on each member's problem list",
        ),
        binding(
            "add_action",
            "carer_action",
            name="Carer action…",
            description="An action for the highlighted carer (their assessment, respite): owner and due date",
        ),
        Binding(
            "delete",
            "remove",
            "Remove",
            id="household_remove",
            tooltip="Take the highlighted member out of the household",
        ),
        Binding("enter", "open", "Open", id="household_open", tooltip="Open the highlighted person"),
        OTHER_MEMBER_BINDING,
    ]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self.carers: dict[int, Carer] = {}

    def compose_body(self) -> ComposeResult:
        yield Static(id="household-title")
        yield Label("Household, carers and whom they care for", classes="panel-title")
        yield PlainTable(id="household-table", cursor_type="row", zebra_stripes=True)
        yield Static(
            "K link · E someone else · c carer · F cares for · s strain · A assessment offered · U support · "
            "+ shared problem · x carer action · delete remove · enter open · ctrl+o other member",
            classes="hint",
        )

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("", "Who", "Details")
        self.show_privacy(self.app.privacy)
        self.query_one(DataTable).focus()

    def came_back(self) -> None:
        self.show_privacy(self.app.privacy)

    def show_privacy(self, private: bool) -> None:
        store = self.app.store
        patient = store.patient(self.person_id)
        self.query_one("#household-title", Static).update(
            f"{show_name(patient.family_name, patient.given_name, private=private)} · household and carers"
        )
        table = self.query_one(DataTable)
        kept = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value if table.row_count else None
        table.clear()
        household = store.household(self.person_id)
        if household is not None:
            for m in household.others(self.person_id):
                table.add_row(
                    "household",
                    member_words(m, private=private),
                    "" if private or not m.contact else m.contact,
                    key=f"member:{m.id}:{m.person_id or ''}",
                )
        self.carers = {c.id: c for c in store.carers_of(self.person_id)}
        for c in self.carers.values():
            support = f" · support: {c.support}" if c.support else ""
            table.add_row(
                "carer",
                carer_words(c, private=private, with_strain=False),
                strain_text(c)
                + (
                    f" · assessment offered {c.assessment_offered_on:%d %b %Y}"
                    if c.assessment_offered_on
                    else " · assessment not offered"
                )
                + support,
                key=f"carer:{c.id}:{c.carer_person_id or ''}",
            )
        for c in store.cared_for_by(self.person_id):
            table.add_row(
                "cares for",
                shown_name(c.cared_for_name, private=private),
                f"as their {c.relationship}" if c.relationship else "",
                key=f"caresfor:{c.id}:{c.cared_for_id or ''}",
            )
        for pid, name in self._suggestions(private):
            table.add_row("suggested", name, "same postcode and family name — K to link", key=f"suggest:0:{pid}")
        if not table.row_count:
            table.add_row("", "none recorded", "K link a household · c record a carer", key="none:0:")
        keys = [str(k.value) for k in table.rows]
        if kept in keys:  # the same row stays highlighted after a save
            table.move_cursor(row=keys.index(kept))

    def _suggestions(self, private: bool) -> list[tuple[int, str]]:
        store = self.app.store
        out = []
        for pid in store.household_suggestions_for(self.person_id):
            p = store.patient(pid)
            out.append((pid, show_name(p.family_name, p.given_name, private=private)))
        return out

    def _highlighted(self) -> tuple[str, int, int | None]:
        table = self.query_one(DataTable)
        if not table.row_count:
            return "none", 0, None
        kind, row_id, person = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value).split(":")
        return kind, int(row_id), int(person) if person else None

    def _saved(self, _outcome: object = None) -> None:
        self.show_privacy(self.app.privacy)

    # -- actions ----------------------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # the table takes enter itself: it opens the row here
        self.action_open()

    def action_open(self) -> None:
        _, _, person = self._highlighted()
        if person is not None and person != self.person_id:
            self.app.open_person(person)

    def _find(self, text: str) -> int:
        try:
            return self.app.store.person_by_nhs_number(normalise_nhs_number(text)).id
        except (NotFound, ValueError):
            raise ValueError(f"'{text}' is not the NHS number of anyone in the cohort") from None

    def action_link(self) -> None:
        self.app.push_screen(
            LinkDialog("Link into a household", self._suggestions(self.app.privacy), self._find), self._link
        )

    def action_cares_for(self) -> None:
        store, user, person = self.app.store, self.app.user, self.person_id

        def record(cares: CaresFor | None) -> None:
            if cares is None:
                return
            details = CarerDetails(name="-", relationship=cares.relationship, carer_person_id=person)
            save_later(
                self,
                lambda: store.add_carer(user, details, cared_for_id=cares.person_id, cared_for_name=cares.name),
                "Recorded as a carer",
                then=self._saved,
            )

        self.app.push_screen(CaresForDialog("Whom does this person care for?", self._find), record)

    def _link(self, linking: Linking | None) -> None:
        if linking is None:
            return
        store, user, person = self.app.store, self.app.user, self.person_id
        save_later(
            self,
            lambda: store.link_people(
                user,
                person,
                linking.other_id,
                kind=linking.kind,
                relationship=linking.own_relationship,
                other_relationship=linking.relationship,
            ),
            "Household linked",
            then=self._saved,
        )

    def action_add_member(self) -> None:
        household = self.app.store.household(self.person_id)
        store, user, person = self.app.store, self.app.user, self.person_id

        def add(member) -> None:
            if member is None:
                return

            def write() -> None:
                target = saved_id(household.id) if household else store.link_household(user, "family", [(person, "")])
                store.add_household_member(user, target, member)

            save_later(self, write, "Household member added", then=self._saved)

        self.app.push_screen(MemberDialog("Someone in the household who is not in the cohort"), add)

    def action_add_carer(self) -> None:
        store, user, person = self.app.store, self.app.user, self.person_id
        household = store.household(person)
        in_cohort = [
            (m.person_id, m.name) for m in (household.others(person) if household else ()) if m.person_id is not None
        ]
        self.app.push_screen(
            CarerDialog("Who cares for this person?", in_cohort),
            lambda details: details
            and save_later(
                self, lambda: store.add_carer(user, details, cared_for_id=person), "Carer recorded", then=self._saved
            ),
        )

    def _carer(self) -> Carer | None:
        kind, row_id, _ = self._highlighted()
        if kind != "carer":
            self.notify("Highlight a carer first (c records one).", severity="warning", markup=False)
            return None
        return self.carers[row_id]

    def _carer_name(self, carer: Carer) -> str:
        return shown_name(carer.name, private=self.app.privacy)

    def action_strain(self) -> None:
        if (carer := self._carer()) is None:
            return
        store, user = self.app.store, self.app.user
        title = f"Strain reported by {self._carer_name(carer)}"
        self.app.push_screen(
            StrainDialog(title, self.app.today),
            lambda report: report
            and save_later(
                self,
                lambda: store.record_carer_strain(user, carer.id, report),
                "Carer strain recorded",
                then=self._saved,
            ),
        )

    def action_offered(self) -> None:
        if (carer := self._carer()) is None:
            return
        store, user = self.app.store, self.app.user

        def offered(on: date | None) -> None:
            if on is not None:
                save_later(
                    self,
                    lambda: store.record_carer_assessment_offered(user, carer.id, on),
                    "Carer's assessment offered",
                    then=self._saved,
                )

        title = f"Carer's assessment offered to {self._carer_name(carer)}"
        self.app.push_screen(DateDialog(title, self.app.today), offered)

    def action_support(self) -> None:
        if (carer := self._carer()) is None:
            return
        store, user = self.app.store, self.app.user
        self.app.push_screen(
            TextDialog(f"Support in place for {self._carer_name(carer)}", "Support", carer.support),
            lambda text: None
            if text is None
            else save_later(
                self, lambda: store.set_carer_support(user, carer.id, text), "Support recorded", then=self._saved
            ),
        )

    def action_shared_problem(self) -> None:
        household = self.app.store.household(self.person_id)
        if household is None:
            self.notify(
                "Link a household first (K): a shared problem goes on each member's list.",
                severity="warning",
                markup=False,
            )
            return
        store, user = self.app.store, self.app.user
        self.app.push_screen(
            ProblemDialog("A problem the household shares", []),
            lambda draft: draft
            and save_later(
                self,
                lambda: store.add_shared_problem(user, saved_id(household.id), draft),
                "Shared problem added to each member's list",
                then=self._saved,
            ),
        )

    def action_carer_action(self) -> None:
        if (carer := self._carer()) is None:
            return
        store, user = self.app.store, self.app.user
        self.app.push_screen(
            ActionDialog(f"Action for {self._carer_name(carer)}", store.team(), self.app.today),
            lambda new: new
            and save_later(
                self,
                lambda: store.add_carer_action(
                    user, carer.id, description=new.description, owner_id=new.owner_id, due=new.due
                ),
                "Action for the carer added",
                then=self._saved,
            ),
        )

    def action_other_member(self) -> None:
        open_other_member(self, self.person_id)

    def action_remove(self) -> None:
        kind, row_id, _ = self._highlighted()
        if kind != "member":
            self.notify("Highlight a household member to take out.", severity="warning", markup=False)
            return
        store, user = self.app.store, self.app.user
        table = self.query_one(DataTable)
        who = str(table.get_row_at(table.cursor_row)[1])
        self.app.push_screen(
            ConfirmDialog("Take out of the household?", Text(who)),
            lambda yes: yes
            and save_later(
                self,
                lambda: store.remove_household_member(user, row_id),
                "Taken out of the household",
                then=self._saved,
            ),
        )
