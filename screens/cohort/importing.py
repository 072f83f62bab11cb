"""Import a cohort search from the app: choose the exported file, see what it holds, import it with a progress bar.

The reading, refusing, importing and rejects file are the core's (``mdt_tui.cohort.importing``),
the same as ``mdt import-cohort``; this screen only chooses, shows and runs them in a thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DirectoryTree, Input, Label, ProgressBar, Static

from mdt_tui.cohort import CohortFile, CohortFileError, read_cohort_file
from mdt_tui.cohort.dates import entered_date, format_date
from mdt_tui.cohort.importing import (
    DEFAULT_SEARCH_NAME,
    NO_MEMBERS,
    ImportPreview,
    SearchMembers,
    file_report,
    import_file,
    movers,
    preview,
    refusal,
)
from mdt_tui.cohort.summary import CohortImportSummary, names_line
from mdt_tui.errors import MdtError
from mdt_tui.screens.kit.base import MdtScreen
from mdt_tui.screens.kit.confirm import ConfirmDialog
from mdt_tui.screens.kit.forms import Choice, row

EXPORT_SUFFIXES = {".csv", ".txt", ".tsv"}
SHOWN_PROBLEMS = 12
HOW_TO_SKIP = "pick 2 under 'Invalid rows'"


class ExportTree(DirectoryTree):
    """Folders and the files a GP system exports a search as; hidden ones left out."""

    BINDINGS = [
        Binding("backspace", "up", "Up a folder", id="import_folder_up", tooltip="Show the folder above this one")
    ]

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in EXPORT_SUFFIXES)]

    def action_up(self) -> None:
        self.path = Path(self.path).parent


def start_folder() -> Path:
    downloads = Path.home() / "Downloads"
    return downloads if downloads.is_dir() else Path.home()


class ImportScreen(MdtScreen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="back", tooltip="Go back (an import under way finishes first)"),
        Binding("ctrl+s", "import", "Import", id="import_cohort", tooltip="Import the checked file"),
        # While an import is written the user stays here to see its outcome (the app's h and ctrl+f wait).
        Binding("h", "leave('home')", "Home", show=False),
        Binding("ctrl+f", "leave('find')", "Find", show=False),
    ]

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder or start_folder()
        self.file: CohortFile | None = None
        self.preview: ImportPreview | None = None
        # Who the search's latest run found (NHS number -> name), and when it ran.
        self.members: SearchMembers = NO_MEMBERS
        self.importing = False

    def compose_body(self) -> ComposeResult:
        yield Label("Import a cohort search: the file EMIS Web or SystmOne exported", classes="panel-title")
        with Horizontal(id="import-body"):
            with Vertical(classes="panel", id="import-files"):
                yield ExportTree(self.folder, id="import-tree")
            with VerticalScroll(classes="panel", id="import-report-panel"):
                yield Static(
                    "Type the file's path (or a folder's) below, or press enter to choose it from the list "
                    "(enter on a file; backspace: the folder above).",
                    id="import-report",
                )
        with Vertical(classes="form", id="import-form"):
            yield row(
                "File", Input(placeholder="path to the exported file, then enter", id="import-path", compact=True)
            )
            yield row("Search", Input(DEFAULT_SEARCH_NAME, id="search-name", compact=True))
            yield row(
                "Run on",
                Input(format_date(self.app.today), placeholder="dd/mm/yyyy or today", id="run-date", compact=True),
            )
            yield row(
                "Invalid rows",
                Choice(
                    [(False, "import nothing"), (True, "skip them, to a rejects file")], value=False, id="skip-invalid"
                ),
            )
        yield ProgressBar(id="import-progress", show_eta=False)

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#import-path", Input).focus()  # typing a path first: letters go to the field (shift+tab: list)

    # -- choosing and checking a file ----------------------------------------------------------
    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.query_one("#import-path", Input).value = str(event.path)
        self.check(event.path)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "import-path":
            path = Path(event.value.strip()).expanduser()
            if not event.value.strip():  # nothing typed: choose from the list instead
                self.query_one(ExportTree).focus()
            elif path.is_dir():  # a folder: show it in the tree, to choose from
                self.query_one(ExportTree).path = path
                self.query_one(ExportTree).focus()
            else:
                self.check(path)
        else:
            self.action_import()

    def check(self, path: Path) -> None:
        if self.importing:
            return
        self.file = self.preview = None
        self.show(Text(f"Reading {path.name}…", style="italic"))
        self.read(path, self.search_name)

    @work(thread=True, exclusive=True, group="import-read")
    def read(self, path: Path, search_name: str) -> None:
        """The file, and everyone already held to compare it with: both can take seconds for a big search."""
        try:
            if not path.is_file():
                raise CohortFileError(f"There is no file at {path}.")
            store = self.app.store
            stages = store.stages_by_nhs_number()
            # Practice names become codes with the practice table; someone held keeps their code.
            file = read_cohort_file(path, today=self.app.today, practices=store.practices(), held=set(stages))
        except (CohortFileError, MdtError, OSError) as exc:  # MdtError: the database busy or unreadable
            self.deliver(self.show, Text(f"! {exc} Nothing can be imported from it.", style="bold"))
            return
        # Delivered as messages: dropped if the screen was left while the file was read.
        self.deliver(self.checked, file, preview(file, stages), search_name, store.search_members_named(search_name))

    def checked(self, file: CohortFile, merge: ImportPreview, search_name: str, members: SearchMembers) -> None:
        if search_name != self.search_name:  # retyped while the file was being read
            members = self.app.store.search_members_named(self.search_name)
        self.file, self.preview, self.members = file, merge, members
        # The file's own run date, when it has one, replaces today's (and can still be retyped).
        run_on = self.query_one("#run-date", Input)
        with run_on.prevent(Input.Changed):
            run_on.value = format_date(file.run_date or self.app.today)
        self.show(self.report())

    @property
    def search_name(self) -> str:
        return self.query_one("#search-name", Input).value.strip()

    def loaded(self) -> tuple[CohortFile, ImportPreview]:
        """The file read and what importing it would do; asked only while a file is chosen."""
        if self.file is None or self.preview is None:
            raise RuntimeError("no cohort file has been read yet")
        return self.file, self.preview

    def movers(self, run_date: date) -> tuple[list[str], list[str]]:
        """Who joins and who leaves the search (leavers are marked "no longer in search") if the file is imported."""
        return movers(self.loaded()[0], self.members.names, self.members.latest_run, run_date)

    def dropped(self, run_date: date) -> int:
        return len(self.movers(run_date)[1])

    def on_choice_changed(self, event: Choice.Changed) -> None:
        if self.file is not None:
            self.show(self.report())

    def on_input_changed(self, event: Input.Changed) -> None:
        """Another search name or run date changes who would no longer be in the search."""
        if self.file is None or self.importing or event.input.id not in ("search-name", "run-date"):
            return
        if event.input.id == "search-name":
            self.members = self.app.store.search_members_named(self.search_name)
        self.show(self.report())

    @property
    def skip_invalid(self) -> bool:
        return bool(self.query_one("#skip-invalid", Choice).value)

    def report(self) -> Text:
        """What importing will do first, then the problems, then how the file was read."""
        (file, preview), private = self.loaded(), self.app.privacy
        text = Text(f"{len(file.rows)} valid row(s): {preview.line()}.\n", style="bold")
        text.append(
            f"Run on {file.run_date:%d %b %Y}, as the file says.\n"
            if file.run_date
            else "! The file gives no run date: check 'Run on' (today unless you change it).\n"
        )
        try:
            run_date = entered_date(self.query_one("#run-date", Input).value, self.app.today)
        except ValueError:
            run_date = None
        joined, left = self.movers(run_date) if run_date else ([], [])
        latest = self.members.latest_run
        if run_date and latest and run_date < latest:
            text.append(
                f"This run is older than the search's latest ({latest:%d %b %Y}): it adds to each person's "
                "history; nobody joins or leaves the search.\n"
            )
        elif self.members.names:  # on a search's first run everyone joins: no list worth reading
            if left:
                text.append(
                    f"! {len(left)} found by an earlier run of '{self.search_name}' are not in this file: "
                    'importing marks them "no longer in search" (never deleted).\n'
                )
            text.append(names_line("Joining the search", joined, private=private) + "\n")
            text.append(names_line("Leaving the search", left, private=private) + "\n")
        reason = refusal(file, skip_invalid=self.skip_invalid, how_to_skip=HOW_TO_SKIP)
        text.append(f"! {reason}\n" if reason else "ctrl+s imports them.\n", style="bold")
        if file.problems:
            text.append(f"\n{len(file.problems)} problem(s) in {len(file.rejected_rows)} row(s):\n", style="bold")
            for problem in file.problems[:SHOWN_PROBLEMS]:  # the value and reason may hold identifiers
                text.append(
                    f"  row {problem.row_number}, column {problem.column} (hidden: privacy mode)\n"
                    if private
                    else f"  {problem}\n"
                )
            if len(file.problems) > SHOWN_PROBLEMS:
                text.append(f"  … and {len(file.problems) - SHOWN_PROBLEMS} more\n", style="dim")
        if file.duplicates:
            text.append(f"\n{len(file.duplicates)} exact repeat row(s) left out.\n", style="dim")
        text.append("\n" + "\n".join(file_report(file)), style="dim")
        return text

    def show(self, text: Text) -> None:
        self.query_one("#import-report", Static).update(text)

    def show_privacy(self, private: bool) -> None:
        if self.file is not None and not self.importing:
            self.show(self.report())

    # -- importing -----------------------------------------------------------------------------
    def action_import(self) -> None:
        if self.importing:
            return
        if (file := self.file) is None:
            self.notify("Choose a file first: enter on it in the list, or type its path.", severity="error")
            return
        search_name = self.search_name
        try:
            if not search_name:
                raise ValueError("Name the search the file comes from.")
            run_date = entered_date(self.query_one("#run-date", Input).value, self.app.today)
        except ValueError as exc:
            self.notify(str(exc), severity="error", timeout=8, markup=False)
            return
        if reason := refusal(file, skip_invalid=self.skip_invalid, how_to_skip=HOW_TO_SKIP):
            self.notify(reason, severity="error", timeout=10, markup=False)
            return
        dropped = self.dropped(run_date)
        if dropped:
            question = Text(
                f"{dropped} people found by an earlier run of '{search_name}' are not in this file. "
                'Importing marks them "no longer in search"; nobody is deleted and their records stay.'
            )
            self.app.push_screen(
                ConfirmDialog("Import this file?", question),
                lambda yes: yes and self.start_import(search_name, run_date),
            )
            return
        self.start_import(search_name, run_date)

    def start_import(self, search_name: str, run_date: date) -> None:
        file = self.loaded()[0]
        self.importing = True
        bar = self.query_one(ProgressBar)
        bar.update(total=len(file.rows), progress=0)
        bar.display = True
        self.show(Text(f"Importing {len(file.rows)} people into '{search_name}'…", style="italic"))
        self.run_import(file, search_name, run_date, self.skip_invalid, bar)

    @work(thread=True, exclusive=True, group="import-write")
    def run_import(
        self, file: CohortFile, search_name: str, run_date: date, skip_invalid: bool, bar: ProgressBar
    ) -> None:
        app = self.app
        try:
            summary, rejects = import_file(
                app.store,
                app.user,
                file,
                search_name=search_name,
                run_date=run_date,
                skip_invalid=skip_invalid,
                how_to_skip=HOW_TO_SKIP,
                progress=lambda done, total: app.call_from_thread(bar.update, total=total, progress=done),
            )
        except (MdtError, OSError) as exc:
            app.call_from_thread(self.failed, str(exc))
        else:
            app.call_from_thread(self.imported, search_name, summary, rejects)

    def imported(self, search_name: str, summary: CohortImportSummary, rejects: Path | None) -> None:
        self.importing, self.file = False, None
        text = Text(f"✔ Imported '{search_name}' run on {summary.run_date:%d %b %Y}: {summary.line()}.", style="bold")
        for label, names in (("Joined the search", summary.joined), ("Left the search", summary.left)):
            text.append("\n" + names_line(label, names, private=self.app.privacy))
        if rejects:
            text.append(f"\n\nRejected rows, each with its reason, are in {rejects}.")
        text.append("\n\nChoose another file, or escape to go back.")
        self.show(text)
        self.notify(f"Imported '{search_name}': {summary.line()}", timeout=8, markup=False)

    def failed(self, problem: str) -> None:
        self.importing = False
        self.query_one(ProgressBar).display = False
        self.show(Text(f"! Not imported, nothing changed: {problem}", style="bold"))
        self.notify(f"Not imported: {problem}", severity="error", timeout=10, markup=False)

    def action_leave(self, where: str) -> None:
        if self.importing:
            self.notify("The import is still being written; it finishes in a moment.", severity="warning")
            return
        getattr(self.app, f"action_{where}")()

    def action_back(self) -> None:
        if self.importing:
            self.notify("The import is still being written; it finishes in a moment.", severity="warning")
            return
        self.app.pop_screen()
