"""The meeting's documents: the agenda with each case's pre-read before it, the minutes after it."""

from __future__ import annotations

from mdt_tui.documents import Doc
from mdt_tui.meeting.agenda import agenda_fit, clock_text
from mdt_tui.meeting.case_summary import CaseSummary, summarise
from mdt_tui.meeting.models import Meeting, MeetingCase


def gather(store, meeting_id: int) -> tuple[Meeting, dict[int, CaseSummary], dict[int, str]]:  # noqa: ANN001
    """The meeting, each case's summary and the 'code term' of every coded event it recorded."""
    meeting = store.meeting(meeting_id)
    summaries = {
        c.person_id: summarise(store, c.person_id, since=store.last_discussed(c.person_id, meeting.held_on))
        for c in meeting.cases
    }
    wanted = {d.coded_event_id for c in meeting.cases for d in c.decisions if d.coded_event_id}
    codes: dict[int, str] = {}
    for event_id in sorted(wanted):
        event = store.coded_event(event_id)
        # Corrected during the meeting: shown so. Corrected after it was held: the minutes stay as they
        # were and the correction is one of its addenda.
        during = event.corrected_at is not None and (
            meeting.closed_at is None or event.corrected_at <= meeting.closed_at
        )
        codes[event_id] = f"{event.snomed_code} {event.term}" + (f" (entered in error: {event.reason})" * during)
    return meeting, summaries, codes


def _header(doc: Doc, meeting: Meeting) -> None:
    doc.para(
        f"{meeting.held_on:%A %d %B %Y} at {meeting.starts_at} · chair: {meeting.chair or 'not set'} ·"
        f" minutes: {meeting.minute_taker or 'not set'}"
    )


def _household(s: CaseSummary, private: bool) -> list[str]:
    return [f"Household and carer: {line}" for line in s.household_lines(private=private)]


def _summary_lines(doc: Doc, s: CaseSummary, private: bool = False) -> None:
    doc.bullets(
        [
            *_household(s, private),
            f"Scores: {'; '.join(s.scores)}" if s.scores else f"Scores: {s.scores_text()}",
            f"{'Problems' if s.problems_agreed else 'Suggested problems'} (priority order): "
            + ("; ".join(s.problems) or "none recorded"),
            "Goals: " + ("; ".join(f'"{g}"' for g in s.goals) or "none recorded"),
            "Open actions: "
            + ("; ".join(_action(a) + s.for_carer(a.id, private=private) for a in s.actions) or "none"),
            *(["Since last discussed: " + "; ".join(s.changes)] if s.changes else []),
        ]
    )


def _title(kind: str, meeting: Meeting) -> str:
    """'MDT minutes — Northgate INT — 01 Dec 2026'; a new database has no neighbourhood name yet: no empty part."""
    return " — ".join(part for part in (kind, meeting.neighbourhood, f"{meeting.held_on:%d %b %Y}") if part)


def _action(a) -> str:  # noqa: ANN001
    return f"{a.description} — {a.owner}" + (f", due {a.due_date:%d %b %Y}" if a.due_date else "")


def agenda_document(store, meeting_id: int, *, private: bool = False) -> Doc:  # noqa: ANN001
    meeting, summaries, _ = gather(store, meeting_id)
    doc = Doc(_title("MDT agenda and pre-read", meeting))
    _header(doc, meeting)
    fit = agenda_fit([c.minutes for c in meeting.cases], meeting.session_minutes)
    doc.para(fit.line())
    doc.table(
        ("#", "Person", "Why", "Minutes"),
        [
            (str(i), summaries[c.person_id].document_name(private=private), _why(c), str(c.minutes))
            for i, c in enumerate(meeting.cases, 1)
        ],
    )
    for i, case in enumerate(meeting.cases, 1):
        s = summaries[case.person_id]
        doc.heading(f"{i}. {s.document_name(private=private)} — {_why(case)}")
        if self_harm := s.self_harm_line(private=private):  # a same-day safety matter heads the case
            doc.para(self_harm)
        _summary_lines(doc, s, private)
    return doc


def _why(case: MeetingCase) -> str:
    return case.source.label + (f" ({case.detail})" if case.detail else "")


def minutes_document(store, meeting_id: int, *, private: bool = False) -> Doc:  # noqa: ANN001
    meeting, summaries, codes = gather(store, meeting_id)
    doc = Doc(_title("MDT minutes", meeting))
    _header(doc, meeting)
    present = [a.line() for a in meeting.attendees if a.present]
    apologies = [a.line() for a in meeting.attendees if not a.present]
    doc.heading("Attendees")
    doc.bullets(present or ["none recorded"])
    if meeting.guests:
        doc.para(f"Guests: {meeting.guests}")
    doc.heading("Apologies")
    doc.bullets(apologies or ["none"])
    carried: list[str] = []
    for i, case in enumerate(meeting.cases, 1):
        s = summaries[case.person_id]
        name = s.document_name(private=private)
        if case.outcome is None or case.outcome.value == "deferred":
            carried.append(f"{name} — " + (f"deferred: {case.outcome_reason}" if case.outcome else "not discussed"))
        if case.outcome is None and not case.decisions:
            continue
        doc.heading(f"{i}. {name} — {_why(case)}")
        if self_harm := s.self_harm_line(private=private):  # privacy mode: the clinician's role only
            doc.para(self_harm)
        outcome = (
            case.outcome.label + (f": {case.outcome_reason}" if case.outcome_reason else "")
            if case.outcome
            else "no outcome"
        )
        if household := _household(s, private):
            doc.bullets(household)
        doc.para(f"Outcome: {outcome} · time taken {clock_text(case.seconds_spent)} of {case.minutes}:00")
        doc.bullets(
            [f"We know: {case.know}"] * bool(case.know)
            + [f"We don't know: {case.dont_know}"] * bool(case.dont_know)
            + [f"We are assuming: {case.assume}"] * bool(case.assume)
        )
        doc.para("Decisions:")
        doc.bullets([d.text for d in case.decisions] or ["none"])
        doc.para(("Problems" if s.problems_agreed else "Suggested problems") + " (priority order):")
        doc.bullets([f"{n}. {p}" for n, p in enumerate(s.problems, 1)] or ["none recorded"])
        doc.para("Actions:")
        doc.bullets([_action(a) + s.for_carer(a.id, private=private) for a in s.actions] or ["none open"])
        coded = [codes[d.coded_event_id] for d in case.decisions if d.coded_event_id in codes]
        doc.para("Coded outcomes: " + ("; ".join(coded) or "none"))
        doc.para(f"Next review: {s.review_text()}")
    doc.heading("Carried over to the next meeting")
    doc.bullets(carried or ["none"])
    if meeting.addenda:  # learned after the meeting: the minutes above stay as they were
        doc.heading("Addenda")
        doc.bullets([a.line() for a in meeting.addenda])
    return doc
