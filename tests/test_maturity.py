"""Maturity self-assessment: levels from the blueprint's checklists, dated append-only entries with notes."""

from __future__ import annotations

from datetime import date

import pytest

from mdt_tui.errors import MdtError, StoreError
from mdt_tui.impact.maturity import CHECKLISTS, MaturityEntry, current_answers, history, level


def _entries(levels: tuple[str, ...], on: date, answer: str = "yes") -> list[MaturityEntry]:
    return [MaturityEntry(on, key, answer, "note", "A") for name in levels for key, _ in CHECKLISTS[name]]


def test_a_level_is_reached_only_with_every_item_of_it_and_below_in_place():
    on = date(2026, 3, 1)
    assert level({}) == ("Emerging", "0 of 9 Emerging items in place")
    emerging = current_answers(_entries(("Emerging",), on))
    assert level(emerging) == ("Emerging", "0 of 5 Maturing items in place")
    assert level(current_answers(_entries(("Emerging", "Maturing"), on)))[0] == "Maturing"
    assert level(current_answers(_entries(("Maturing", "Independent"), on)))[0] == "Emerging"  # no skipping
    assert level(current_answers(_entries(("Emerging", "Maturing", "Independent"), on))) == (
        "Independent",
        "every item in place",
    )


def test_the_latest_answer_counts_and_history_keeps_each_day():
    first = _entries(("Emerging", "Maturing"), date(2026, 1, 10))
    later = [MaturityEntry(date(2026, 4, 2), "single_point_of_access", "partly", "lost the hub", "B")]
    assert history(first + later) == [(date(2026, 1, 10), "Maturing"), (date(2026, 4, 2), "Emerging")]


def test_entries_are_stored_dated_audited_and_append_only(store, user):
    store.record_maturity(user, "leadership", "no", "no named lead yet", on=date(2026, 2, 1))
    store.record_maturity(user, "leadership", "yes", "Dr Ahmed leads", on=date(2026, 5, 1))
    entries = store.maturity_entries()
    assert [(e.assessed_on, e.answer, e.note) for e in entries] == [
        (date(2026, 2, 1), "no", "no named lead yet"),
        (date(2026, 5, 1), "yes", "Dr Ahmed leads"),
    ]
    with pytest.raises(StoreError):
        with store.transaction() as db:
            db.execute("UPDATE maturity_entries SET answer = 'yes'")


@pytest.mark.parametrize(
    ("item", "answer", "note", "said"),
    [
        ("vibes", "yes", "n", "not an item"),
        ("leadership", "maybe", "n", "yes, partly or no"),
        ("leadership", "yes", "  ", "Add a note"),
    ],
)
def test_bad_answers_are_one_sentence_and_store_nothing(store, user, item, answer, note, said):
    with pytest.raises(MdtError, match=said):
        store.record_maturity(user, item, answer, note, on=date(2026, 2, 1))
    assert store.maturity_entries() == []
