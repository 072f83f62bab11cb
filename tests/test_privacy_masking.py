"""Names in free text on a shared screen (issue 14): with privacy on, the person's and household's given and
family names are shown as initials — whole words, any case, possessives — and nothing else is touched."""

import pytest

from mdt_tui.households.records import Carer, Household, HouseholdMember, HouseholdView
from mdt_tui.privacy import NameMask, household_names, mask_names, name_words

NAMES = ["Wilson, Mohammed", "Irene Wilson", "Will Smith-Jones", "O'Brien, Ann"]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Irene is struggling", "I. is struggling"),
        ("spoke to IRENE and irene", "spoke to I. and I."),
        ("Mr Wilson's falls", "Mr W.'s falls"),
        ("Mr Wilson’s falls", "Mr W.’s falls"),
        ("the Wilsons' house", "the Wilsons' house"),  # another word, not the name
        ("'Irene' said so", "'I.' said so"),
        ("see Mohammed.", "see M."),
        ("Smith-Jones rang, then Jones and Smith", "S.-J. rang, then J. and S."),
        ("O'Brien's daughter", "O.'s daughter"),
    ],
)
def test_names_are_masked_as_initials(typed, shown):
    assert mask_names(typed, NAMES) == shown


@pytest.mark.parametrize(
    "typed",
    [
        "willing and wilful",  # "Will" inside other words
        "Ann-Marie and Annette visited",  # "Ann" inside a hyphenated or longer name
        "Brien is not O'Brien's first name",  # only the whole O'Brien is a name
        "she will call; the will is with the solicitor",  # a name that is an everyday word, in lower case
        "Irenes, Wilsonville, mohammedan",
        "",
    ],
)
def test_other_words_are_left_alone(typed):
    masked = mask_names(typed, NAMES)
    assert masked == typed.replace("O'Brien's", "O.'s")


def test_a_name_that_is_a_common_word_is_masked_when_written_as_a_name():
    assert mask_names("Will will ring May in may", ["Will Rose", "May Rose"]) == "W. will ring M. in may"
    assert mask_names("Rose's rose garden", ["Rose, Hope"]) == "R.'s rose garden"


def test_privacy_off_and_no_names_change_nothing():
    assert mask_names("Irene is struggling", NAMES, private=False) == "Irene is struggling"
    assert NameMask([])("Irene") == "Irene"
    assert NameMask(["", " ", "A. B"])("A B") == "A B"  # initials alone are not masked: nothing to find


def test_hostile_text_is_not_read_as_a_pattern():
    assert mask_names("(a+)+ [x] \\1 Irene", ["(a+)+", "[x]", "\\1", "Irene"]) == "(a+)+ [x] \\1 I."


def test_name_words_include_the_parts_of_a_name_longest_first():
    assert name_words("Smith-Jones, Mary Ann") == ["Smith-Jones", "Jones", "Smith", "Mary", "Ann"]


def test_household_names_are_every_member_carer_and_cared_for_person():
    view = HouseholdView(
        1,
        Household(id=1, kind="couple", members=[HouseholdMember(name="Wilson, Irene", relationship="wife")]),
        carers=(
            Carer(id=1, cared_for_id=1, cared_for_name="Wilson, Mohammed", carer_person_id=None, name="Asha Wilson"),
        ),
    )
    assert household_names(view) == ["Wilson, Irene", "Asha Wilson"]
    assert household_names(None) == []
