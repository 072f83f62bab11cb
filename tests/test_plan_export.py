"""The printable Care and Support Plan for a demo person, from the CLI: sections, problem order, A4, privacy."""

import stat

from mdt_tui.cli import main
from mdt_tui.pathway import Stage
from mdt_tui.plan.document import SECTIONS
from mdt_tui.store.store import Store


def planned_person(demo_db):
    with Store.open(demo_db) as store:
        person = next(p for p in store.people([Stage.PLANNED]) if len(store.problems(p.id)) >= 2)
        version = store.plan_versions(person.id)[-1]
        return person.nhs_number, [p.title for p in version.problems if p.status == "active"]


def test_markdown_plan_has_every_section_and_problems_in_priority_order(demo_db, capsys):
    nhs, titles = planned_person(demo_db)
    assert main(["export", "plan", nhs, "--db", str(demo_db)]) == 0
    text = capsys.readouterr().out
    positions = [text.index(f"## {s}") for s in SECTIONS if f"## {s}" in text]  # empty sections are left out
    assert positions == sorted(positions) and len(positions) >= 5
    found = [text.index(f"| {i} | {t}") for i, t in enumerate(titles, 1)]
    assert found == sorted(found)
    assert "Named lead professional: " in text and "not named" not in text and "version " in text


def test_html_plan_is_private_self_contained_and_a4(demo_db, tmp_path, capsys):
    nhs, titles = planned_person(demo_db)
    out = tmp_path / "plan.html"
    assert main(["export", "plan", nhs, "--db", str(demo_db), "--format", "html", "--out", str(out)]) == 0
    html = out.read_text()
    assert "@page{size:A4;margin:15mm}" in html and "<link" not in html and "<script" not in html
    assert html.index(titles[0]) < html.index(titles[1])
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_unknown_nhs_number_is_one_sentence_and_exit_1(demo_db, capsys):
    assert main(["export", "plan", "943 476 5919", "--db", str(demo_db)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not in this neighbourhood" in err
    assert main(["export", "plan", "1234567890", "--db", str(demo_db)]) == 1
