"""Changes since the last review: two plan versions side by side; and exporting the printable plan."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label

from mdt_tui.export_folder import write_new_export
from mdt_tui.models import saved_id
from mdt_tui.plan.diff import diff_versions
from mdt_tui.plan.document import build_plan_document, render_plan
from mdt_tui.plan.records import PlanSnapshot
from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.masked_text import name_mask
from mdt_tui.screens.kit.plain_text import PlainTable
from mdt_tui.screens.plan.tables import fit_table


class PlanChangesScreen(MdtScreen):
    """Version n−1 beside version n (``[`` ``]`` step back and forward; the last step compares with the draft)."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back", tooltip="Back to the plan"),
        Binding(
            "left_square_bracket",
            "step(-1)",
            "Older",
            id="changes_older",
            tooltip="Compare older versions",
            key_display="[",
        ),
        Binding(
            "right_square_bracket",
            "step(1)",
            "Newer",
            id="changes_newer",
            tooltip="Compare newer versions",
            key_display="]",
        ),
        Binding("f", "toggle_all", "All/changed", id="changes_all", tooltip="Show every field, or only changes"),
    ]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self.changed_only = True
        self.snapshots: list[tuple[str, PlanSnapshot]] = []  # filled on mount
        self.index = 0

    def compose_body(self) -> ComposeResult:
        yield Label("", id="changes-title", classes="panel-title")
        yield PlainTable(id="changes", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        store = self.app.store
        self.snapshots = [
            (f"version {v.number} ({v.completed_on:%d %b %Y})", v) for v in store.plan_versions(self.person_id)
        ]
        self.snapshots.append(("now (draft)", store.plan_snapshot(self.person_id)))
        self.index = max(0, len(self.snapshots) - 2)
        self.draw()

    def draw(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        if len(self.snapshots) < 2:
            self.query_one("#changes-title", Label).update("No agreed version yet: nothing to compare.")
            return
        (a_name, a), (b_name, b) = self.snapshots[self.index], self.snapshots[self.index + 1]
        members = {saved_id(m.id): m.name for m in self.app.store.team(include_inactive=True)}
        rows = diff_versions(a, b, members, changed_only=self.changed_only)
        mask = name_mask(self.app.store, [self.person_id], private=self.app.privacy)  # names in the plan's text
        self.query_one("#changes-title", Label).update(
            f"Changes: {a_name} → {b_name}  ({len(rows)} {'changed' if self.changed_only else 'fields'};"
            " ✎ marks a change)"
        )
        fit_table(  # long values (a plan's text, an action, a SNOMED term) wrap, never cut at the edge
            table,
            [
                (str(i), (("✎ " if c.changed else "  ") + c.label, mask(_lines(c.before)), mask(_lines(c.after))))
                for i, c in enumerate(rows)
            ],
        )
        table.focus()

    def show_privacy(self, private: bool) -> None:
        if self.snapshots:
            self.draw()

    def on_resize(self) -> None:
        self.call_after_refresh(self.draw)  # the columns lay out to the new width

    def action_step(self, by: int) -> None:
        self.index = min(max(0, self.index + by), max(0, len(self.snapshots) - 2))
        self.draw()

    def action_toggle_all(self) -> None:
        self.changed_only = not self.changed_only
        self.draw()


def _lines(value: str) -> str:
    """A value of several lines (the problem list) in one cell: its lines run on, separated by "; "."""
    return "; ".join(line for line in (value or "").splitlines() if line.strip()) or "—"


def export_plan(screen: MdtScreen, person_id: int) -> None:
    """Write the printable plan as HTML to the exports folder beside the database, readable by its owner
    only, never over an earlier one (a second is …-2.html)."""
    store = screen.app.store
    person = store.person(person_id)
    text = render_plan(build_plan_document(store, person_id), "html")
    path = write_new_export(store.path, f"care-plan-{person.nhs_number}", ".html", text)
    # The file is named by NHS number: in privacy mode (a shared screen) the notice names only the folder.
    where = f"the exports folder {path.parent} (name hidden: privacy mode)" if screen.app.privacy else path
    screen.notify(f"Care and Support Plan written to {where}", timeout=6, markup=False)
