"""The printed Care and Support Plan leaves out sections with nothing recorded (issue 14), keeps the ones that
have something, and always says whether the plan may be shared."""

from mdt_tui.pathway import Stage
from mdt_tui.plan.document import SECTIONS, build_plan_document, render_plan
from mdt_tui.store.store import Store


def headings(text: str) -> list[str]:
    return [line[3:] for line in text.splitlines() if line.startswith("## ")]


def test_a_plan_with_nothing_recorded_leaves_its_empty_sections_out(demo_db):
    with Store.open(demo_db) as store:
        person = next(p for p in store.people([Stage.ON_CASELOAD]) if not store.plan_versions(p.id))
        empty = store.plan_snapshot(person.id)
        assert not [p for p in empty.problems if p.status == "active"] and not empty.plan.medication_plan
        text = render_plan(build_plan_document(store, person.id, private=True), "markdown")  # next of kin hidden
    shown = headings(text)
    assert "Sharing this plan" in shown and "Consent to share this plan: not yet asked" in text
    for empty_section in (
        "Problems in priority order",
        "Medicines plan",
        "Crisis and escalation plan",
        "Next review",
        "Named lead and key contacts",
    ):
        assert empty_section not in shown
    assert "not recorded" not in text.replace("Consent to share this plan: not yet asked", "")
    assert "No problems recorded" not in text and "No changes recorded" not in text


def test_an_agreed_plan_keeps_its_recorded_sections_in_order(demo_db):
    with Store.open(demo_db) as store:
        person = next(p for p in store.people([Stage.PLANNED]) if len(store.problems(p.id)) >= 2)
        version = store.plan_versions(person.id)[-1]
        text = render_plan(build_plan_document(store, person.id), "markdown")
    shown = headings(text)
    assert shown == [s for s in SECTIONS if s in shown]  # the plan's order, gaps closed up
    assert "Problems in priority order" in shown and "Sharing this plan" in shown
    assert ("Medicines plan" in shown) == bool(version.plan.medication_plan)
    assert ("Next review" in shown) == (version.plan.next_review is not None)
