"""Suggested problems: from a CGA's results and checklists, the concerns the MDT should consider, each with its source.

The rules are issue 4's list, in its order, with the urgent same-day flag first, as amended by
instruments.md Revision 2 (CFS 9 is end of life, not frailty; a fall in the last year raises falls
whatever the band; ONS "often/always" raises loneliness; the Barthel dependency cut-off). The plan
step turns the ones the MDT agrees into problems.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from mdt_tui.cga.bundle import CgaBundle, SuggestedProblem
from mdt_tui.cga.checklists import CHECKLISTS
from mdt_tui.instruments import INSTRUMENTS, ScoreResult

Results = Mapping[str, ScoreResult]


def _at_least(instrument: str, threshold: int) -> Callable[[Results], str | None]:
    def rule(results: Results) -> str | None:
        result = results.get(instrument)
        return result.summary if result and result.total is not None and result.total >= threshold else None

    return rule


def _band_in(instrument: str, *bands: str) -> Callable[[Results], str | None]:
    def rule(results: Results) -> str | None:
        result = results.get(instrument)
        return result.summary if result and result.band in bands else None

    return rule


def _acb(results: Results) -> str | None:
    result = results.get("acb")
    if not result or not ((result.total is not None and result.total >= 3) or result.flags.get("any_drug_ge2")):
        return None
    heavy = [f"{d.name} {d.score}" for d in result.acb.drugs if d.score >= 2] if result.acb else []
    return "; ".join([result.summary, *heavy])


def _barthel(results: Results) -> str | None:
    """Revision 2: at or below the signed-off cut-off, or any point lost in bowels, bladder, toilet use or transfers."""
    sources = [
        _with_items(r) for i in ("barthel20", "barthel100") if (r := results.get(i)) and r.flags.get("dependency")
    ]
    return "; ".join(sources) or None


def _with_items(result: ScoreResult) -> str:
    lost = [item.replace("_", " ") for item in result.flags.get("dependency_items", ())]
    return result.summary + (f" (points lost: {', '.join(lost)})" if lost else "")


def _frailty(results: Results) -> str | None:
    """CFS 5–8. CFS 9 is not frailty (CFS v2.0): it raises the end-of-life problem instead."""
    cfs = results.get("cfs")
    return cfs.summary if cfs and cfs.flags.get("uk_frailty_category") else None


def _end_of_life(results: Results) -> str | None:
    cfs = results.get("cfs")
    return cfs.summary if cfs and cfs.flags.get("end_of_life") else None


def _fell_in_last_year(results: Results) -> str | None:
    """Revision 2 (NICE NG249): a fall in the last 12 months raises the falls problem whatever the screen's band."""
    fell = [r.summary for i in ("frat", "frat5") if (r := results.get(i)) and r.flags.get("fall_in_last_12_months")]
    return "; ".join(fell) + " — offer a multifactorial falls assessment (NICE NG249)" if fell else None


# (rule id, title, the tests that raise it: each gives a source or None)
RULES: tuple[tuple[str, str, tuple[Callable[[Results], str | None], ...]], ...] = (
    ("depression", "Low mood: possible depression", (_at_least("phq9", 10), _band_in("phq2", "positive"))),
    ("anxiety", "Anxiety", (_at_least("gad7", 10), _band_in("gad2", "positive"))),
    ("loneliness", "Loneliness", (_band_in("ucla3", "lonely"), _band_in("ons_direct_loneliness", "often_always"))),
    ("cognition", "Possible cognitive impairment", (_at_least("6cit", 8),)),
    ("frailty", "Frailty", (_frailty,)),
    ("end_of_life", "End of life: consider GSF / palliative care review", (_end_of_life,)),
    ("falls", "Falls risk", (_band_in("frat", "medium", "high"), _band_in("frat5", "higher_risk"), _fell_in_last_year)),
    ("nutrition", "Malnutrition risk", (_at_least("must", 1),)),
    ("anticholinergic_burden", "Anticholinergic burden", (_acb,)),
    ("dependency", "Dependency in daily activities", (_barthel,)),
)


def suggest_problems(bundle: CgaBundle, results: Results) -> list[SuggestedProblem]:
    """The concerns raised by ``results`` (scored instruments) and the bundle's checklists."""
    problems = _self_harm(bundle)
    for rule_id, title, tests in RULES:
        sources = [s for test in tests if (s := test(results))]
        if sources:
            problems.append(
                SuggestedProblem(rule=rule_id, title=_title(rule_id, title, results), source="; ".join(sources))
            )
    for rule_id, question_id, title in (
        ("safeguarding", "safeguarding", "Safeguarding concern"),
        ("carer_strain", "carer_strain", "Carer strain"),
    ):
        if (source := _social_yes(bundle, question_id)) is not None:
            problems.append(SuggestedProblem(rule=rule_id, title=title, source=source))
    if (source := _no_acp(bundle, results)) is not None:
        problems.append(SuggestedProblem(rule="no_advance_care_plan", title="No advance care plan", source=source))
    return problems


def _self_harm(bundle: CgaBundle) -> list[SuggestedProblem]:
    """PHQ-9 item 9 above 0 is urgent whether or not the rest of the PHQ-9 was finished."""
    q9 = bundle.answers.get("phq9", {}).get("q9")
    if not isinstance(q9, int) or isinstance(q9, bool) or q9 <= 0:
        return []
    label = INSTRUMENTS["phq9"].item("q9").option(q9).label
    return [
        SuggestedProblem(
            rule="self_harm_risk",
            urgent=True,
            title="URGENT: thoughts of self-harm — same-day risk assessment",
            source=f"PHQ-9 item 9: {label.lower()}",
        )
    ]


def _title(rule_id: str, title: str, results: Results) -> str:
    if rule_id == "frailty":
        category = results["cfs"].flags.get("uk_frailty_category") or ""
        return f"Frailty: {category.replace('_', ' ')}" if category else title
    return title


def _social_yes(bundle: CgaBundle, question_id: str) -> str | None:
    answer = bundle.checklist_answer("social_checks", question_id)
    if answer.answer != "yes":
        return None
    prompt = CHECKLISTS["social_checks"].question(question_id).prompt
    return f"Social checklist: {prompt.lower()}" + (f" ({answer.note})" if answer.note else "")


def _no_acp(bundle: CgaBundle, results: Results) -> str | None:
    cfs = results.get("cfs")
    if not cfs or cfs.total is None or cfs.total < 7:
        return None
    plan = bundle.checklist_answer("advance_care_plan", "plan").answer
    if plan not in (None, "none"):
        return None
    return f"{cfs.summary}; advance care plan: {'none' if plan == 'none' else 'not recorded'}"
