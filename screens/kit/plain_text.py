"""Stored text shown as it is: never read as Textual/Rich markup, never a control character on the terminal.

A name such as ``[b]Smith[/b]`` or ``Smith [/]`` would otherwise be styled, or stop the app with a
markup error, wherever a widget parses its strings as markup (DataTable cells, Static, notices).
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.text import Text
from textual.widgets import DataTable

from mdt_tui.safe_text import terminal_text


def plain(value: object, style: str = "", *, multiline: bool = False) -> Text:
    """``value`` as literal text: markup characters shown as typed, control characters as � (line
    breaks too, unless ``multiline``)."""
    return Text(terminal_text(value, multiline=multiline), style=style, end="")


def _cell(value: Any) -> Any:
    # Kept a string (tests and screens read cells back as strings), escaped for the markup reader.
    return escape(terminal_text(value)) if isinstance(value, str) else value


class PlainTable(DataTable):
    """A DataTable whose string cells show as typed (DataTable reads strings as Rich markup)."""

    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        return super().add_row(*map(_cell, cells), **kwargs)

    def add_rows(self, rows: Any) -> Any:
        return super().add_rows([tuple(map(_cell, row)) for row in rows])

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell(row_key, column_key, _cell(value), **kwargs)

    def update_cell_at(self, coordinate: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell_at(coordinate, _cell(value), **kwargs)


def safe_lines(text: Text) -> Text:
    """A built ``Text`` (its styles kept) whose stored parts may hold control characters: each becomes
    one � (line breaks kept), so the spans still fit and nothing raw reaches the terminal."""
    cleaned = terminal_text(text.plain, multiline=True)
    if cleaned == text.plain:
        return text
    return Text(
        cleaned,
        style=text.style,
        justify=text.justify,
        overflow=text.overflow,
        no_wrap=text.no_wrap,
        end=text.end,
        spans=list(text.spans),
    )
