"""Which matches enter may take without a choice: names as typed or NHS digits, never a near spelling."""

from mdt_tui.finder import find, sure_matches
from tests.test_finder import PEOPLE


def test_a_near_spelling_is_shown_but_never_sure():
    assert find("Wilsn", PEOPLE)  # shown, to choose from
    assert sure_matches("Wilsn", PEOPLE) == []
    assert sure_matches("Smith", PEOPLE) == []
    assert sure_matches("ilso", PEOPLE) == []  # inside a name, not its start


def test_names_and_digits_as_typed_are_sure():
    assert sure_matches("wilson mo", PEOPLE) == [1]
    assert sure_matches("wilson", PEOPLE) == [2, 1]
    assert sure_matches("999 517 8532", PEOPLE) == [1]
    assert sure_matches("", PEOPLE) == []
