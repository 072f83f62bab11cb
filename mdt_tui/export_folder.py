"""Documents the app writes (agendas, minutes, plans): the ``exports`` folder beside the database, new names only.

The folder is owner-only; a file is never overwritten: a second agenda for the same meeting is
``agenda-meeting-7-2.md``, then ``-3``… Each file is written whole and owner-only (``safe_files``).
"""

from __future__ import annotations

from itertools import count
from pathlib import Path

from mdt_tui.errors import MdtError
from mdt_tui.locations import ensure_private_dir
from mdt_tui.safe_files import OutputRefused, write_file


def exports_folder(db_path: Path) -> Path:
    """``exports`` beside the database file (as the README says), created owner-only."""
    folder = Path(db_path).expanduser().resolve().parent / "exports"
    try:
        ensure_private_dir(folder)
    except OSError as exc:
        raise MdtError(
            f"The exports folder {folder} could not be made ({exc.strerror or exc}); nothing was written."
        ) from None
    return folder


def write_new_export(db_path: Path, stem: str, suffix: str, text: str) -> Path:
    """Write ``text`` as ``stem + suffix`` in the exports folder, or ``stem-2 + suffix``… if that exists."""
    folder = exports_folder(db_path)
    for number in count(1):
        path = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
        try:
            return write_file(path, text, protect=[db_path])
        except OutputRefused:
            if path.exists() or path.is_symlink():
                continue  # taken: try the next number
            raise
        except OSError as exc:
            raise MdtError(f"{path} could not be written ({exc.strerror or exc}); nothing was written.") from None
    raise AssertionError("unreachable")  # count() never ends
