"""The evaluation written out: the report that says what the figures can and cannot show, its JSON, and the
pseudonymised per-person extract for the ICB's analysts (a salted hash per export instead of any identifier)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from mdt_tui.documents import Doc
from mdt_tui.impact.evaluation import ARMS, OUTCOMES, person_counts

EXTRACT_HEADER = (
    "pseudonym",
    "age_band",
    "practice_code",
    "arm",
    "index_month",
    *(f"{o}_{w}" for o in OUTCOMES for w in ("before", "after")),
    "days_after",
)
_WHAT = {
    "emergency_admission": "emergency admissions",
    "ae": "A&E attendances",
    "bed_days": "bed days in emergency admissions",
}


def as_json_ready(value: Any) -> Any:
    """The result with dates as ISO text (everything else is already JSON)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json_ready(v) for v in value]
    return value


def _num(value: float | None, places: int = 2) -> str:
    return "—" if value is None else f"{value:.{places}f}"


def evaluation_markdown(result: Mapping[str, Any], *, outcome: str, months: int, today: date) -> str:
    what = _WHAT[outcome]
    doc = Doc(f"Evaluation of service use: {what}")
    doc.para(
        f"{months} months before and after each person's index date, up to {today.isoformat()}. "
        "Intervention: everyone who consented (index: the consent date). Comparison: everyone a search "
        "identified who never consented, declined or was judged not appropriate (index: the first run "
        "that identified them)."
    )
    rows = [
        [
            arm,
            str(r["people"]),
            _num(r["person_years_before"], 1),
            str(r["events_before"]),
            _num(r["rate_before"]),
            _num(r["person_years_after"], 1),
            str(r["events_after"]),
            _num(r["rate_after"]),
            _num(r["rate_ratio"]),
        ]
        for arm in ARMS
        for r in [result[arm]]
    ]
    doc.table(
        [
            "arm",
            "people",
            "person-years before",
            f"{what} before",
            "rate before",
            "person-years after",
            f"{what} after",
            "rate after",
            "rate ratio (after/before)",
        ],
        rows,
    )
    if result["insufficient"]:
        doc.para("Estimate: none — the data are insufficient (see below).")
    else:
        low, high = result["ci95"]
        doc.para(
            f"Estimate (ratio of the rate ratios, intervention over comparison): "
            f"{_num(result['ratio_of_rate_ratios'])}, 95% bootstrap interval {_num(low)} to {_num(high)}. "
            "Below 1 suggests a larger fall (or smaller rise) on the caseload than in the comparison; an "
            "interval that contains 1 means no difference can be told from chance."
        )
    doc.heading("Read this before quoting any figure")
    doc.bullets(list(result["warnings"]))
    return doc.render("md")


def _age_band(dob: str, on: date) -> str:
    born = date.fromisoformat(dob)
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if age >= 90:
        return "90+"
    low = age // 5 * 5
    return f"{low}-{low + 4}"


def extract_csv(
    people: Sequence[Mapping[str, Any]],
    events: Sequence[Mapping[str, Any]],
    details: Mapping[str, tuple[str, str]],
    *,
    today: date,
    months: int,
) -> list[tuple]:
    """One row per person: a salted hash that changes with every export (no NHS number, name or date of
    birth), age band at the index, practice, arm, index month and each outcome's counts before and after."""
    salt = secrets.token_bytes(16)
    counts = {o: person_counts(list(people), events, today, months, o) for o in OUTCOMES}
    rows: list[tuple] = [EXTRACT_HEADER]
    for person in sorted(people, key=lambda p: hashlib.sha256(salt + p["id"].encode()).hexdigest()):
        pid = person["id"]
        dob, practice = details.get(pid, ("", ""))
        outcome_counts = [n for o in OUTCOMES for n in (counts[o][pid][0], counts[o][pid][2])]
        rows.append(
            (
                hashlib.sha256(salt + pid.encode()).hexdigest()[:16],
                _age_band(dob, person["index_date"]) if dob else "",
                practice,
                person["arm"],
                person["index_date"].isoformat()[:7],
                *outcome_counts,
                counts[OUTCOMES[0]][pid][3],
            )
        )
    return rows
