"""`mdt export fhir`: a person's agreed plan as a FHIR R4 Bundle (type collection) for the Shared Care Record,
built and parsed with fhir.resources (its R4B models, wire-compatible with R4 for these resources) and
checked by mdt_tui.exports.fhir_checks. Ids are UUIDs derived from stable keys, so the same record gives the same
bytes. fhir.resources is imported only here, only when a bundle is made (start-up time)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from mdt_tui.codes import MDT_REVIEW_COMPLETED, WRITABLE
from mdt_tui.errors import MdtError
from mdt_tui.exports.fhir_checks import NHS_NUMBER_SYSTEM, SNOMED, bundle_problem

_NAMESPACE = uuid.UUID("0f6c5a2e-52d4-4c1e-9a51-7d0d4f1b6c17")  # fixed: ids stay the same run after run
_UK_CORE = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-"
# UK Core (R4) has no Goal or Task profile: those carry none.
PROFILED = ("Patient", "Encounter", "Observation", "Condition", "CarePlan", "CareTeam", "Consent", "Practitioner")
_TASK_STATUS = {"open": "requested", "done": "completed", "cancelled": "cancelled"}


def _url(*key: object) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, '/'.join(map(str, key)))}"


@dataclass
class _Entries:
    items: list[tuple[str, dict]] = field(default_factory=list)
    owners: dict[str, str] = field(default_factory=dict)

    def add(self, url: str, kind: str, body: dict, owner: str = "") -> dict:
        if url in self.owners:  # a practitioner shared by two people's plans is one entry
            return {"reference": url}
        meta = {"meta": {"profile": [_UK_CORE + kind]}} if kind in PROFILED else {}
        self.items.append((url, {"resourceType": kind, "id": url.removeprefix("urn:uuid:"), **meta, **body}))
        self.owners[url] = owner
        return {"reference": url}


def _snomed(code: str, term: str) -> dict:
    return {"coding": [{"system": SNOMED, "code": code, "display": term}], "text": term}


def _practitioner(entries: _Entries, members: dict, member_id: int | None) -> dict | None:
    member = members.get(member_id)
    if member is None:
        return None
    ref = entries.add(
        _url("practitioner", member.id), "Practitioner", {"name": [{"text": member.name}], "active": True}
    )
    return {**ref, "display": member.name}


def _person(entries: _Entries, store: Any, person_id: int, members: dict) -> None:  # noqa: C901 - one resource each
    patient = store.patient(person_id)
    nhs = patient.nhs_number
    me = entries.add(
        _url("patient", nhs),
        "Patient",
        {
            "identifier": [{"system": NHS_NUMBER_SYSTEM, "value": nhs}],
            "name": [{"use": "official", "family": patient.family_name, "given": [patient.given_name]}],
            "gender": patient.sex,
            "birthDate": patient.date_of_birth.isoformat(),
        },
        nhs,
    )
    versions = store.plan_versions(person_id)
    if not versions:
        raise MdtError(f"NHS number {nhs} has no plan agreed at an MDT review yet: nothing to share.")
    version = versions[-1]
    plan = version.plan
    review = entries.add(
        _url("encounter", nhs, version.number),
        "Encounter",
        {
            "status": "finished",
            "class": {
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                "code": "AMB",
                "display": "ambulatory",
            },
            "type": [_snomed(MDT_REVIEW_COMPLETED.sctid, MDT_REVIEW_COMPLETED.term)],
            "subject": me,
            "period": {"start": version.completed_on.isoformat(), "end": version.completed_on.isoformat()},
        },
        nhs,
    )
    for event in store.coded_events(person_id=person_id):
        if event.value is None or event.snomed_code not in WRITABLE:
            continue
        value = {"valueInteger": int(event.value)} if event.value.isdigit() else {"valueString": event.value}
        entries.add(
            _url("observation", nhs, event.event_id),
            "Observation",
            {
                "status": "final",
                "code": _snomed(event.snomed_code, event.term),
                "subject": me,
                "effectiveDateTime": event.effective_date.isoformat(),
                **value,
            },
            nhs,
        )
    active = [p for p in version.problems if p.status == "active"]
    conditions = {}
    for priority, problem in enumerate(active, 1):
        notes = [f"MDT priority {priority} of {len(active)} ({problem.domain})"]
        notes += [
            f"{label}: {text}"
            for label, text in (("Key risks", problem.key_risks), ("Management plan", problem.management_plan))
            if text
        ]
        conditions[problem.id] = entries.add(
            _url("condition", nhs, problem.id),
            "Condition",
            {
                "clinicalStatus": {
                    "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]
                },
                "category": [
                    {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/condition-category",
                                "code": "problem-list-item",
                                "display": "Problem List Item",
                            }
                        ]
                    }
                ],
                "code": {"text": problem.title},
                "subject": me,
                "note": [{"text": n} for n in notes],
            },
            nhs,
        )
    cga = store.latest_completed_cga(person_id)
    goals = []
    for index, goal in enumerate(cga.goals if cga else []):
        addresses = [conditions[p.id] for p in active if goal.text in p.goals]
        goals.append(
            entries.add(
                _url("goal", nhs, index, goal.text),
                "Goal",
                {
                    "lifecycleStatus": "active",
                    "description": {"text": goal.text},
                    "subject": me,
                    **({"addresses": addresses} if addresses else {}),
                },
                nhs,
            )
        )
    lead = _practitioner(entries, members, plan.lead_member_id)
    coordinator = _practitioner(entries, members, plan.care_coordinator_id)
    participants: list[dict[str, Any]] = (
        [{"role": [{"text": "Named lead professional"}], "member": lead}] if lead else []
    )
    if coordinator:
        participants.append({"role": [{"text": "Care coordinator"}], "member": coordinator})
    care_plan_url = _url("careplan", nhs, version.number)
    tasks, owners_seen = [], {p["member"]["reference"] for p in participants}
    for action in version.actions:
        owner = _practitioner(entries, members, action.owner_id)
        if owner and owner["reference"] not in owners_seen:
            owners_seen.add(owner["reference"])
            participants.append({"role": [{"text": "Team member"}], "member": owner})
        tasks.append(
            entries.add(
                _url("task", nhs, action.id),
                "Task",
                {
                    "status": _TASK_STATUS[action.status],
                    "intent": "plan",
                    "description": action.description,
                    "for": me,
                    "basedOn": [{"reference": care_plan_url}],
                    **({"owner": owner} if owner else {}),
                    **({"restriction": {"period": {"end": action.due_date.isoformat()}}} if action.due_date else {}),
                },
                nhs,
            )
        )
    team = entries.add(
        _url("careteam", nhs, version.number),
        "CareTeam",
        {"status": "active", "name": "INT MDT", "subject": me, "participant": participants},
        nhs,
    )
    period = {
        "start": version.completed_on.isoformat(),
        **({"end": plan.next_review.isoformat()} if plan.next_review else {}),
    }
    entries.add(
        care_plan_url,
        "CarePlan",
        {
            "status": "active",
            "intent": "plan",
            "title": "Care and Support Plan",
            "subject": me,
            "encounter": review,
            "period": period,
            **({"author": lead} if lead else {}),
            "careTeam": [team],
            "addresses": list(conditions.values()),
            "goal": goals,
            "activity": [{"reference": t} for t in tasks],
            "note": [
                {"text": f"{label}: {text}"}
                for label, text in (
                    ("Crisis plan", plan.crisis_plan),
                    ("Treatment escalation plan", plan.escalation_plan),
                    ("Medicines plan", plan.medication_plan),
                    ("Care coordination", plan.coordination_plan),
                )
                if text
            ],
        },
        nhs,
    )
    if plan.consent_to_share is not None:
        entries.add(
            _url("consent", nhs, version.number),
            "Consent",
            {
                "status": "active" if plan.consent_to_share else "rejected",
                "scope": {
                    "coding": [
                        {"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}
                    ]
                },
                "category": [
                    {
                        "coding": [{"system": "http://loinc.org", "code": "59284-0"}],
                        "text": "Consent to share the Care and Support Plan",
                    }
                ],
                "patient": me,
                "dateTime": version.completed_on.isoformat(),
                "policyRule": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                            "code": "OPTIN" if plan.consent_to_share else "OPTOUT",
                        }
                    ]
                },
                **(
                    {
                        "provision": {
                            "actor": [
                                {
                                    "role": {
                                        "coding": [
                                            {
                                                "system": "http://terminology.hl7.org/CodeSystem/v3-RoleClass",
                                                "code": "IRCP",
                                            }
                                        ]
                                    },
                                    "reference": {"display": plan.share_with},
                                }
                            ]
                        }
                    }
                    if plan.share_with
                    else {}
                ),
            },
            nhs,
        )


def fhir_bundle(store: Any, person_ids: list[int]) -> str:
    """The Bundle's JSON (UTF-8 text, keys in FHIR order, 2-space indent): identical for the same record.
    MdtError, nothing written, when a person has no agreed plan or a check fails."""
    from fhir.resources.R4B.bundle import Bundle

    members = {m.id: m for m in store.team(include_inactive=True)}
    entries = _Entries()
    for person_id in person_ids:
        _person(entries, store, person_id, members)
    body = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(_NAMESPACE, "bundle/" + ",".join(sorted(v for v in entries.owners.values() if v)))),
        "meta": {"profile": [_UK_CORE + "Bundle"]},
        "type": "collection",
        "entry": [{"fullUrl": url, "resource": r} for url, r in entries.items],
    }
    bundle = Bundle.model_validate(body)
    data = json.loads(bundle.model_dump_json(by_alias=True, exclude_none=True))
    if problem := bundle_problem(data, entries.owners):
        raise MdtError(f"The FHIR bundle failed its check: {problem} Nothing was written.")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
