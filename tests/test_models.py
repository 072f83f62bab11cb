from datetime import date

import pytest
from pydantic import ValidationError

from mdt_tui.models import CarerLink, CohortEntry, TeamMember, User, age_on
from mdt_tui.roles import Role
from tests.conftest import make_entry, make_patient


def test_patient_normalises_identifiers():
    patient = make_patient("943 476 5919", practice_code=" x99001 ")
    assert patient.nhs_number == "9434765919"
    assert patient.practice_code == "X99001"
    assert patient.display_name == "Example, Alex"


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("nhs_number", "9434765918", "check digit"),
        ("practice_code", "E8-2001", "ODS practice code"),
        ("family_name", "   ", "at least 1 character"),
        ("sex", "f", "female"),
    ],
)
def test_patient_rejects_bad_fields(field, value, fragment):
    with pytest.raises(ValidationError, match=fragment):
        make_patient(**{field: value})


def test_patient_rejects_unknown_fields():
    with pytest.raises(ValidationError, match="extra"):
        make_patient(nickname="Al")


def test_carer_link_validates_related_nhs_number():
    assert CarerLink(kind="cares_for", name="Irene Wilson", nhs_number="943 476 5919").nhs_number == "9434765919"
    with pytest.raises(ValidationError):
        CarerLink(kind="neighbour", name="Irene Wilson")


@pytest.mark.parametrize(
    ("field", "value"), [("efi", 1.2), ("cfs", 10), ("cfs", 0), ("ae_attendances_12m", -1), ("risk_grade", "Very high")]
)
def test_cohort_entry_bounds(field, value):
    with pytest.raises(ValidationError):
        make_entry(**{field: value})


def test_cohort_entry_accepts_full_row():
    entry = make_entry(efi=0.36, cfs=9, ae_attendances_12m=0, housebound=True)
    assert isinstance(entry, CohortEntry) and entry.cfs == 9


def test_team_member_and_user_roles():
    assert TeamMember(name="Dr A", role="gp").role is Role.GP
    with pytest.raises(ValidationError):
        User(name="Jo", role="surgeon")


def test_age_on_birthday_boundaries():
    dob = date(1941, 3, 5)
    assert age_on(dob, date(2026, 3, 4)) == 84
    assert age_on(dob, date(2026, 3, 5)) == 85
