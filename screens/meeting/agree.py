"""Agree the plan in place: when `1` finds the plan incomplete, each missing part is asked here by number, in words.

Asked only what is missing, in this order: the CGA's suggested problems, the named lead, consent to share (taken
from consent to the caseload when the person agreed to share their records then), the next review (the suggested
date filled in) and one action (owner, due, words — enter agrees). Nothing is saved unless the plan is agreed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Label

from mdt_tui.meeting.agenda import due_shortcut, missing_in_words
from mdt_tui.models import TeamMember
from mdt_tui.plan.gate import IN_PLACE, AgreedInPlace, still_missing
from mdt_tui.plan.records import Missing
from mdt_tui.screens.consent.dialogs import YES_NO
from mdt_tui.screens.kit.forms import Choice, FormDialog, row
from mdt_tui.screens.meeting.dialogs import DUE_SHORTCUTS, REVIEW_WEEKS


@dataclass(frozen=True)
class AgreeContext:
    """What the dialog offers, read before it opens."""

    missing: list[Missing]
    team: list[TeamMember]
    suggestions: list[str]
    """The titles of the latest CGA's suggested problems not yet taken or dismissed."""
    consent_share: tuple[bool, str] | None
    """Consent to share taken from consent to the caseload, and the words saying so; None: ask."""
    suggested_review: tuple[date | None, str]
    today: date


class AgreePlanDialog(FormDialog[AgreedInPlace]):
    """Each missing part by number; the form ends on the action's words, so enter agrees the plan."""

    DEFAULT_CSS = """
    AgreePlanDialog .dialog { padding: 0 1; max-height: 100%; }
    AgreePlanDialog Label { width: 1fr; }
    """

    def __init__(self, context: AgreeContext) -> None:
        super().__init__("Agree the plan — the missing parts, by number")
        self.c = context
        self.asked = [m.field for m in context.missing if m.field in IN_PLACE]
        self.elsewhere = [m for m in context.missing if m.field not in IN_PLACE]
        day, why = context.suggested_review
        self.review_options: list[tuple[tuple[date, str], str]] = [
            *([((day, why), f"{day:%d %b} (suggested: {why})")] if day else []),
            *(
                ((context.today + timedelta(weeks=w), label), f"{label} ({context.today + timedelta(weeks=w):%d %b})")
                for w, label in REVIEW_WEEKS
            ),
        ]
        self.no_suggested_review = None if day else why

    def compose_fields(self) -> ComposeResult:
        people = [(m.id, m.name) for m in self.c.team]  # roster order: the same number as in every picker
        for line in missing_in_words(self.elsewhere):  # nothing asked here puts these right
            yield Label(Text(f"✘ {line}"), classes="error")
        if "problems" in self.asked:
            if self.c.suggestions:
                yield Label(Text("Problems — none agreed yet; the CGA suggests:"), classes="form-heading")
                yield Choice(
                    [(True, "Accept: " + " · ".join(self.c.suggestions)), (False, "Not now")],
                    inline=False,
                    id="problems",
                )
            else:
                yield Label(
                    Text("✘ No problem on the list and none suggested by the CGA — escape, then l opens the plan"),
                    classes="error",
                )
        if "lead_member_id" in self.asked:
            yield Label("Named lead professional (roster number)", classes="form-heading")
            yield Choice(people, id="lead")
        if "consent_to_share" in self.asked:
            if self.c.consent_share is not None:
                yield Label(Text(f"✔ Consent to share the plan: {self.c.consent_share[1]}"), classes="form-heading")
            else:
                yield row("Share the plan?", Choice(list(YES_NO.items()), id="share"))
        if "next_review" in self.asked:
            heading = f"Next review — {self.no_suggested_review}" if self.no_suggested_review else "Next review"
            yield Label(Text(heading), classes="form-heading")
            suggested = self.review_options[0][0] if not self.no_suggested_review else None
            yield Choice(self.review_options, value=suggested, id="review")
        if "actions" in self.asked:
            yield Label("One action — owner (roster number), due, then what (enter agrees)", classes="form-heading")
            yield Choice(people, id="owner")
            yield row("Due", Choice(DUE_SHORTCUTS, id="due"))
            yield row(
                "Action", Input(placeholder="what, in a few words — enter agrees the plan", id="what", compact=True)
            )

    def on_mount(self) -> None:
        first = next(iter(self.query(Choice)), None) or next(iter(self.query(Input)), None)
        if first is not None:
            first.focus(scroll_visible=False)
        self.call_after_refresh(lambda: self.query_one(".dialog").scroll_home(animate=False))  # the title in view

    def build(self) -> AgreedInPlace:
        def value(id: str) -> Any:  # the option key the dialog gave that choice
            found = self.query(f"#{id}")
            return found.first(Choice).value if found else None

        review = value("review")
        parts = AgreedInPlace(
            accept_suggestions=value("problems") is True,
            lead_member_id=value("lead"),
            consent_to_share=self.c.consent_share[0] if self.c.consent_share else value("share"),
            next_review=review[0] if review else None,
            next_review_reason=review[1] if review else "",
            action_description=self.text("what") if self.query("#what") else "",
            action_owner_id=value("owner"),
            action_due=due_shortcut(value("due"), self.c.today) if value("due") else None,
        )
        if left := still_missing(self.c.missing, parts):
            raise ValueError("still missing: " + "; ".join(m.message for m in left))
        return parts


def agree_context(app, person_id: int, missing: Sequence[Missing]) -> AgreeContext:  # noqa: ANN001 - the MdtApp
    """Read what the dialog offers (each a quick read of one person)."""
    from mdt_tui.plan.gate import share_from_consent

    store = app.store
    consent = store.consent_share(person_id)
    share = share_from_consent(consent[0] if consent else None)
    rules = getattr(app, "policy", None) or app.settings  # review intervals: the team policy once it is there
    return AgreeContext(
        missing=list(missing),
        team=store.team(),
        suggestions=[s.title for s in store.suggested_problems(person_id)],
        consent_share=(share, f"yes (given with consent to the caseload, {consent[1]})") if share and consent else None,
        suggested_review=store.suggested_review(person_id, rules, app.today),
        today=app.today,
    )
