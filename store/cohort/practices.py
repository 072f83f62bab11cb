"""The practice table: ODS code <-> name, learned from cohort files that carry both and edited in the app."""

from __future__ import annotations

from collections.abc import Mapping

from mdt_tui.cohort.practices import practice_key
from mdt_tui.cohort.values import NAME_LIMIT, parse_ods_code, text_parser
from mdt_tui.errors import MdtError
from mdt_tui.models import User
from mdt_tui.store.audit import write_audit
from mdt_tui.store.base import _StoreBase

_parse_practice_name = text_parser(NAME_LIMIT)


class PracticeWrites(_StoreBase):
    def practices(self) -> dict[str, str]:
        """Every practice known: ODS code -> name, ordered by name.

        The practice table first; then, for a code it lacks, the name most people held under that code have
        (people added other than by an import, such as the demo's, teach it too)."""
        known = dict(self.db.execute("SELECT ods_code, name FROM practices").fetchall())
        for code, name in self.db.execute(
            "SELECT practice_code, practice_name FROM patients WHERE practice_code != '' AND practice_name != ''"
            " GROUP BY practice_code, practice_name ORDER BY count(*) DESC, practice_name"
        ):
            known.setdefault(code, name)
        return dict(sorted(known.items(), key=lambda pair: (practice_key(pair[1]), pair[0])))

    def save_practice(self, user: User, ods_code: str, name: str) -> str:
        """Add a practice or rename one; returns the ODS code as stored. MdtError, nothing changed, when
        the code or name will not do."""
        try:
            code = parse_ods_code(ods_code.strip())
        except ValueError as error:
            raise MdtError(f"'{ods_code.strip()}' is {error}.") from None
        name = name.strip()
        if not name:
            raise MdtError("Give the practice's name.")
        try:
            name = _parse_practice_name(name)
        except ValueError as error:
            raise MdtError(f"The practice name {error}.") from None
        key = practice_key(name)
        with self.transaction() as db:
            other = db.execute(
                "SELECT ods_code FROM practices WHERE name_key = ? AND ods_code != ?", [key, code]
            ).fetchone()
            if other:
                raise MdtError(f"Practice {other[0]} already has the name '{name}'; names must say which practice.")
            before = db.execute("SELECT name FROM practices WHERE ods_code = ?", [code]).fetchone()
            db.execute(
                "INSERT INTO practices (ods_code, name, name_key, source, updated_at) VALUES (?, ?, ?, 'app', ?)"
                " ON CONFLICT (ods_code) DO UPDATE SET name = excluded.name, name_key = excluded.name_key,"
                " source = 'app', updated_at = excluded.updated_at",
                [code, name, key, self.clock().isoformat(timespec="seconds")],
            )
            write_audit(
                db,
                user,
                self.clock(),
                "save_practice",
                "practice",
                None,
                {"ods_code": code, "name": before[0]} if before else None,
                {"ods_code": code, "name": name},
            )
        return code


def learn_practices(db, pairs: Mapping[str, str], stamp: str) -> int:
    """Add the code/name pairs a file carried that the table does not hold yet (a name edited in the app,
    or learned earlier, is kept). Returns how many were added. Runs inside the import's transaction."""
    before = db.execute("SELECT count(*) FROM practices").fetchone()[0]
    db.conn.executemany(
        "INSERT OR IGNORE INTO practices (ods_code, name, name_key, source, updated_at) VALUES (?, ?, ?, 'file', ?)",
        [(code, name, practice_key(name), stamp) for code, name in pairs.items()],
    )
    return db.execute("SELECT count(*) FROM practices").fetchone()[0] - before
