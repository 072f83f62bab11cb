import pytest

from mdt_tui.nhs_number import InvalidNHSNumber, check_digit, format_nhs_number, normalise_nhs_number


@pytest.mark.parametrize("raw", ["9434765919", "943 476 5919", "943-476-5919", " 943 476-5919 "])
def test_valid_numbers_normalise_to_ten_digits(raw):
    assert normalise_nhs_number(raw) == "9434765919"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("9434765918", "fails its check digit"),
        ("943476591", "has 9 digits; it needs 10"),
        ("94347659190", "has 11 digits"),
        ("943476591X", "only the digits 0-9"),
        ("", "empty"),
        ("1000000010", "fails its check digit"),  # remainder gives check digit 10: never valid
    ],
)
def test_invalid_numbers_raise_a_readable_message(raw, fragment):
    with pytest.raises(InvalidNHSNumber, match=fragment):
        normalise_nhs_number(raw)


def test_check_digit_rules():
    assert check_digit("943476591") == 9
    assert check_digit("100000001") is None  # 11 - (sum mod 11) == 10
    assert check_digit("000000000") == 0  # 11 → 0


def test_message_formats_number_the_nhs_way():
    with pytest.raises(InvalidNHSNumber) as info:
        normalise_nhs_number("9434765918")
    assert "943 476 5918" in str(info.value)
    assert format_nhs_number("9434765919") == "943 476 5919"
