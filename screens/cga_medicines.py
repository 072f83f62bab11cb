"""The medicines list as the Medication tab shows it: each drug's ACB score, the live total, unknown drugs."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from mdt_tui.cga import CgaBundle, medicines_acb
from mdt_tui.instruments import INSTRUMENTS, ScoringSettings, lookup_drug
from mdt_tui.instruments.results import format_total


def medicines_view(bundle: CgaBundle, scoring: ScoringSettings) -> dict[str, Any]:
    """Keyword arguments for ``ListEditor.show``: rows, an ACB column ("?" for a drug not on the list), the total."""
    rows = [m.model_dump() for m in bundle.medicines]
    acb = medicines_acb(bundle.medicines, scoring)
    extra = Text()
    badges: list[str] = []
    if acb is None:
        extra.append("ACB: no medicines listed yet\n", style="dim")
    else:
        for medicine in bundle.medicines:
            drug = lookup_drug(medicine.name)
            badges.append(format_total(acb.item_points.get(drug.name, drug.score)) if drug else "? 0")
        extra.append(f"ACB total {format_total(acb.total)} — {acb.band_label}", style="bold")
        if acb.flags.get("any_drug_ge2"):
            extra.append(" · a drug scores 2 or more: consider alternatives")
        for name in acb.acb.unknown_drugs:
            close = acb.acb.suggestions.get(name, ())
            extra.append(f"\n? {name}: not on the ACB list, scored 0"
                         + (f" — did you mean {' or '.join(close)}?" if close else ""))
        extra.append(f"\nList: {acb.acb.list_version} · ", style="dim")
    extra.append(INSTRUMENTS["acb"].attribution, style="dim")
    return {"rows": rows, "extra": extra, "badges": badges, "pending": bundle.pending.get("medicines")}
