from mdt_tui.finder import find, fold

PEOPLE = [
    (1, "Wilson", "Mohammed", "9995178532"),
    (2, "Wilson", "Irene", "9995178541"),
    (3, "Lee", "Siân", "9991058109"),
    (4, "Wilkinson", "Arthur", "9990000001"),
    (5, "Brown", "Wilma", "9990000002"),
]


def test_words_match_name_starts_in_any_order():
    assert find("wilson mo", PEOPLE) == [1]
    assert find("mohammed wilson", PEOPLE) == [1]
    assert find("Wilson, Irene", PEOPLE) == [2]


def test_prefix_matches_rank_before_inner_matches():
    assert find("wil", PEOPLE) == [4, 2, 1, 5]
    assert find("kinson", PEOPLE) == [4]


def test_accents_and_case_are_ignored():
    assert find("SIAN", PEOPLE) == [3]
    assert fold("Zoë") == "zoe"


def test_typos_still_find_the_family_name():
    assert find("wilsn", PEOPLE)[:2] == [2, 1]


def test_nhs_number_digits_with_spaces():
    assert find("999 517", PEOPLE) == [1, 2]
    assert find("8109", PEOPLE) == [3]


def test_blank_query_and_limit():
    assert find("  ", PEOPLE) == []
    assert len(find("w", PEOPLE, limit=2)) == 2
