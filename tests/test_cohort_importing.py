"""What an import will do, and when it is refused: the core shared by `mdt import-cohort` and the import screen."""

from datetime import date
from pathlib import Path

import pytest

from mdt_tui.cohort import read_cohort_file
from mdt_tui.cohort.importing import NO_MEMBERS, SearchMembers, import_file, movers, preview, refusal
from mdt_tui.errors import MdtError
from mdt_tui.pathway import Stage
from tests.conftest import TODAY

FIXTURES = Path(__file__).parent / "fixtures" / "cohort"
HOW = "use --skip-invalid"


def read(tmp_path: Path, name: str, text: str | None = None):
    path = tmp_path / name
    path.write_text(text if text is not None else (FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    return read_cohort_file(path, today=TODAY)


def test_refusals_name_the_problem_and_how_to_go_on(tmp_path):
    bad = read(tmp_path, "row_errors.csv")
    assert refusal(bad, skip_invalid=False, how_to_skip=HOW) == (
        "Nothing imported: 18 problem(s) in 13 row(s). Fix them, or use --skip-invalid to import the valid rows."
    )
    assert refusal(bad, skip_invalid=True, how_to_skip=HOW) is None
    header_only = read(tmp_path, "empty.csv", "NHS Number,Surname,Forename,Date of Birth,ODS Code\n")
    assert refusal(header_only, skip_invalid=True, how_to_skip=HOW) == "Nothing imported: the file has no data rows."
    all_bad = read(
        tmp_path,
        "all_bad.csv",
        "NHS Number,Surname,Forename,Date of Birth,ODS Code\n999 000 0019,Checkdigit,Bea,01/01/1941,E82001\n",
    )
    assert refusal(all_bad, skip_invalid=True, how_to_skip=HOW) == "Nothing imported: no row is valid."


def test_a_refused_file_changes_nothing_even_when_skipping_leaves_no_rows(store, user, tmp_path):
    all_bad = read(
        tmp_path,
        "all_bad.csv",
        "NHS Number,Surname,Forename,Date of Birth,ODS Code\n999 000 0019,Checkdigit,Bea,01/01/1941,E82001\n",
    )
    good = read(tmp_path, "emis_export.csv")
    import_file(store, user, good, search_name="S", run_date=date(2026, 11, 1), skip_invalid=False, how_to_skip=HOW)
    with pytest.raises(MdtError, match="no row is valid"):  # would otherwise mark all three "no longer in search"
        import_file(
            store, user, all_bad, search_name="S", run_date=date(2026, 11, 20), skip_invalid=True, how_to_skip=HOW
        )
    assert store.db.execute("SELECT count(*) FROM patients WHERE in_latest_search = 1").fetchone()[0] == 3
    assert not (tmp_path / "all_bad.rejects.csv").exists()


def test_the_preview_matches_what_the_import_then_does(store, user, tmp_path):
    first = read(tmp_path, "emis_export.csv")
    import_file(store, user, first, search_name="S", run_date=date(2026, 11, 1), skip_invalid=False, how_to_skip=HOW)
    held = {row.nhs_number: row for row in first.rows}
    declined_nhs = next(iter(held))
    store.db.execute("UPDATE patients SET stage = 'declined' WHERE nhs_number = ?", [declined_nhs])
    second = read(tmp_path, "date_formats.csv")  # other people, plus none of the first file's
    combined = read(tmp_path, "combined.csv", (FIXTURES / "emis_export.csv").read_text(encoding="utf-8"))

    members = store.search_members_named("S")
    assert set(members.names) == set(held) and members.latest_run == date(2026, 11, 1)
    assert members.names["9990000018"] == "Testwood, Margaret"
    assert store.search_members_named("Another search") == SearchMembers({}, None) == NO_MEMBERS
    stages = store.stages_by_nhs_number()
    assert stages[declined_nhs] is Stage.DECLINED

    again = preview(combined, stages)
    assert (again.new, again.known, again.keep_status[Stage.DECLINED]) == (0, 3, 1)
    assert again.line() == "0 new, 3 already held (1 declined keeps that status)"
    assert preview(second, stages).new == len(second.rows)

    # an older run: nobody moves
    assert movers(second, members.names, members.latest_run, date(2026, 10, 1)) == ([], [])
    joined, left = movers(second, members.names, members.latest_run, date(2026, 11, 20))
    summary, rejects = import_file(
        store, user, second, search_name="S", run_date=date(2026, 11, 20), skip_invalid=False, how_to_skip=HOW
    )
    assert len(left) == summary.no_longer_in_search == 3 and rejects is None
    assert (tuple(joined), tuple(left)) == (summary.joined, summary.left) and len(joined) == len(second.rows)


def test_progress_only_moves_forward_and_ends_complete(store, user, tmp_path):
    file = read(tmp_path, "date_formats.csv")
    seen: list[tuple[int, int]] = []
    import_file(
        store,
        user,
        file,
        search_name="S",
        run_date=date(2026, 11, 1),
        skip_invalid=False,
        how_to_skip=HOW,
        progress=lambda done, total: seen.append((done, total)),
    )
    totals = {total for _, total in seen}
    assert len(totals) == 1 and totals.pop() == 4 * len(file.rows)
    done = [d for d, _ in seen]
    assert done == sorted(done) and len(done) >= 3 and done[-1] == seen[-1][1]
