"""Changes between two plans, side by side: "what changed since the last review" (pure)."""

from __future__ import annotations

from collections.abc import Mapping

from mdt_tui.models import ActionItem, Model
from mdt_tui.plan.records import FIELD_LABELS, PlanSnapshot, describe, problem_line


class Change(Model):
    """One line of the side-by-side view."""

    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _action_line(action: ActionItem) -> str:
    due = f", due {action.due_date:%d %b %Y}" if action.due_date else ""
    return f"{action.description} — {action.owner}{due} [{action.status}]"


def _problems(snapshot: PlanSnapshot) -> str:
    active = [p for p in snapshot.problems if p.status == "active"]
    return "\n".join(f"{i}. {problem_line(p)}" for i, p in enumerate(active, 1))


def diff_versions(
    a: PlanSnapshot, b: PlanSnapshot, members: Mapping[int, str] | None = None, *, changed_only: bool = False
) -> list[Change]:
    """Every plan field, the active problems in priority order, and the actions: ``a`` beside ``b``."""
    members = dict(members or {})
    rows = [Change(label="Problems (priority order)", before=_problems(a), after=_problems(b))]
    rows += [
        Change(label=label, before=describe(a.plan, name, members), after=describe(b.plan, name, members))
        for name, label in FIELD_LABELS.items()
    ]
    rows.append(
        Change(
            label="Actions",
            before="\n".join(map(_action_line, a.actions)),
            after="\n".join(map(_action_line, b.actions)),
        )
    )
    return [r for r in rows if r.changed] if changed_only else rows
