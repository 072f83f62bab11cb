"""A CGA draft's dates and reasons: each instrument's administration date, and why a domain was not done.

Both live in their own tables (frozen with the CGA once it is completed) and are loaded onto the
bundle with the day each section's last answer was given, the default administration date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlite_utils

from mdt_tui.cga.bundle import DOMAINS_REQUIRED, CgaBundle, DomainReason
from mdt_tui.cga.coding import administration_refusal
from mdt_tui.errors import MissingRequirement, NotFound
from mdt_tui.instruments import INSTRUMENTS
from mdt_tui.models import User
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase


class CgaExtras(_StoreBase):
    """Mixed into CgaWrites; relies on ``transaction()``, ``clock`` and ``_cga_draft_id``."""

    def save_cga_administered(self, user: User, person_id: int, instrument_id: str, given_on: date | None) -> None:
        """The day an instrument was given (None: back to the day of its last answer); never in the future."""
        if instrument_id not in INSTRUMENTS:
            raise NotFound(f"There is no instrument {instrument_id!r}.")
        now = self.clock()
        if given_on is not None and (refusal := administration_refusal(given_on, now.date())):
            raise MissingRequirement(refusal)
        after = {"instrument": instrument_id, "given_on": given_on}
        self._cga_extra(
            user,
            person_id,
            "cga_administered",
            "instrument",
            instrument_id,
            None if given_on is None else {"given_on": given_on.isoformat()},
            after,
        )

    def save_cga_domain_reason(self, user: User, person_id: int, domain: str, reason: DomainReason | None) -> None:
        """Why a required domain has no completed instrument (None removes the reason)."""
        if domain not in DOMAINS_REQUIRED:
            raise NotFound(f"{domain!r} is not one of the domains a CGA must cover ({', '.join(DOMAINS_REQUIRED)}).")
        if reason is not None:
            reason = DomainReason.model_validate(reason.model_dump() if isinstance(reason, DomainReason) else reason)
            if reason.reason == "done_elsewhere" and reason.done_on is None:
                raise MissingRequirement("Say when it was done elsewhere: give the date.")
            if reason.done_on is not None and (refusal := administration_refusal(reason.done_on, self.clock().date())):
                raise MissingRequirement(refusal)
        values = (
            None
            if reason is None
            else {"reason": reason.reason, "done_on": reason.done_on.isoformat() if reason.done_on else None}
        )
        self._cga_extra(
            user,
            person_id,
            "cga_domain_reasons",
            "domain",
            domain,
            values,
            {"domain": domain, "reason": reason.describe() if reason else None},
        )

    def _cga_extra(
        self,
        user: User,
        person_id: int,
        table: str,
        key_column: str,
        key: str,
        values: dict[str, Any] | None,
        after: dict[str, Any],
    ) -> None:
        now = self.clock()
        with self.transaction() as db:
            bundle_id = self._cga_draft_id(db, user, person_id, now)
            db.execute(f"DELETE FROM {table} WHERE bundle_id = ? AND {key_column} = ?", (bundle_id, key))
            if values is not None:
                columns = [key_column, *values, "bundle_id", "updated_at", "updated_by"]
                db.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                    [key, *values.values(), bundle_id, now.isoformat(timespec="seconds"), user.name],
                )
            write_audit(db, user, now, f"save_{table}", "cga_bundle", bundle_id, None, after)


def load_extras(db: sqlite_utils.Database, bundle: CgaBundle) -> None:
    """Fill the bundle's answer days, typed administration dates and domain reasons from the store."""
    for section, day in db.execute(
        "SELECT section, max(updated_at) FROM cga_entries WHERE bundle_id = ?"
        " AND kind IN ('answer', 'list') GROUP BY section",
        [bundle.id],
    ):
        bundle.answered_on[section] = date.fromisoformat(day[:10])
    for instrument, given_on in db.execute(
        "SELECT instrument, given_on FROM cga_administered WHERE bundle_id = ?", [bundle.id]
    ):
        bundle.administered[instrument] = date.fromisoformat(given_on)
    for domain, reason, done_on in db.execute(
        "SELECT domain, reason, done_on FROM cga_domain_reasons WHERE bundle_id = ?", [bundle.id]
    ):
        bundle.domain_reasons[domain] = DomainReason(reason=reason, done_on=done_on)
