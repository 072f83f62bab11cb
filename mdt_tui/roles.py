"""Team roles from the blueprint, and the groups of roles that pathway steps allow."""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    CARE_COORDINATOR = "care_coordinator"
    GP = "gp"
    NURSE = "nurse"
    PHARMACIST = "pharmacist"
    SOCIAL_PRESCRIBER = "social_prescriber"
    SOCIAL_CARE = "social_care"
    GERIATRICIAN = "geriatrician"
    MENTAL_HEALTH = "mental_health"
    PALLIATIVE_CARE = "palliative_care"
    THERAPIST = "therapist"
    VOLUNTARY_SECTOR = "voluntary_sector"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.CARE_COORDINATOR: "Care coordinator",
    Role.GP: "GP",
    Role.NURSE: "Community nurse",
    Role.PHARMACIST: "Practice pharmacist",
    Role.SOCIAL_PRESCRIBER: "Social prescriber / care navigator",
    Role.SOCIAL_CARE: "Adult social care",
    Role.GERIATRICIAN: "Consultant geriatrician",
    Role.MENTAL_HEALTH: "Older-age mental health",
    Role.PALLIATIVE_CARE: "Palliative care / hospice",
    Role.THERAPIST: "Therapist (OT / physio)",
    Role.VOLUNTARY_SECTOR: "Voluntary sector (VCFSE)",
    Role.ADMIN: "Administrator / minute-taker",
}

EVERYONE: frozenset[Role] = frozenset(Role)
CLINICAL: frozenset[Role] = frozenset(
    {
        Role.CARE_COORDINATOR,
        Role.GP,
        Role.NURSE,
        Role.PHARMACIST,
        Role.GERIATRICIAN,
        Role.MENTAL_HEALTH,
        Role.PALLIATIVE_CARE,
        Role.THERAPIST,
    }
)
# Those who assess a person face to face; social prescribers collect the social domain.
ASSESSORS: frozenset[Role] = CLINICAL | {Role.SOCIAL_PRESCRIBER, Role.SOCIAL_CARE}
