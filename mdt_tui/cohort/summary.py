"""What an import did, with who joined and who left the search (names, for the preview and summary)."""

from __future__ import annotations

from mdt_tui.cohort.values import visible
from mdt_tui.models import ImportSummary

SHOWN_NAMES = 20


class CohortImportSummary(ImportSummary):
    """ImportSummary plus the people behind two of its counts, as 'Family, Given' in name order."""

    joined: tuple[str, ...] = ()  # found by this run and not by the previous run of the search
    left: tuple[str, ...] = ()  # found by the previous run and not by this one: marked no longer in search
    practices_learned: int = 0  # ODS code / name pairs added to the practice table

    def counts(self) -> dict:
        """The counts alone (no names), as the audit keeps them."""
        return self.model_dump(mode="json", exclude={"joined", "left"})


def names_line(label: str, names: tuple[str, ...] | list[str], *, private: bool = False) -> str:
    """'Joined (3): Lee, Siân; Wilson, Mohammed; …' — names hidden in privacy mode."""
    if not names:
        return f"{label}: nobody"
    if private:
        return f"{label} ({len(names)}): names hidden (privacy mode)"
    shown = "; ".join(visible(name, 100) for name in names[:SHOWN_NAMES])
    more = f"; … and {len(names) - SHOWN_NAMES} more" if len(names) > SHOWN_NAMES else ""
    return f"{label} ({len(names)}): {shown}{more}"
