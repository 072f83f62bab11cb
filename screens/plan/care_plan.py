"""The plan step for one person: prioritised problems, the Care and Support Plan, actions, completing the review."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, Static

from mdt_tui.errors import StaleEdit
from mdt_tui.models import saved_id
from mdt_tui.plan.records import FIELD_LABELS, Problem, ProblemDraft, ReviewIncomplete, describe
from mdt_tui.privacy import show_name
from mdt_tui.screens.consent.dialogs import ReasonDialog
from mdt_tui.screens.households.keys import open_other_member
from mdt_tui.screens.kit.base import MdtScreen, row_id
from mdt_tui.screens.kit.keys import binding, key_of
from mdt_tui.screens.kit.masked_text import name_mask
from mdt_tui.screens.kit.plain_text import PlainTable, plain
from mdt_tui.screens.kit.saving import save_later
from mdt_tui.screens.kit.step_bar import StepBar
from mdt_tui.screens.kit.step_due import StepDueScreen
from mdt_tui.screens.meeting.dialogs import ActionDialog, ReviewDialog
from mdt_tui.screens.plan.dialogs import LeadDialog, PlanFieldsDialog, ProblemDialog, ShareDialog
from mdt_tui.screens.plan.tables import PLAN_ROW_LABELS, fit_table

# The keys the key bar does not show (it shows + problem, D dismiss, the action, lead, review date, complete):
# two lines at 80 columns. Registry keys by key_of, so the hint follows them.
HINT = (
    f"enter accept/edit · shift+↑↓ order · shift+home top · del resolve/cancel · {key_of('done')} done · "
    f"y consent to share · {key_of('edit')} plan · N no actions · v changes · {key_of('export')} export"
)
# Which plan-table row opens which dialog (the rows are the plan's fields).
DIALOG_OF = {
    "lead_member_id": "lead",
    "care_coordinator_id": "lead",
    "consent_to_share": "share",
    "share_with": "share",
    "next_review": "review",
    "next_review_reason": "review",
    "no_actions_reason": "no_actions",
}


def open_plan(app: App, person_id: int | None) -> None:
    """The plan for one person; without one, the people whose MDT review is due, to choose from."""
    app.push_screen(PlanScreen(person_id) if person_id is not None else PlanDueScreen())


class PlanDueScreen(StepDueScreen):
    """The people the plan step (the MDT review) is due for, from the step registry; enter opens their plan."""

    step = "plan"

    def open_for(self, person_id: int) -> None:
        self.app.push_screen(PlanScreen(person_id))


class PlanScreen(MdtScreen):
    # Narrow (80×24): the plan (right) wider than the problems. The problems and the plan take the height
    # the suggestions and actions leave; each table scrolls in its own part.
    DEFAULT_CSS = """
    PlanScreen #plan-body > .panel { width: 1fr; }
    PlanScreen.-narrow #plan-body > .panel { width: 2fr; }
    PlanScreen.-narrow #plan-body > .panel.-wide { width: 3fr; }
    PlanScreen #plan-body DataTable { height: 1fr; min-height: 3; }
    PlanScreen #plan-body #plan-actions, PlanScreen #plan-body #suggestions { height: auto; max-height: 10; }
    PlanScreen.-narrow #plan-body #plan-actions, PlanScreen.-narrow #plan-body #suggestions { max-height: 40%; }
    PlanScreen .panel > Label { width: 1fr; }
    """

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back", tooltip="Go back (everything is already saved)"),
        binding("add", "add_problem", name="Problem", description="Add a problem by hand"),
        Binding(
            "D", "dismiss_suggestion", "Dismiss", id="plan_dismiss", tooltip="Dismiss the suggested problem (reason)"
        ),
        Binding(
            "shift+up", "move('up')", "Up", id="plan_up", tooltip="Move the problem up the priority order", show=False
        ),
        Binding("shift+down", "move('down')", "Down", id="plan_down", tooltip="Move the problem down", show=False),
        Binding("shift+home", "move('top')", "Top", id="plan_top", tooltip="Move the problem to the top", show=False),
        Binding(
            "delete",
            "remove",
            "Resolve/cancel",
            id="plan_remove",
            show=False,
            tooltip="Resolve the problem, or cancel the action (reason)",
        ),
        binding("add_action", "add_action", name="Action", description="Add an action: owner, due date"),
        binding("done", "action_done", description="Mark the action done", show=False),
        Binding("L", "edit('lead')", "Lead", id="plan_lead", tooltip="Named lead and care coordinator"),
        Binding("y", "edit('share')", "Share", id="plan_share", tooltip="Consent to share the plan", show=False),
        binding("edit", "edit('fields')", name="Plan", description="Edit the care and support plan", show=False),
        binding("review_date", "edit('review')", description="Next review date (suggested)"),
        Binding(
            "N",
            "edit('no_actions')",
            "No actions",
            id="plan_no_actions",
            show=False,
            tooltip="Record that no actions are needed, and why",
        ),
        Binding("C", "complete", "Complete", id="plan_complete", tooltip="Complete the MDT review (coded)"),
        Binding(
            "ctrl+o",
            "other_member",
            "Other member",
            id="household_other",
            show=False,
            tooltip="The other household member's plan (a shared problem is on both)",
        ),
        Binding("v", "changes", "Changes", id="plan_changes", tooltip="Changes since the last review", show=False),
        binding(
            "reload",
            "reload",
            description="Someone else changed the plan: show theirs and reopen your refused change to save again",
            show=False,
        ),
        binding("export", "export", show=False),
    ]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id

    def compose_body(self) -> ComposeResult:
        yield StepBar(id="step-bar")
        yield Static(id="plan-person")
        yield Static(HINT, classes="hint")
        with Horizontal(id="plan-body"):
            with Vertical(classes="panel"):
                yield Label("Problems (priority order)", classes="panel-title")
                yield PlainTable(id="problems", cursor_type="row")
                yield Label("Suggested by the CGA — enter accepts, D dismisses", classes="panel-title")
                yield PlainTable(id="suggestions", cursor_type="row")
            with Vertical(classes="panel -wide"):
                yield PlainTable(id="plan", cursor_type="row")
                yield Label("Actions", classes="panel-title")
                yield PlainTable(id="plan-actions", cursor_type="row")
        yield Static(id="missing", classes="error")
        yield Static(id="stale", classes="error")

    def on_mount(self) -> None:
        self.query_one("#problems", DataTable).add_columns("#", "Problem", "Domain", "Source")
        self.query_one("#suggestions", DataTable).add_columns("Suggestion", "Source")
        self.query_one("#plan", DataTable).add_columns("Plan", "Now")
        self.query_one("#plan-actions", DataTable).add_columns("Due", "Action", "Owner", "Status")
        self.refresh_all()
        self.query_one("#suggestions" if self.query_one("#suggestions", DataTable).row_count else "#problems").focus()

    def came_back(self) -> None:
        self.refresh_all()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "-narrow")
        self.call_after_refresh(self.refresh_all)  # the tables lay out to their new width

    def action_other_member(self) -> None:
        open_other_member(self, self.person_id, "plan")

    def show_privacy(self, private: bool) -> None:
        person = self.app.store.person(self.person_id)
        name = show_name(person.family_name, person.given_name, private=private)
        household = self.app.store.household_view(self.person_id).line(private=private)
        parts = [name, *([] if private else [person.nhs_display]), *([household] if household else [])]
        self.query_one("#plan-person", Static).update(Text(" · ".join(parts)))  # no stray "·" when private
        if getattr(self, "_drawn_private", private) != private:  # the tables' free text holds names too
            self.refresh_all()

    # -- drawing ----------------------------------------------------------------------------
    def refresh_all(self) -> None:
        store = self.app.store
        self._drawn_private = self.app.privacy
        mask = name_mask(store, [self.person_id], private=self.app.privacy)  # names in typed text as initials
        # Versions first, then the records (issue 19): a save slipping in between makes the next save here
        # refused (safe), never accepted over a change this screen has not shown.
        self.plan_version = store.edit_version("plan", self.person_id)
        self.problems_version = store.edit_version("problems", self.person_id)
        self.query_one(StepBar).show(store.person(self.person_id).stage)
        self.show_privacy(self.app.privacy)
        self.problems = store.problems(self.person_id)
        self.suggestions = store.suggested_problems(self.person_id)
        self.plan = store.current_plan(self.person_id)
        self.items = store.actions(person_id=self.person_id, open_only=False)
        shared = store.shared_problem_ids(self.person_id)  # on each household member's list
        _fill(
            self.query_one("#problems", DataTable),
            [
                (
                    str(p.id),
                    (
                        str(i) if p.status == "active" else "✔",
                        mask(p.title),
                        p.domain,
                        "shared by the household" if p.id in shared else p.source or "by hand",
                    ),
                )
                for i, p in enumerate(self.problems, 1)
            ],
        )
        _fill(
            self.query_one("#suggestions", DataTable),
            [(s.rule, (("! " if s.urgent else "") + s.title, s.source)) for s in self.suggestions],
        )
        members = {saved_id(m.id): m.name for m in store.team(include_inactive=True)}
        _fill(
            self.query_one("#plan", DataTable),
            [
                (name, (PLAN_ROW_LABELS.get(name, label), mask(describe(self.plan, name, members)) or "—"))
                for name, label in FIELD_LABELS.items()
            ],
        )
        today = self.app.today
        _fill(
            self.query_one("#plan-actions", DataTable),
            [
                (
                    str(a.id),
                    (
                        ("! " if a.status == "open" and a.due_date and a.due_date < today else "")
                        + (f"{a.due_date:%d %b}" if a.due_date else "no date"),
                        mask(a.description),
                        a.owner,
                        a.status,
                    ),
                )
                for a in self.items
            ],
        )

    def _save(
        self,
        write: Callable[[], object],
        done: str = "",
        then: Callable[[], None] | None = None,
        redo: Callable[[], None] | None = None,
    ) -> None:
        """Queue the write (off the UI thread); once stored, redraw everything and then ``then()``. Refused
        because someone else changed the record first (``StaleEdit``): their sentence stays on one line and
        R reloads, then ``redo()`` reopens what was typed, so nothing typed is lost."""

        def stored(_: object) -> None:
            self.query_one("#stale", Static).update("")
            self.refresh_all()
            if then is not None:
                then()

        def stale(exc: Exception) -> bool:
            if not isinstance(exc, StaleEdit):
                return False
            self.redo = redo
            kept = "R reloads and reopens your change to save again" if redo else "R reloads"
            self.query_one("#stale", Static).update(plain(f"✘ {exc}  {kept}"))
            return True

        save_later(self, write, done, then=stored, refused=stale)

    def action_reload(self) -> None:
        """Show the record as it is now; reopen the refused change (only what was typed) over it."""
        self.query_one("#stale", Static).update("")
        self.refresh_all()
        redo, self.redo = getattr(self, "redo", None), None
        if redo is not None:
            redo()

    def _row_key(self, table_id: str) -> str | None:
        table = self.query_one(f"#{table_id}", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    # -- problems ---------------------------------------------------------------------------
    def _goals(self) -> list[str]:
        cga = self.app.store.latest_completed_cga(self.person_id)
        return [g.text for g in cga.goals] if cga else []

    def action_add_problem(self, typed: ProblemDraft | None = None) -> None:
        based_on = self.problems_version

        def added(draft) -> None:  # noqa: ANN001
            if draft is not None:
                self._save(
                    lambda: self.app.store.add_problem(self.app.user, self.person_id, draft, based_on=based_on),
                    redo=lambda: self.action_add_problem(draft),
                )

        shown = None if typed is None else Problem(id=0, person_id=self.person_id, position=0, **typed.model_dump())
        self.app.push_screen(ProblemDialog("Add a problem", self._goals(), shown), added)

    def _edit_problem(self, problem_id: int, typed: dict | None = None) -> None:
        """The problem's dialog; after a refused save, the problem as it is now with what was typed over it."""
        store, user, based_on = self.app.store, self.app.user, self.problems_version
        opened = store.problem(problem_id).model_copy(update=typed or {})
        before = opened.model_dump(mode="json")

        def edited(draft) -> None:  # noqa: ANN001
            if draft:
                typed = {k: v for k, v in draft.model_dump().items() if draft.model_dump(mode="json")[k] != before[k]}
                self._save(
                    lambda: store.update_problem(user, problem_id, draft, based_on=based_on),
                    redo=lambda: self._edit_problem(problem_id, typed),
                )

        self.app.push_screen(ProblemDialog("Edit the problem", self._goals(), opened), edited)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key, store, user = event.row_key.value, self.app.store, self.app.user
        if key is None:  # every row here is keyed
            return
        if event.data_table.id == "suggestions":
            based_on = self.problems_version
            self._save(
                lambda: store.accept_suggested_problem(user, self.person_id, key, based_on=based_on),
                "problem accepted",
            )
        elif event.data_table.id == "problems":
            self._edit_problem(int(key))
        elif event.data_table.id == "plan":
            self.action_edit(DIALOG_OF.get(key, "fields"))

    def action_dismiss_suggestion(self) -> None:
        key = self._row_key("suggestions")
        if key is None:
            return
        based_on = self.problems_version
        self.app.push_screen(
            ReasonDialog("Dismiss the suggested problem", with_note=False),
            lambda r: r
            and self._save(
                lambda: self.app.store.dismiss_suggested_problem(
                    self.app.user, self.person_id, key, reason=r.reason, based_on=based_on
                )
            ),
        )

    def action_move(self, to: Literal["up", "down", "top"]) -> None:
        key = self._row_key("problems")
        if key is None or self.focused is not self.query_one("#problems"):
            return

        def follow() -> None:
            table = self.query_one("#problems", DataTable)
            table.move_cursor(row=table.get_row_index(key))

        based_on = self.problems_version
        self._save(
            lambda: self.app.store.move_problem(self.app.user, int(key), to, based_on=based_on),
            "problem moved",
            then=follow,
        )

    def action_remove(self) -> None:
        if self.focused is self.query_one("#plan-actions"):
            key = self._row_key("plan-actions")
            if key is not None:
                self.app.push_screen(
                    ReasonDialog("Cancel the action", with_note=False),
                    lambda r: r
                    and self._save(lambda: self.app.store.cancel_action(self.app.user, row_id(key), reason=r.reason)),
                )
        elif (key := self._row_key("problems")) is not None and self.focused is self.query_one("#problems"):
            based_on = self.problems_version
            self._save(
                lambda: self.app.store.resolve_problem(self.app.user, int(key), based_on=based_on), "problem resolved"
            )

    # -- actions ----------------------------------------------------------------------------
    def action_add_action(self) -> None:
        problem = self._row_key("problems") if self.focused is self.query_one("#problems") else None

        def added(new) -> None:  # noqa: ANN001
            if new is not None:
                self._save(
                    lambda: self.app.store.add_action(
                        self.app.user,
                        self.person_id,
                        description=new.description,
                        owner_id=new.owner_id,
                        due=new.due,
                        problem_id=int(problem) if problem else None,
                    )
                )

        self.app.push_screen(ActionDialog("Add an action", self.app.store.team(), self.app.today), added)

    def action_action_done(self) -> None:
        key = self._row_key("plan-actions")
        if key is not None and self.focused is self.query_one("#plan-actions"):
            self._save(lambda: self.app.store.complete_action(self.app.user, int(key)), "action done")

    # -- the plan ---------------------------------------------------------------------------
    def action_edit(self, what: str, typed: dict | None = None) -> None:
        """The dialog for one part of the plan; ``typed``: a refused change, shown again over the plan as it is now."""
        store, user, pid, based_on = self.app.store, self.app.user, self.person_id, self.plan_version
        plan = self.plan.model_copy(update=typed) if typed else self.plan

        def saved(fields) -> None:  # noqa: ANN001
            if fields:
                changed = {k: v for k, v in fields.items() if getattr(plan, k, None) != v}
                self._save(
                    lambda: store.save_plan(user, pid, based_on=based_on, **fields),
                    redo=lambda: self.action_edit(what, changed),
                )

        if what == "lead":
            self.app.push_screen(LeadDialog(store.team(), plan), saved)
        elif what == "share":
            self.app.push_screen(ShareDialog(plan), saved)
        elif what == "fields":
            self.app.push_screen(PlanFieldsDialog(plan, self.app.today), saved)
        elif what == "review":
            # With no CFS nothing is suggested: the dialog says "CFS missing — record it or choose the interval".
            suggested = store.suggested_review(pid, self.app.policy, self.app.today)
            # The date the plan holds (or the refused change typed over it, issue 14) is filled in, not the suggestion.
            current = (plan.next_review, plan.next_review_reason) if plan.next_review else None
            self.app.push_screen(
                ReviewDialog("Next review", self.app.today, suggested, current=current),
                lambda r: r and saved({"next_review": r.day, "next_review_reason": r.reason}),
            )
        elif what == "no_actions":
            self.app.push_screen(
                ReasonDialog("No actions needed — why?", with_note=False),
                lambda r: r and saved({"no_actions_reason": r.reason}),
            )

    def action_complete(self) -> None:
        store, user, pid, today = self.app.store, self.app.user, self.person_id, self.app.today
        missing = self.query_one("#missing", Static)

        def refused(exc: Exception) -> bool:  # shown in the panel, not as a passing notice
            if isinstance(exc, StaleEdit):
                missing.update(plain(f"✘ {exc}  R reloads, then C agrees the plan as it now is"))
                return True
            if isinstance(exc, ReviewIncomplete):
                missing.update(
                    Text("Cannot complete yet — missing:\n" + "\n".join(f"✘ {m.message}" for m in exc.missing))
                )
                self._go_to(exc.missing[0].field)
            else:
                missing.update(plain(f"✘ {exc}"))
            return True

        def completed(number: int) -> None:
            missing.update(Text(f"✔ Review completed: plan version {number} agreed, coded 1026051000000106."))
            self.refresh_all()

        based_on = (self.plan_version, self.problems_version)  # what this screen shows is what is agreed
        save_later(
            self,
            lambda: store.complete_mdt_review(user, pid, on=today, based_on=based_on),
            "Review completed",
            then=completed,
            refused=refused,
        )

    def _go_to(self, field: str) -> None:
        if field == "problems":
            self.query_one("#suggestions" if self.suggestions else "#problems").focus()
        elif field == "actions":
            self.query_one("#plan-actions").focus()
        else:
            table = self.query_one("#plan", DataTable)
            table.focus()
            table.move_cursor(row=table.get_row_index(field))

    def action_changes(self) -> None:
        from mdt_tui.screens.plan.changes import PlanChangesScreen

        self.app.push_screen(PlanChangesScreen(self.person_id))

    def action_export(self) -> None:
        from mdt_tui.screens.plan.changes import export_plan

        export_plan(self, self.person_id)


def _fill(table: DataTable, rows: list[tuple[str, tuple[str, ...]]]) -> None:
    """Refill a table laid out to its width: long values wrap onto more lines, never cut (plan_tables.py)."""
    fit_table(table, rows)
