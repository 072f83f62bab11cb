"""The help screen: every key, where it works, and what it does."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Label, Static


def key_rows() -> list[tuple[str, str, str]]:
    """(where, key, what) for every declared binding, app-wide first."""
    from mdt_tui.screens.app import MdtApp
    from mdt_tui.screens.cga.assessment import CgaScreen
    from mdt_tui.screens.cga.complete import AdministeredDialog, CompletionDialog, DomainReasonDialog
    from mdt_tui.screens.cga.forms import QuestionForm
    from mdt_tui.screens.cga.lists import ListEditor
    from mdt_tui.screens.cga.medicines import AcbOverrideDialog, MedicinesEditor
    from mdt_tui.screens.cga.self_harm import SelfHarmDialog
    from mdt_tui.screens.cga.summary import SummaryView
    from mdt_tui.screens.cohort.importing import ExportTree, ImportScreen
    from mdt_tui.screens.cohort.practices import PracticesScreen
    from mdt_tui.screens.cohort.review import CohortReviewScreen
    from mdt_tui.screens.consent.contact import ConsentScreen
    from mdt_tui.screens.exports.codes_to_send import CodesToSendScreen
    from mdt_tui.screens.home import HomeScreen
    from mdt_tui.screens.households.carers import CarersScreen
    from mdt_tui.screens.households.household import HouseholdScreen
    from mdt_tui.screens.impact.dashboard import DashboardScreen
    from mdt_tui.screens.kit.forms import FormDialog
    from mdt_tui.screens.meeting.agenda import AgendaScreen, AgendaTable, AttendanceTable
    from mdt_tui.screens.meeting.dialogs import MissingDialog
    from mdt_tui.screens.meeting.in_progress import MeetingScreen
    from mdt_tui.screens.meeting.roster import RosterScreen
    from mdt_tui.screens.people.finder import FinderScreen
    from mdt_tui.screens.people.listing import PeopleScreen
    from mdt_tui.screens.people.person import PersonScreen
    from mdt_tui.screens.plan.actions import ActionsScreen
    from mdt_tui.screens.plan.care_plan import PlanScreen
    from mdt_tui.screens.plan.changes import PlanChangesScreen
    from mdt_tui.screens.reviews.due import ReviewsScreen
    from mdt_tui.screens.team_policy import TeamPolicyScreen

    scopes: list[tuple[str, type[DOMNode]]] = [
        ("Everywhere", MdtApp),
        ("Home", HomeScreen),
        ("Lists", PeopleScreen),
        ("Person", PersonScreen),
        ("Household and carers", HouseholdScreen),
        ("Carers under strain", CarersScreen),
        ("Actions", ActionsScreen),
        ("Finder", FinderScreen),
        ("Cohort review", CohortReviewScreen),
        ("Consent", ConsentScreen),
        ("Dialogs", FormDialog),
        ("CGA", CgaScreen),
        ("CGA forms", QuestionForm),
        ("CGA lists", ListEditor),
        ("CGA medicines", MedicinesEditor),
        ("ACB score dialog", AcbOverrideDialog),
        ("CGA summary", SummaryView),
        ("Self-harm action", SelfHarmDialog),
        ("Complete CGA", CompletionDialog),
        ("Domain reasons", DomainReasonDialog),
        ("Dates given", AdministeredDialog),
        ("Meeting agenda", AgendaScreen),
        ("Attendance", AttendanceTable),
        ("Agenda list", AgendaTable),
        ("Meeting", MeetingScreen),
        ("Plan not ready", MissingDialog),
        ("Dashboard", DashboardScreen),
        ("Team roster", RosterScreen),
        ("Team policy", TeamPolicyScreen),
        ("Plan", PlanScreen),
        ("Plan changes", PlanChangesScreen),
        ("Reviews", ReviewsScreen),
        ("Import", ImportScreen),
        ("Import files", ExportTree),
        ("Practices", PracticesScreen),
        ("Codes to send", CodesToSendScreen),
    ]
    rows = [("Everywhere", "ctrl+p", "Command palette: every action by name")]
    for where, owner in scopes:
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding) and binding.description:
                rows.append((where, binding.key_display or _key(binding.key), binding.tooltip or binding.description))
    rows += [
        ("Home", "enter", "On '! self-harm answer not yet actioned': the people waiting; enter opens their CGA"),
        ("Lists", "↑ ↓ enter", "Move and open"),
        ("Home", "tab", "Switch between pipeline and this week"),
        ("Dialogs", "0-9", "Pick an option by its number (or ↑ ↓ and enter)"),
        ("Maturity", "enter", "Answer the highlighted item: its level and a note (dated, kept)"),
    ]
    return rows


def _key(key: str) -> str:
    return {"question_mark": "?", "slash": "/", "down": "↓", "up": "↑"}.get(key, key)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="close")]
    PRIVACY_SAFE = True  # keys only, never a person: p works here (privacy_banner.py)

    def compose(self) -> ComposeResult:
        table = Table(box=None, padding=(0, 2), header_style="bold")
        for column in ("Where", "Key", "What it does"):
            table.add_column(column)
        for row in key_rows():
            table.add_row(*row)
        with VerticalScroll(id="help", classes="dialog"):
            yield Label("Keys — escape closes", classes="panel-title")
            yield Static(table)
