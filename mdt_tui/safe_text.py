"""Making stored or file text safe wherever it goes: spreadsheet cells, Markdown, the terminal.

Names, notes and file cells are typed by people or come from other systems, so any of them may
hold a spreadsheet formula, Markdown/HTML that runs or fetches something, or terminal escape
sequences. Every writer passes such text through one of these three functions.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

# A spreadsheet treats a cell starting with any of these as a formula (tab and CR too: some
# applications strip them and then read the formula that follows).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain negative number ("-3", "-0.36") is data, not a formula: left as it is so it stays numeric.
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?\Z")

REPLACEMENT = "\ufffd"
# C0 and C1 controls and DEL, plus the bidirectional overrides that can make text read backwards.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# In a CSV cell tab, CR and LF are data (the writer quotes the cell); every other control is not.
_CSV_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_NEWLINES = re.compile(r"\r\n|[\r\n\t]")
# Characters that can start Markdown inline syntax: code, emphasis, tables, and the brackets every link,
# image and footnote needs (with both escaped, "(" and "!" can start none, so they stay readable).
_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
# Characters that make a block (heading, quote, list, rule, setext underline) at the start of a line.
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")
# A URL scheme that runs code or embeds content; kept visible but no longer a scheme.
_BAD_SCHEME = re.compile(r"(?i)(javascript|vbscript)(\s*):")


def csv_cell(value: object) -> object:
    """A cell value a spreadsheet will show as text, never run as a formula.

    Real numbers (int, float, Decimal) and text that is just a negative number pass unchanged;
    other text starting with = + - @, tab or CR gets a leading apostrophe, which spreadsheets
    read as "this is text". Control characters (other than the tab/CR handled here) are
    replaced so no escape sequence reaches whoever views the file.
    """
    # Fast path (most cells of a large export): printable text has no control character, tab, CR or LF, so
    # nothing below would change it unless it starts (after spaces) like a formula.
    if type(value) is str and value.isprintable() and not value.lstrip(" ").startswith(FORMULA_STARTS):
        return value
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        return value
    text = str(value)
    # A bare CR is not quoted by a writer whose line end is "\n", so a reader would start a new row
    # (whose first cell could be a formula) there: every line break inside a cell becomes "\n".
    text = _CSV_CONTROLS.sub(REPLACEMENT, text).replace("\r\n", "\n").replace("\r", "\n")
    # Leading white space too: some spreadsheets trim it on import and then see the formula.
    if (text.startswith(("\t", "\n")) or text.lstrip(" \t\n").startswith(FORMULA_STARTS)) and not _NUMBER.match(text):
        text = "'" + text
    return text


def csv_row(values: Iterable[object]) -> list[object]:
    """Every cell of a row through ``csv_cell``."""
    return [csv_cell(v) for v in values]


class SafeCsvWriter:
    """``csv.writer`` with every cell passed through ``csv_cell``: use it for every CSV the project writes."""

    def __init__(self, handle: Any, **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Sequence[object]) -> Any:
        return self._writer.writerow(csv_row(row))

    def writerows(self, rows: Iterable[Sequence[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: Any, **options: Any) -> SafeCsvWriter:
    """A drop-in for ``csv.writer(handle, **options)`` that never writes a live formula."""
    return SafeCsvWriter(handle, **options)


def md_text(value: object) -> str:
    """Plain text for a Markdown document: shown as typed, never as markup, HTML, link or image.

    HTML is escaped as entities (so no ``<script`` and no raw ``&`` entity survives), Markdown
    punctuation is backslash-escaped, a line can't start a heading/quote/list, a link scheme
    such as ``javascript:`` loses its colon, and control characters become U+FFFD. Newlines
    become spaces: one piece of text is one paragraph, item or cell.
    """
    text = _NEWLINES.sub(" ", "" if value is None else str(value))
    text = terminal_text(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(r"\1\\\2", text)
    text = _MD_ORDERED.sub(r"\1\\\2", text)
    return _BAD_SCHEME.sub(r"\1\2&#58;", text)


def html_text(value: object) -> str:
    """Text for an HTML document: entities for markup characters and no control characters."""
    from html import escape

    return _BAD_SCHEME.sub(r"\1\2&#58;", escape(terminal_text(value, multiline=True)))


def terminal_text(value: object, *, multiline: bool = False) -> str:
    """Text safe to write to a terminal: control characters shown as U+FFFD (�), never sent raw.

    With ``multiline`` newlines are kept (for text printed as several lines); otherwise a
    newline, tab or carriage return is a control too, so one field stays on one line.
    """
    if value is None:
        return ""
    pattern = _CONTROLS_BUT_NEWLINE if multiline else _CONTROLS
    return pattern.sub(REPLACEMENT, str(value))
