"""`mdt export fhir`: a FHIR R4 Bundle that fhir.resources parses back, whose references all resolve inside
it, with the Patient's NHS number and a CarePlan linking problems, goals and actions; identical bytes twice."""

import copy
import json
import subprocess
import sys

from fhir.resources.R4B.bundle import Bundle

from mdt_tui.cli import main
from mdt_tui.codes import WRITABLE
from mdt_tui.exports.fhir_bundle import PROFILED
from mdt_tui.exports.fhir_checks import NHS_NUMBER_SYSTEM, bundle_problem
from mdt_tui.pathway import Stage
from mdt_tui.store.store import Store


def _planned(demo_db):
    with Store.open(demo_db) as store:
        for person in store.people([Stage.PLANNED]):
            versions = store.plan_versions(person.id)
            if versions and [p for p in versions[-1].problems if p.status == "active"] and versions[-1].actions:
                return store.patient(person.id), versions[-1], store.latest_completed_cga(person.id)
    raise AssertionError("the demo has a person with an agreed plan, problems and actions")


def _by_type(data):
    out = {}
    for entry in data["entry"]:
        out.setdefault(entry["resource"]["resourceType"], []).append(entry)
    return out


def test_a_person_s_agreed_plan_as_a_bundle_that_parses_back_and_resolves(demo_db, tmp_path):
    patient, version, cga = _planned(demo_db)
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for out in (first, second):
        assert main(["export", "fhir", patient.nhs_number, "--db", str(demo_db), "--out", str(out)]) == 0
    assert first.read_bytes() == second.read_bytes()  # stable ids, same bytes
    assert (first.stat().st_mode & 0o777) == 0o600
    bundle = Bundle.model_validate_json(first.read_text())  # fhir.resources parses it back
    assert bundle.type == "collection"
    data = json.loads(first.read_text())
    kinds = _by_type(data)
    owners = {e["fullUrl"]: patient.nhs_number for e in data["entry"]}
    assert bundle_problem(data, owners) is None
    [me] = kinds["Patient"]
    person = me["resource"]
    assert person["identifier"] == [{"system": NHS_NUMBER_SYSTEM, "value": patient.nhs_number}]
    exported = {
        "nhs_number": person["identifier"][0]["value"],
        "family_name": person["name"][0]["family"],
        "given_name": person["name"][0]["given"][0],
        "date_of_birth": person["birthDate"],
        "sex": person["gender"],
    }
    for field, value in exported.items():  # every Patient field the export touches comes back as stored
        stored = getattr(patient, field)
        assert value == (stored.isoformat() if hasattr(stored, "isoformat") else stored), field
    [plan] = kinds["CarePlan"]
    care_plan = plan["resource"]
    active = [p for p in version.problems if p.status == "active"]
    assert {a["reference"] for a in care_plan["addresses"]} == {e["fullUrl"] for e in kinds["Condition"]}
    assert len(kinds["Condition"]) == len(active)
    assert [c["resource"]["code"]["text"] for c in kinds["Condition"]] == [p.title for p in active]
    assert "MDT priority 1 of" in kinds["Condition"][0]["resource"]["note"][0]["text"]
    assert {g["reference"] for g in care_plan["goal"]} == {e["fullUrl"] for e in kinds.get("Goal", [])}
    assert [g["resource"]["description"]["text"] for g in kinds.get("Goal", [])] == [g.text for g in cga.goals]
    tasks = {e["fullUrl"]: e["resource"] for e in kinds["Task"]}
    assert {a["reference"]["reference"] for a in care_plan["activity"]} == set(tasks)
    assert sorted(t["description"] for t in tasks.values()) == sorted(a.description for a in version.actions)
    for action in version.actions:
        [task] = [t for t in tasks.values() if t["description"] == action.description]
        assert task["status"] == {"open": "requested", "done": "completed", "cancelled": "cancelled"}[action.status]
        assert task.get("restriction", {}).get("period", {}).get("end") == (
            action.due_date.isoformat() if action.due_date else None
        )
        assert ("owner" in task) is (action.owner_id is not None)
    assert care_plan["careTeam"][0]["reference"] == kinds["CareTeam"][0]["fullUrl"]
    assert care_plan["encounter"]["reference"] == kinds["Encounter"][0]["fullUrl"]
    for entry in data["entry"]:
        resource = entry["resource"]
        profiled = resource["resourceType"] in PROFILED
        assert ("meta" in resource) is profiled
        if profiled:
            assert resource["meta"]["profile"] == [
                f"https://fhir.hl7.org.uk/StructureDefinition/UKCore-{resource['resourceType']}"
            ]
    for observation in kinds.get("Observation", []):
        assert observation["resource"]["code"]["coding"][0]["code"] in WRITABLE


def test_the_checks_find_what_the_library_does_not(demo_db, tmp_path):
    patient, _, _ = _planned(demo_db)
    out = tmp_path / "a.json"
    assert main(["export", "fhir", patient.nhs_number, "--db", str(demo_db), "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    owners = {e["fullUrl"]: patient.nhs_number for e in data["entry"]}
    kinds = _by_type(data)

    def broken(change):
        copied = copy.deepcopy(data)
        change(copied, _by_type(copied))
        return bundle_problem(copied, owners)

    assert "not in the bundle" in broken(
        lambda d, k: k["CarePlan"][0]["resource"]["goal"].append(
            {"reference": "urn:uuid:00000000-0000-0000-0000-000000000000"}
        )
    )
    assert "Modulus 11" in broken(lambda d, k: k["Patient"][0]["resource"]["identifier"][0].update(value="9990000019"))
    assert "not in the register" in broken(
        lambda d, k: k["Encounter"][0]["resource"]["type"][0]["coding"][0].update(code="123456789")
    )
    other = dict(owners, **{kinds["Condition"][0]["fullUrl"]: "9990000018"})  # built for another person
    assert "another person's Patient" in bundle_problem(data, other)


def test_everyone_and_bad_input_in_one_sentence(demo_db, tmp_path, capsys):
    db = str(demo_db)
    assert main(["export", "fhir", "--all", "--db", db, "--out", str(tmp_path / "all.json")]) == 0
    data = json.loads((tmp_path / "all.json").read_text())
    with Store.open(demo_db) as store:
        planned = [p for p in store.people() if store.plan_versions(p.id)]
        unplanned = next(p for p in store.people([Stage.IDENTIFIED]))
    assert len(_by_type(data)["Patient"]) == len(planned) and len(_by_type(data)["CarePlan"]) == len(planned)
    capsys.readouterr()
    for args, said in (
        (["export", "fhir", unplanned.nhs_number], "no plan agreed"),
        (["export", "fhir", "9990000019"], "check digit"),
        (["export", "fhir"], "an NHS number or --all"),
        (["export", "fhir", unplanned.nhs_number, "--all"], "an NHS number or --all"),
    ):
        code = main([*args, "--db", db, "--out", str(tmp_path / "x.json")])
        err = capsys.readouterr().err
        assert code in (1, 2) and err.count("\n") == 1 and said in err, (args, err)
        assert not (tmp_path / "x.json").exists()


def test_the_cli_and_the_exporter_do_not_import_fhir_resources_until_a_bundle_is_made():
    code = (
        "import sys, mdt_tui.cli, mdt_tui.commands, mdt_tui.exports.delivery_commands, mdt_tui.exports.fhir_bundle;"
        " print(any(m.startswith('fhir') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr
