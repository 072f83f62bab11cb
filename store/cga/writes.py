"""CGA bundle reads and writes: a draft saved answer by answer, completion with its coded scores, earlier results.

Every write is one transaction with an audit row. The draft is found (or started) by person, so
a caller never needs a bundle id before the first answer is saved.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlite_utils

from mdt_tui.cga.bundle import (
    LISTS,
    AcbOverride,
    CgaBundle,
    ChecklistAnswer,
    RecordedResult,
    acb_drug_key,
    acb_override_refusal,
    bundle_results,
    cga_refusal,
    completion_check,
)
from mdt_tui.cga.checklists import CHECKLISTS
from mdt_tui.cga.coding import PlannedCode, administration_date, frailty_confirm_refusal, planned_codes
from mdt_tui.cga.problems import suggest_problems
from mdt_tui.cga.self_harm import extra_item
from mdt_tui.errors import IllegalTransition, MissingRequirement, NotFound, NotPermitted
from mdt_tui.instruments import INSTRUMENTS, ScoreResult, ScoringSettings
from mdt_tui.instruments.validation import check_value
from mdt_tui.models import NextOfKin, User, saved_id
from mdt_tui.store.audit import to_json, write_audit
from mdt_tui.store.cga.extras import CgaExtras, load_extras
from mdt_tui.store.cga.self_harm import _load as load_self_harm_action
from mdt_tui.store.connection import inserted_id
from mdt_tui.store.versions import check_entry_version

_RECORDED = (
    "SELECT r.instrument, r.total, r.band, r.band_label, r.summary,"
    " coalesce(r.administered_on, b.assessment_date) FROM cga_results r"
    " JOIN cga_bundles b ON b.id = r.bundle_id WHERE {where} ORDER BY b.assessment_date, b.id, r.id"
)
_DRAFT = "patient_id = ? AND status = 'draft'"


class CgaWrites(CgaExtras):
    """Mixed into Store; relies on ``transaction()``, ``clock``, ``db``, ``_stage_of`` and ``_apply``."""

    # -- reads ------------------------------------------------------------------------------
    def cga_draft(self, person_id: int) -> CgaBundle | None:
        """The person's CGA in progress, or None when there is none."""
        return self._cga_load(self.db, _DRAFT, [person_id])

    def cga_bundle(self, bundle_id: int) -> CgaBundle:
        bundle = self._cga_load(self.db, "id = ?", [bundle_id])
        if bundle is None:
            raise NotFound(f"There is no CGA {bundle_id}.")
        return bundle

    def latest_completed_cga(self, person_id: int) -> CgaBundle | None:
        """The most recent completed CGA, with its results and suggested problems."""
        return self._cga_load(self.db, "patient_id = ? AND status = 'completed'", [person_id])

    def cga_score_result(self, bundle_id: int, instrument_id: str) -> ScoreResult | None:
        """The full result recorded at completion (for ACB: each drug's score and the overrides applied)."""
        row = self.db.execute(
            "SELECT result, instrument, total, band, band_label, summary FROM cga_results"
            " WHERE bundle_id = ? AND instrument = ?",
            (bundle_id, instrument_id),
        ).fetchone()
        return None if row is None else stored_result(*row)

    def previous_cga_results(self, person_id: int) -> dict[str, RecordedResult]:
        """Each instrument's latest recorded result for this person (from completed CGAs only)."""
        return {r.instrument: r for r in _recorded(self.db, "b.patient_id = ? AND b.status = 'completed'", [person_id])}

    # -- draft writes -----------------------------------------------------------------------
    def save_cga_answer(
        self, user: User, person_id: int, instrument_id: str, item_id: str, value: Any, *, based_on: int | None = None
    ) -> int:
        """One instrument answer (None clears it), checked against its item; ValueError names the item.

        ``based_on`` (here and for checklists and lists): the answer's version from ``cga_entry_versions``
        the change was made on; an older one is refused (``StaleEdit``). Returns the answer's new version."""
        defn = INSTRUMENTS.get(instrument_id)
        extra = extra_item(instrument_id, item_id)  # PHQ-9 item 9, asked on the PHQ-2 route too
        if defn is None or (extra is None and item_id not in {item.id for item in defn.items}):
            raise NotFound(f"There is no question {item_id!r} in {instrument_id!r}.")
        if value is not None:
            value = (
                check_value(INSTRUMENTS["phq9"], extra, value)
                if extra
                else check_value(defn, defn.item(item_id), value)
            )
        return self._cga_put(user, person_id, "answer", instrument_id, item_id, value, based_on)

    def save_cga_checklist(
        self,
        user: User,
        person_id: int,
        checklist_id: str,
        question_id: str,
        answer: ChecklistAnswer,
        *,
        based_on: int | None = None,
    ) -> int:
        """One checklist line: the option chosen, its date as typed and a note."""
        try:
            question = CHECKLISTS[checklist_id].question(question_id)
        except KeyError:
            raise NotFound(f"There is no checklist question {checklist_id}/{question_id}.") from None
        answer = ChecklistAnswer.model_validate(answer.model_dump())  # a copy made with model_copy is unchecked
        if answer.answer is not None and answer.answer not in {o.id for o in question.options}:
            raise ValueError(f"{question.prompt}: {answer.answer!r} is not one of its answers.")
        return self._cga_put(user, person_id, "checklist", checklist_id, question_id, answer.model_dump(), based_on)

    def save_cga_list(
        self, user: User, person_id: int, list_id: str, rows: Sequence[Any], *, based_on: int | None = None
    ) -> int:
        """The whole list (medicines, goals in order, assessments done elsewhere), validated row by row."""
        if list_id not in LISTS:
            raise NotFound(f"There is no CGA list {list_id!r}.")
        model = LISTS[list_id].model
        checked = [row if isinstance(row, model) else model.model_validate(row) for row in rows]
        return self._cga_put(user, person_id, "list", list_id, "", [row.model_dump() for row in checked], based_on)

    def save_cga_pending(self, user: User, person_id: int, list_id: str, field: str, text: str) -> None:
        """Text typed into a list's entry field but not yet added, so that nothing typed is lost."""
        if list_id not in LISTS or field not in dict(LISTS[list_id].fields):
            raise NotFound(f"There is no CGA entry field {list_id}/{field}.")
        self._cga_put(user, person_id, "pending", list_id, field, text)

    def save_cga_acb_override(
        self, user: User, person_id: int, drug: str, score: int | None, reason: str = ""
    ) -> AcbOverride | None:
        """A pharmacist's ACB score (0–3) for one drug, with a reason; ``score=None`` removes it. Pharmacists only."""
        if refusal := acb_override_refusal(user.role):
            raise NotPermitted(refusal)
        key = acb_drug_key(drug)
        if score is None:
            draft = self.cga_draft(person_id)
            if draft is None or key not in draft.acb_overrides:
                raise NotFound(f"There is no ACB override for {key} to remove.")
            override = None
        else:
            if not reason.strip():
                raise MissingRequirement(f"Give a reason for overriding the ACB score of {key}: it is recorded.")
            override = AcbOverride.for_drug(key, score, reason)
        self._cga_put(user, person_id, "acb_override", "acb", key, None if override is None else override.model_dump())
        return override

    # -- completion -------------------------------------------------------------------------
    def complete_cga(
        self,
        user: User,
        person_id: int,
        *,
        on: date | None = None,
        scoring: ScoringSettings | None = None,
        allow_unfinished: bool = False,
        confirm_frailty: bool = False,
    ) -> CgaBundle:
        """Complete the draft: the pathway step (836131000000104), each result's coded events, the results.

        Refused while a self-harm answer has no same-day action, when a date does not parse, nothing
        is finished, a required domain has neither an instrument nor a reason, or (unless
        ``allow_unfinished``) an instrument is half answered; unfinished instruments keep their
        answers but are not recorded. Each coded event is dated its instrument's administration
        date. ``confirm_frailty``: a clinician confirms the CFS's frailty diagnosis (CFS 5-8 only).
        """
        scoring = scoring or ScoringSettings()
        now = self.clock()
        on = on or now.date()
        with self.transaction() as db:
            bundle = self._cga_load(db, _DRAFT, [person_id])
            if bundle is None:
                raise IllegalTransition("There is no CGA in progress for this person to complete.")
            check = completion_check(bundle, scoring)
            if refusal := check.refusal(allow_unfinished=allow_unfinished):
                raise MissingRequirement(refusal)
            results = bundle_results(bundle, scoring)
            if confirm_frailty and (refusal := frailty_confirm_refusal(user.role, results)):
                raise NotPermitted(refusal)
            if late := [
                f"{INSTRUMENTS[i].short_name} ({d:%d %b %Y})"
                for i, d in bundle.administered.items()
                if i in results and d > on
            ]:
                raise MissingRequirement(
                    f"Given after the assessment date {on:%d %b %Y}: {', '.join(late)}."
                    " Correct the date, or complete the CGA on a later day."
                )
            problems = suggest_problems(bundle, results)
            transition_id = self._apply(
                db,
                user,
                person_id,
                self._stage_of(db, person_id),
                "complete_cga",
                on,
                {"cga_id": bundle.id, "scores": {i: r.total for i, r in results.items()}},
            )
            planned = planned_codes(bundle, results, on, confirm_frailty=confirm_frailty)
            for result in results.values():
                given_on = administration_date(bundle, result.instrument, on)
                _record_result(
                    db,
                    user,
                    person_id,
                    saved_id(bundle.id),
                    result,
                    given_on,
                    [p for p in planned if p.instrument == result.instrument],
                    now,
                )
            self._cga_next_of_kin(db, user, person_id, bundle, now)
            db.execute(
                "UPDATE cga_bundles SET status = 'completed', assessment_date = ?, completed_at = ?,"
                " completed_by = ?, transition_id = ?, suggested_problems = ? WHERE id = ?",
                (
                    on.isoformat(),
                    _stamp(now),
                    user.name,
                    transition_id,
                    to_json([p.model_dump() for p in problems]),
                    bundle.id,
                ),
            )
            write_audit(
                db,
                user,
                now,
                "complete_cga",
                "cga_bundle",
                bundle.id,
                {"status": "draft"},
                {
                    "status": "completed",
                    "assessment_date": on,
                    "results": {i: r.summary for i, r in results.items()},
                    "acb_overrides": {
                        d: o.describe()
                        for d, o in bundle.acb_overrides.items()
                        if "acb" in results and (acb := results["acb"].acb) is not None and d in acb.overrides_applied
                    },
                    "suggested_problems": [p.title for p in problems],
                    "unfinished": check.unfinished,
                    "coded": [f"{p.code} {p.term} on {p.on}" for p in planned],
                    "frailty_diagnosis_confirmed_by": user.name if confirm_frailty else None,
                    "domain_reasons": {d: r.describe() for d, r in bundle.domain_reasons.items()},
                },
            )
        return self.cga_bundle(saved_id(bundle.id))

    # -- internals --------------------------------------------------------------------------
    def _cga_put(
        self, user: User, person_id: int, kind: str, section: str, key: str, value: Any, based_on: int | None = None
    ) -> int:
        """Write one entry of the draft; returns its version (``seq``: changed by every write of it)."""
        now = self.clock()
        encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
        with self.transaction() as db:
            bundle_id = self._cga_draft_id(db, user, person_id, now)
            old = db.execute(
                "SELECT value, seq FROM cga_entries WHERE bundle_id = ? AND kind = ? AND section = ? AND key = ?",
                (bundle_id, kind, section, key),
            ).fetchone()
            if old is not None and old[0] == encoded:
                return old[1]
            check_entry_version(db, bundle_id, kind, section, key, based_on)
            db.execute(
                "INSERT INTO cga_entries (bundle_id, kind, section, key, value, seq, updated_at, updated_by)"
                " VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM cga_entries WHERE bundle_id = ?),"
                " ?, ?) ON CONFLICT (bundle_id, kind, section, key) DO UPDATE SET value = excluded.value,"
                " seq = excluded.seq, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                (bundle_id, kind, section, key, encoded, bundle_id, _stamp(now), user.name),
            )
            where = {"section": section, "key": key}
            write_audit(
                db,
                user,
                now,
                f"save_cga_{kind}",
                "cga_bundle",
                bundle_id,
                {**where, "value": json.loads(old[0])} if old else None,
                {**where, "value": value},
            )
            return db.execute(
                "SELECT seq FROM cga_entries WHERE bundle_id = ? AND kind = ? AND section = ? AND key = ?",
                (bundle_id, kind, section, key),
            ).fetchone()[0]

    def _cga_draft_id(self, db: sqlite_utils.Database, user: User, person_id: int, now: datetime) -> int:
        row = db.execute(f"SELECT id FROM cga_bundles WHERE {_DRAFT}", [person_id]).fetchone()
        if row is not None:
            return row[0]
        refusal = cga_refusal(self._stage_of(db, person_id), user.role)
        if refusal:
            raise IllegalTransition(refusal)
        cursor = db.execute(
            "INSERT INTO cga_bundles (patient_id, started_on, started_at, started_by) VALUES (?, ?, ?, ?)",
            (person_id, now.date().isoformat(), _stamp(now), user.name),
        )
        write_audit(db, user, now, "start_cga", "cga_bundle", cursor.lastrowid, None, {"patient_id": person_id})
        return inserted_id(cursor)

    def _cga_load(self, db: sqlite_utils.Database, where: str, params: list) -> CgaBundle | None:
        row = next(
            db.query(f"SELECT * FROM cga_bundles WHERE {where} ORDER BY assessment_date DESC, id DESC LIMIT 1", params),
            None,
        )
        if row is None:
            return None
        bundle = CgaBundle(
            id=row["id"],
            person_id=row["patient_id"],
            status=row["status"],
            started_on=row["started_on"],
            started_by=row["started_by"],
            assessment_date=row["assessment_date"],
            completed_by=row["completed_by"],
            suggested_problems=json.loads(row["suggested_problems"]),
        )
        for kind, section, key, value in db.execute(
            "SELECT kind, section, key, value FROM cga_entries WHERE bundle_id = ? ORDER BY seq", [row["id"]]
        ):
            bundle.apply_entry(kind, section, key, json.loads(value))
        load_extras(db, bundle)
        bundle.self_harm = load_self_harm_action(db, "bundle_id = ?", [bundle.id])
        if bundle.status == "completed":
            bundle.results = {r.instrument: r for r in _recorded(db, "b.id = ?", [bundle.id])}
        return bundle

    def _cga_next_of_kin(
        self, db: sqlite_utils.Database, user: User, person_id: int, bundle: CgaBundle, now: datetime
    ) -> None:
        """A next of kin the person changed (or said they have none) updates their record."""
        answers = {q: bundle.checklist_answer("next_of_kin", q) for q in ("status", "name", "relationship", "phone")}
        status = answers["status"].answer
        if status not in ("changed", "none"):
            return
        if status == "changed" and not answers["name"].note:
            raise MissingRequirement("Next of kin is marked changed: give their name, or choose another answer.")
        kin = (
            None
            if status == "none"
            else NextOfKin(
                name=answers["name"].note, relationship=answers["relationship"].note, phone=answers["phone"].note
            )
        )
        after = to_json(kin.model_dump() if kin else None)
        before = db.execute("SELECT next_of_kin FROM patients WHERE id = ?", [person_id]).fetchone()[0]
        db.execute("UPDATE patients SET next_of_kin = ? WHERE id = ?", (after, person_id))
        write_audit(
            db,
            user,
            now,
            "update_next_of_kin",
            "patient",
            person_id,
            {"next_of_kin": json.loads(before) if before else None},
            {"next_of_kin": json.loads(after) if after else None, "cga_id": bundle.id},
        )


def _record_result(
    db: sqlite_utils.Database,
    user: User,
    person_id: int,
    bundle_id: int,
    result: ScoreResult,
    given_on: date,
    codes: list[PlannedCode],
    now: datetime,
) -> None:
    """The result row on its administration date, and its coded events (the score's own is linked to the row)."""
    event_ids = [
        db.execute(
            "INSERT INTO coded_events (patient_id, transition_id, snomed_code, term, value, effective_date,"
            " recorded_by, recorded_at) VALUES (?, NULL, ?, ?, ?, ?, ?, ?)",
            (person_id, code.code, code.term, code.value, code.on.isoformat(), user.name, _stamp(now)),
        ).lastrowid
        for code in codes
    ]
    linked = next((e for e, c in zip(event_ids, codes, strict=True) if c.code == result.score_code), None)
    db.execute(
        "INSERT INTO cga_results (bundle_id, instrument, total, band, band_label, summary, result,"
        " coded_event_id, administered_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            bundle_id,
            result.instrument,
            result.total,
            result.band,
            result.band_label,
            result.summary,
            result.model_dump_json(exclude=set(_IN_COLUMNS), exclude_defaults=True),
            linked,
            given_on.isoformat(),
        ),
    )


# Kept in the row's own columns, so (from issue 20) not copied into its JSON as well; nor are fields left at
# their defaults (no breakdown, no band code).
_IN_COLUMNS = ("instrument", "total", "band", "band_label", "summary")


def stored_result(result: str, *columns: Any) -> ScoreResult:
    """A recorded result from its row: results stored before issue 20 hold every field in the JSON; later
    ones hold the rest (answers, item points, flags, codes, breakdowns) beside the row's columns."""
    data = json.loads(result)
    instrument, total = columns[0], columns[1]
    if isinstance(total, float) and total.is_integer() and instrument != "efi":  # REAL column; the eFI is a fraction
        total = int(total)
    for name, value in zip(_IN_COLUMNS, (instrument, total, *columns[2:]), strict=True):
        data.setdefault(name, value)
    return ScoreResult.model_validate(data)


def _recorded(db: sqlite_utils.Database, where: str, params: list) -> list[RecordedResult]:
    rows = db.execute(_RECORDED.format(where=where), params).fetchall()
    return [
        RecordedResult(
            instrument=i,
            total=int(t) if t is not None and i != "efi" and t.is_integer() else t,
            band=band,
            band_label=label,
            summary=summary,
            on=on,
        )
        for i, t, band, label, summary, on in rows
    ]


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
