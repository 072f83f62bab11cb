"""The demo's households: the old-style links of its couples adopted, and Mr and Mrs C's daughter as carer."""

from __future__ import annotations

from datetime import date, timedelta

from mdt_tui.demo import MR_AND_MRS_C
from mdt_tui.households.records import CarerDetails, HouseholdMember, StrainReport
from mdt_tui.models import TeamMember, User
from mdt_tui.plan.records import ProblemDraft
from mdt_tui.store.household_adoption import adopt_carer_links
from mdt_tui.store.store import Store

DAUGHTER = "Jane Hughes"


def add_demo_households(store: Store, user: User, members: list[TeamMember], today: date) -> None:
    with store.transaction() as db:
        adopt_carer_links(db, user.name, store.clock().isoformat(timespec="seconds"))
    family, his, hers = MR_AND_MRS_C
    found = {
        r[1]: r[0]
        for r in store.db.execute(
            "SELECT id, given_name FROM patients WHERE family_name = ? AND given_name IN (?, ?)", (family, his, hers)
        )
    }
    household = store.household(found[hers])
    if household is None or household.id is None:  # linked just above
        raise RuntimeError("the demo couple's household was not made")
    store.add_household_member(
        user,
        household.id,
        HouseholdMember(name=DAUGHTER, relationship="daughter (her son has additional needs)", lives_with=False),
    )
    for person in (found[his], found[hers]):
        carer_id = store.add_carer(
            user,
            CarerDetails(
                name=DAUGHTER, relationship="daughter", main_carer=True, contact="07700 900 461", consent_to_hold=True
            ),
            cared_for_id=person,
        )
        store.record_carer_strain(
            user,
            carer_id,
            StrainReport(level="high", words="at the end of my tether", reported_on=today - timedelta(days=9)),
        )
        store.record_carer_assessment_offered(user, carer_id, today - timedelta(days=9))
    store.add_shared_problem(
        user,
        household.id,
        ProblemDraft(
            title="Carer breakdown if reablement ends",
            domain="social",
            key_risks="Daughter at the end of her tether; her son has additional needs",
        ),
    )
    social = next((m.id for m in members if m.role.value == "social_care"), None)
    store.add_carer_action(
        user,
        carer_id,
        description="Carer's assessment for Jane (adult social care)",
        owner_id=social,
        due=today + timedelta(days=14),
    )
