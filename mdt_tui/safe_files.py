"""Writing export files safely: never over the database, never over an existing file unless asked,
and never half-written (temporary name in the same folder, fsync, rename, fsync the folder)."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from mdt_tui.errors import MdtError

# Files SQLite keeps beside a database: writing over any of them destroys or corrupts it.
DATABASE_COMPANIONS = ("", "-wal", "-shm", "-journal")


class OutputRefused(MdtError):
    """An output file was refused before anything was written."""


def database_files(db: Path) -> list[Path]:
    """The database and the files SQLite keeps beside it."""
    db = Path(db).expanduser()
    return [db.with_name(db.name + suffix) for suffix in DATABASE_COMPANIONS]


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)  # follows symlinks: a link to the database has the database's identity
    except OSError:
        return None
    return st.st_dev, st.st_ino


def is_same_file(a: Path, b: Path) -> bool:
    """True when two paths name one file: the same path, a symlink to it, or a hard link (same inode)."""
    a, b = Path(a).expanduser(), Path(b).expanduser()
    if os.path.normcase(a.resolve()) == os.path.normcase(b.resolve()):
        return True
    ia, ib = _identity(a), _identity(b)
    return ia is not None and ia == ib


def check_output(out: Path, *, force: bool = False, protect: Iterable[Path] = ()) -> Path:
    """Refuse ``out`` (one sentence, nothing written) if it is a protected file, a folder, or exists
    without ``force``. ``protect`` lists databases: each one's -wal/-shm/-journal are protected too."""
    out = Path(out).expanduser()
    for db in protect:
        for guarded in database_files(db):
            if is_same_file(out, guarded):
                what = "the database" if guarded == database_files(db)[0] else "a file SQLite keeps beside the database"
                raise OutputRefused(f"{out} is {what} ({guarded}); an export never replaces it. Nothing was written.")
    if out.is_dir():
        raise OutputRefused(f"{out} is a folder; give a file name. Nothing was written.")
    if (out.exists() or out.is_symlink()) and not force:
        raise OutputRefused(
            f"{out} already exists; nothing was written. Choose a new name, or add --force to replace it."
        )
    if not out.parent.is_dir():
        raise OutputRefused(f"There is no folder {out.parent}; nothing was written.")
    return out


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened, e.g. Windows)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_file(out: Path, data: str | bytes, *, force: bool = False, protect: Iterable[Path] = ()) -> Path:
    """Write ``data`` to ``out`` owner-only and durably: on return the file is complete on disk.
    Without ``force`` an existing file is refused, even one that appears while we write."""
    out = check_output(out, force=force, protect=protect)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with _installed_at(out, force=force) as fd:
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
    return out


@contextlib.contextmanager
def streamed_file(out: Path, *, force: bool = False, protect: Iterable[Path] = ()) -> Iterator[TextIO]:
    """``write_file`` for an export written row by row as it is read (flat memory at any size): the rows go to a
    temporary owner-only file beside ``out``, which appears at ``out`` complete and fsynced only if the block
    ends without an error; otherwise nothing is left behind."""
    out = check_output(out, force=force, protect=protect)
    with _installed_at(out, force=force) as fd, open(fd, "w", encoding="utf-8", newline="") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def _installed_at(out: Path, *, force: bool) -> Iterator[int]:
    """An owner-only temporary file beside ``out`` (its descriptor, which the caller fills, fsyncs and closes),
    put in place at ``out`` and the folder fsynced only if the block ends without an error; otherwise removed."""
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try:
            os.fchmod(fd, 0o600)
        except BaseException:
            os.close(fd)
            raise
        yield fd
        if force:
            os.replace(tmp, out)
        else:
            _link_new(tmp, out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    fsync_folder(out.parent)


def _link_new(tmp: Path, out: Path) -> None:
    """Move ``tmp`` to ``out`` only if ``out`` does not exist (a hard link cannot overwrite)."""
    try:
        os.link(tmp, out)
    except FileExistsError:
        raise OutputRefused(
            f"{out} already exists; nothing was written. Choose a new name, or add --force to replace it."
        ) from None
    except OSError:  # a file system without hard links: check, then rename
        if out.exists():
            raise OutputRefused(f"{out} already exists; nothing was written.") from None
        os.replace(tmp, out)


def new_name(path: Path) -> Path:
    """``path`` if it is free, else ``stem (2).ext``, ``stem (3).ext``… (the app never overwrites)."""
    path = Path(path)
    candidate, n = path, 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
    return candidate


def write_new_file(path: Path, data: str | bytes, *, protect: Iterable[Path] = ()) -> Path:
    """Write under ``path`` or, if taken, the next free name; returns the name used."""
    for _ in range(100):
        candidate = check_output(new_name(path), protect=protect)
        try:
            return write_file(candidate, data, protect=protect)
        except OutputRefused:
            if not candidate.exists():  # refused for another reason than another writer taking the name
                raise
    raise OutputRefused(f"Could not find a free name beside {path}; nothing was written.")
