"""ScoringSettings: the locally agreed cut-points and the pharmacist's ACB overrides used by score()."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .acb import lookup_drug, normalise_drug_name

AcbScore = Annotated[int, Field(strict=True, ge=0, le=3)]


class ScoringSettings(BaseModel):
    """Settings that change how answers are scored; every field has a sign-off-able default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ucla3_lonely_threshold: int = Field(
        6,
        strict=True,
        ge=4,
        le=9,
        description="UCLA-3 total at or above which the band is 'lonely' (default 6; "
        "no official cut-off exists, so the MDT owner signs off the one used).",
    )
    phq2_positive_threshold: int = Field(
        3,
        strict=True,
        ge=1,
        le=6,
        description="PHQ-2 total at or above which the screen is 'positive' (default 3; "
        "Arroll 2010: 2 is more sensitive, 3 more specific).",
    )
    gad2_positive_threshold: int = Field(
        3,
        strict=True,
        ge=1,
        le=6,
        description="GAD-2 total at or above which the screen is 'positive' (default 3).",
    )
    barthel_dependency_threshold: int = Field(
        60,
        strict=True,
        ge=0,
        le=100,
        description="Barthel total (0–100 scale; divided by 5 for the 0–20 version) at or below which the "
        "'dependency' problem is raised (default 60, i.e. 12/20; the MDT owner signs it off).",
    )
    acb_overrides: dict[str, AcbScore] = Field(
        default_factory=dict,
        description="A pharmacist's per-drug ACB score (0–3), keyed by drug name (UK or US, any case). "
        "Listed drugs are stored under their canonical UK name; the result records each override applied.",
    )

    @field_validator("acb_overrides")
    @classmethod
    def _canonical_drug_names(cls, overrides: dict[str, int]) -> dict[str, int]:
        canonical: dict[str, int] = {}
        for name, value in overrides.items():
            key = normalise_drug_name(name)
            if not key:
                raise ValueError("an ACB override needs a drug name")
            drug = lookup_drug(key)
            key = drug.name if drug else key
            if canonical.get(key, value) != value:
                raise ValueError(f"conflicting ACB overrides for {key!r}")
            canonical[key] = value
        return canonical
