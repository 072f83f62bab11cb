"""Who may sign off coded events before they leave for the GP record (issue 17): a clinician, never an
administrator, social prescriber, social care or voluntary-sector member (mdt_tui.roles.CLINICAL)."""

from __future__ import annotations

from mdt_tui.models import User
from mdt_tui.roles import CLINICAL

UNSIGNED_NOTE = "INCLUDES CODES NOT SIGNED OFF BY A CLINICIAN — check each one before entering it"
"""Said on every page of a delivery made with --include-unsigned."""


def signoff_refusal(user: User) -> str | None:
    """Why this user may not sign off codes, or None when they may."""
    if user.role in CLINICAL:
        return None
    return (
        f"A {user.role.label} cannot sign off codes: a clinician (care coordinator, GP, nurse, pharmacist,"
        " geriatrician, mental health, palliative care or therapist) checks them before they go."
    )
