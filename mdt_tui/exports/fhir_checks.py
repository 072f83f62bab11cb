"""Checks on a FHIR Bundle that fhir.resources does not make: every reference resolves inside the bundle,
every resource about a person points at that person's own Patient, NHS numbers pass Modulus 11, and every
SNOMED CT code comes from the code register. Plain dicts in, one sentence out (or None)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mdt_tui.codes import BY_CODE
from mdt_tui.nhs_number import is_valid_nhs_number

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
SNOMED = "http://snomed.info/sct"
_PATIENT_LINKS = ("subject", "patient", "for", "beneficiary")  # where a resource names the person it is about


def _walk(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}" if path else key, item
            yield from _walk(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, path)


def bundle_problem(bundle: dict, owners: dict[str, str]) -> str | None:
    """The first thing wrong with ``bundle`` (its JSON as a dict), or None. ``owners``: each entry's fullUrl
    -> the NHS number of the person it was built for."""
    entries = bundle.get("entry", [])
    urls = [e["fullUrl"] for e in entries]
    if len(set(urls)) != len(urls):
        return "two entries of the bundle share a fullUrl."
    patients = {e["fullUrl"]: _nhs(e["resource"]) for e in entries if e["resource"]["resourceType"] == "Patient"}
    for entry in entries:
        resource, url = entry["resource"], entry["fullUrl"]
        kind = resource["resourceType"]
        for path, value in _walk(resource):
            if path.endswith("reference") and isinstance(value, str) and value not in urls:
                return f"{kind} {resource.get('id')} refers to {value}, which is not in the bundle."
            if path.endswith("identifier") and isinstance(value, list):
                for ident in value:
                    if ident.get("system") == NHS_NUMBER_SYSTEM and not is_valid_nhs_number(ident.get("value", "")):
                        return f"{kind} {resource.get('id')} carries an NHS number that fails its Modulus 11 check."
            if path.endswith("coding") and isinstance(value, list):
                for coding in value:
                    if coding.get("system") == SNOMED and coding.get("code") not in BY_CODE:
                        return (
                            f"{kind} {resource.get('id')} carries SNOMED CT {coding.get('code')}, not in the register."
                        )
        for link in _PATIENT_LINKS:
            target = resource.get(link, {}).get("reference") if isinstance(resource.get(link), dict) else None
            if target in patients and patients[target] != owners.get(url):
                return f"{kind} {resource.get('id')} refers to another person's Patient."
    return None


def _nhs(patient: dict) -> str:
    return next((i["value"] for i in patient.get("identifier", []) if i.get("system") == NHS_NUMBER_SYSTEM), "")
