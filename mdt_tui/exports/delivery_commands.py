"""`mdt export codes`, `mdt export pack` and `mdt deliveries`: coded events leave as deliveries (one export
to one practice) carrying only codes a clinician signed off, unless --include-unsigned says otherwise."""

from __future__ import annotations

import contextlib
import csv
import io
import sys
from array import array
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TextIO

from mdt_tui.errors import MdtError
from mdt_tui.exports.checklist import CodeToEnter, checklist, csv_lines
from mdt_tui.exports.csv_files import CODES_HEADER, CodeExportRow, code_cells, write_csv
from mdt_tui.exports.deliveries import DELIVERIES_HEADER
from mdt_tui.exports.signoff import UNSIGNED_NOTE
from mdt_tui.safe_files import streamed_file, write_file
from mdt_tui.safe_text import csv_writer, terminal_text


def _render(rows: list[CodeToEnter], fmt: str, title: str, note: str) -> tuple[str, int]:
    if fmt == "csv":
        body = io.StringIO()
        write_csv(csv_lines(rows), CODES_HEADER, body)
        return body.getvalue(), len(rows)
    return checklist(rows, title, note=note).render(fmt), len(rows)


class _Sent:
    """What a codes file carried for each practice: the delivered events' ids (arrays, not a row object each)."""

    def __init__(self) -> None:
        self.adds: dict[str, array[int]] = {}
        self.removes: dict[str, array[int]] = {}

    def add(self, practice: str, action: str, delivery_id: int) -> None:
        ids = self.adds if action == "add" else self.removes
        ids.setdefault(practice, array("q")).append(delivery_id)

    def practices(self) -> list[str]:
        return sorted({*self.adds, *self.removes})


def _stream_codes(
    rows: Iterable[CodeExportRow], handle: TextIO, *, signed_only: bool, record: bool = True
) -> tuple[int, int, _Sent]:
    """The codes CSV from rows as they are read: returns the rows written, those left out as not signed off,
    and (with ``record``) what each practice was sent."""
    csv_writer(handle, lineterminator="\n").writerow(CODES_HEADER)
    writer = csv.writer(handle, lineterminator="\n")  # code_cells are already safe: no live spreadsheet formula
    written = left = 0
    sent = _Sent()
    for row in rows:
        if signed_only and not row.signed_off and row.action != "remove":
            left += 1
            continue
        writer.writerow(code_cells(row))
        if record:
            sent.add(row.practice_code, row.action, row.delivery_id)
        written += 1
    return written, left, sent


def export_codes(
    db: Path,
    *,
    since: date | None,
    out: Path | None,
    practice: str | None = None,
    meeting: int | None = None,
    include_exported: bool = False,
    fmt: str = "csv",
    force: bool = False,
    include_unsigned: bool = False,
    delivery: int | None = None,
) -> int:
    """To standard output: a preview of every live event not yet delivered (``signed_off`` says which a
    clinician checked); nothing is marked. To a file: one delivery per practice, of signed-off codes only
    unless ``include_unsigned``, recorded once the file is complete on disk. ``delivery`` prints an earlier
    delivery again, in any format, and records nothing. A CSV streams from the cursor to the file (flat memory
    however many codes); the checklist formats group by practice and name, so they are built whole."""
    from mdt_tui.commands import _check_out, _cli_user, _store, _write_document

    _check_out(out, db, force)
    with _store(db) as store:
        title = f"Codes to enter — {store.neighbourhood() or 'mdt-tui'}"
        if delivery is not None:
            sent = store.delivery(delivery)
            what = f"Delivery {delivery}"
            if fmt == "csv":
                with _codes_file(out, db, force) as handle:
                    count, _, _ = _stream_codes(
                        store.delivery_export_rows(delivery), handle, signed_only=False, record=False
                    )
                return _written(out, f"{what} ({count} rows)")
            text, count = _render(
                store.delivery_rows(delivery),
                fmt,
                f"{title} — delivery {delivery} to {sent.practice_code}, {sent.made_at:%d %b %Y}",
                UNSIGNED_NOTE if sent.include_unsigned else "",
            )
            return _write_document(text, out, f"{what} ({count} rows)", db=db, force=force)
        narrow = dict(since=since, practice=practice, meeting_id=meeting, include_exported=include_exported)
        signed_only = out is not None and not include_unsigned
        note = UNSIGNED_NOTE if out is not None and include_unsigned else ""
        if fmt == "csv":
            # The file is complete and fsynced at its name before anything below marks a code exported.
            with _codes_file(out, db, force) as handle:
                count, left, carried = _stream_codes(
                    store.code_export_rows(**narrow), handle, signed_only=signed_only, record=out is not None
                )
            _written(out, f"{count} coded events")
        else:
            every = store.codes_to_export(**narrow)
            rows = [r for r in every if r.signed_off or r.action == "remove" or not signed_only]
            left, carried = len(every) - len(rows), _Sent()
            for r in rows:
                carried.add(r.event.practice_code, r.action, r.delivery_id)
            text, count = _render(rows, fmt, title, note)
            _write_document(text, out, f"{count} coded events", db=db, force=force)
        if out is None:
            return 0
        made = [
            store.record_delivery_of(
                _cli_user(),
                code,
                adds=carried.adds.get(code, ()),
                removes=carried.removes.get(code, ()),
                kind="codes",
                file=str(out),
                include_unsigned=include_unsigned,
            )
            for code in carried.practices()
        ]
        if made:
            print(
                f"Delivery {', '.join(map(str, made))} recorded; print one again with"
                " 'mdt export codes --delivery ID [--format md|html]'.",
                file=sys.stderr,
            )
        if left:
            print(
                f"{left} code(s) not yet signed off by a clinician were left out: sign them off on the"
                " 'codes to send' screen (or give --include-unsigned).",
                file=sys.stderr,
            )
    return 0


def _codes_file(out: Path | None, db: Path, force: bool) -> contextlib.AbstractContextManager[TextIO]:
    """The file the rows stream to (appearing complete only when the block ends well), or standard output."""
    return streamed_file(out, force=force, protect=[db]) if out is not None else contextlib.nullcontext(sys.stdout)


def _written(out: Path | None, what: str) -> int:
    if out is not None:
        print(f"{what} written to {out}", file=sys.stderr)
    return 0


def deliveries(db: Path) -> int:
    from mdt_tui.commands import _store

    with _store(db) as store:
        write_csv(store.each_delivery(), DELIVERIES_HEADER, sys.stdout)  # streamed from the cursor
    return 0


def export_pack(db: Path, practice: str, out: Path, *, include_unsigned: bool = False) -> int:
    """Write one practice's pack into the new (or empty) folder ``out`` and record it as one delivery."""
    from mdt_tui.commands import _cli_user, _store
    from mdt_tui.exports.packs import pack_files

    code = practice.strip().upper()
    _check_folder(out)
    with _store(db) as store:
        rows = store.codes_to_export(practice=code, include_exported=False, signed_only=not include_unsigned)
        if not rows:
            raise MdtError(
                f"Practice {code} has no codes to send that are signed off and not yet delivered;"
                " sign them off on the 'codes to send' screen. Nothing was written."
            )
        files = pack_files(
            rows,
            practice=code,
            practice_name=store.practices().get(code, ""),
            made_on=date.today(),
            note=UNSIGNED_NOTE if include_unsigned else "",
        )
        out.mkdir(mode=0o700, parents=False, exist_ok=True)
        for name, text in files.items():
            write_file(out / name, text, protect=[db])
        made = store.record_delivery(
            _cli_user(), code, rows, kind="pack", file=str(out), include_unsigned=include_unsigned
        )
    print(terminal_text(f"Pack for {code} written to {out}: {len(files)} files, delivery {made}."), file=sys.stderr)
    return 0


def _check_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise MdtError(f"{out} is a file; give a new folder for the pack.")
    if out.is_dir() and any(out.iterdir()):
        raise MdtError(f"{out} is not empty; give a new folder for the pack so no file is replaced.")
    if not out.parent.is_dir():
        raise MdtError(f"The folder {out.parent} does not exist.")


def export_fhir(db: Path, nhs_number: str | None, out: Path, *, force: bool = False) -> int:
    """One person's (or, with no NHS number, everyone's) agreed plan as a FHIR R4 Bundle in ``out``."""
    from mdt_tui.commands import _check_out, _store
    from mdt_tui.exports.fhir_bundle import fhir_bundle
    from mdt_tui.nhs_number import normalise_nhs_number

    if nhs_number is not None:
        try:
            nhs_number = normalise_nhs_number(nhs_number)
        except ValueError as exc:
            raise MdtError(str(exc)) from None
    _check_out(out, db, force)
    with _store(db) as store:
        if nhs_number is not None:
            people = [store.person_by_nhs_number(nhs_number).id]
        else:
            people = [p.id for p in store.people() if store.plan_versions(p.id)]
            if not people:
                raise MdtError("Nobody has a plan agreed at an MDT review yet: nothing to share.")
        text = fhir_bundle(store, sorted(people))
    write_file(out, text, force=force, protect=[db])
    print(f"FHIR bundle for {len(people)} person(s) written to {out}", file=sys.stderr)
    return 0
