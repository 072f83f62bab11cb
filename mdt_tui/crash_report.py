"""A private crash report: the traceback (never local variables) in an owner-only file in the data
folder, and one sentence for the screen that names the file and shows no patient data.

Textual's own crash report and Python's with locals print names, NHS numbers and dates of birth held
in local variables: on a shared screen or a projector that is a disclosure, so neither is used.
"""

from __future__ import annotations

import os
import platform
import traceback
from datetime import datetime
from pathlib import Path

from mdt_tui import __version__
from mdt_tui.locations import crash_reports_dir, ensure_private_dir

STOPPED = "mdt-tui stopped unexpectedly; nothing saved was lost"


def write_crash_report(error: BaseException, *, where: str) -> Path | None:
    """Write ``error``'s traceback to a new owner-only file; None when even that is impossible."""
    try:
        folder = crash_reports_dir()
        ensure_private_dir(folder)
        stamp = datetime.now().astimezone()
        path = folder / f"crash-{stamp:%Y%m%d-%H%M%S}-{os.getpid()}.log"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(
                f"mdt-tui {__version__} ({where}), Python {platform.python_version()}, "
                f"{platform.system()}, {stamp.isoformat(timespec='seconds')}\n"
            )
            handle.writelines(traceback.format_exception(error))
        return path
    except OSError:
        return None


def crash_message(path: Path | None) -> str:
    """The one sentence shown in place of a traceback."""
    if path is None:
        return f"{STOPPED}; the details could not be written to the data folder."
    return f"{STOPPED}; details in {path}"
