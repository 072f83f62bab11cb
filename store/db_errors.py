"""The store's one error boundary: every sqlite3 error becomes a StoreError subclass whose message a
care coordinator understands. Applied to every public Store method (``guard_methods``) and to
``Store.transaction``/``Store.open``, so no new method can forget it."""

from __future__ import annotations

import functools
import inspect
import sqlite3
from collections.abc import Callable
from typing import Any

from mdt_tui.errors import DatabaseBusy, DatabaseDamaged, DatabaseUnavailable, DiskFull, ReadOnlyDatabase, StoreError

# SQLite's primary result codes (the low byte of an extended code): https://sqlite.org/rescode.html
_BY_CODE: dict[int, type[StoreError]] = {
    5: DatabaseBusy,  # SQLITE_BUSY
    6: DatabaseBusy,  # SQLITE_LOCKED
    8: ReadOnlyDatabase,  # SQLITE_READONLY
    11: DatabaseDamaged,  # SQLITE_CORRUPT
    26: DatabaseDamaged,  # SQLITE_NOTADB
    13: DiskFull,  # SQLITE_FULL
    3: DatabaseUnavailable,  # SQLITE_PERM
    10: DatabaseUnavailable,  # SQLITE_IOERR
    14: DatabaseUnavailable,  # SQLITE_CANTOPEN
    15: DatabaseUnavailable,  # SQLITE_PROTOCOL
}
_CONSTRAINT = 19


def kind_of(exc: sqlite3.Error) -> type[StoreError] | None:
    """The StoreError subclass for an sqlite3 error, or None when SQLite gave no recognised code."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    return _BY_CODE.get(code & 0xFF)


def is_damage(exc: sqlite3.Error) -> bool:
    return kind_of(exc) is DatabaseDamaged


def translate(exc: sqlite3.Error) -> StoreError:
    """The one sentence to show for ``exc``; the sqlite3 error stays attached as ``__cause__``."""
    kind = kind_of(exc)
    if kind is not None:
        error = kind()
    elif getattr(exc, "sqlite_errorcode", 0) & 0xFF == _CONSTRAINT:
        error = StoreError(f"The database refused the change ({exc}): nothing was saved.")
    elif isinstance(exc, sqlite3.ProgrammingError) and "closed" in str(exc):
        error = DatabaseUnavailable("The database has been closed: nothing was saved.")
    else:
        error = StoreError(f"The database could not do this ({exc}): nothing was saved.")
    error.__cause__ = exc
    return error


def guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` with sqlite3 errors translated, including those raised while a generator is consumed."""
    if inspect.isgeneratorfunction(method):

        @functools.wraps(method)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return (yield from method(*args, **kwargs))
            except sqlite3.Error as exc:
                raise translate(exc) from exc
    else:

        @functools.wraps(method)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            except sqlite3.Error as exc:
                raise translate(exc) from exc

    wrapper._store_guarded = True  # type: ignore[attr-defined]
    return wrapper


def guard_methods(cls: type, skip: frozenset[str] = frozenset()) -> type:
    """Wrap every public plain method ``cls`` has (its own and its mixins') in ``guarded``."""
    for name in dir(cls):
        if name.startswith("_") or name in skip:
            continue
        method = inspect.getattr_static(cls, name)
        if inspect.isfunction(method) and not getattr(method, "_store_guarded", False):
            setattr(cls, name, guarded(method))
    return cls
