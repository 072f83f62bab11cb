"""The three output guards: spreadsheet cells, Markdown text and terminal text."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdt_tui.safe_text import csv_cell, html_text, md_text, terminal_text

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1", " =1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_cells_become_text(text: str) -> None:
    assert csv_cell(text) == "'" + text.replace("\r", "\n")


@pytest.mark.parametrize("value", [-3, -0.36, 0, 12, "-3", "-0.36", "12", "Smith", "", None])
def test_numbers_and_plain_text_are_left_alone(value: object) -> None:
    assert csv_cell(value) == value


def test_escape_in_a_cell_is_replaced_but_tab_and_newline_inside_are_data() -> None:
    assert csv_cell("a\x1b[2Jb") == "a\ufffd[2Jb"
    assert csv_cell("a\tb\nc") == "a\tb\nc"


def test_a_bare_carriage_return_cannot_start_a_new_row_with_a_formula() -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([csv_cell("x\r=1+1"), csv_cell("\r\n@A1")])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["x\n=1+1", "'\n@A1"]]


@pytest.mark.parametrize(
    "text, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ("[click](javascript:alert(1))", "javascript:"),
        ("xJaVaScRiPt :alert(1)", "javascript :"),
        ("![x](https://evil.example/t.png)", "!["),
        ("a `code`", " `c"),
        ("<img src=x onerror=alert(1)>", "<img"),
    ],
)
def test_markdown_text_cannot_become_markup(text: str, forbidden: str) -> None:
    out = md_text(text)
    assert forbidden.lower() not in out.lower()


@pytest.mark.parametrize("text", ["# Heading", "> quote", "- item", "+ item", "1. item", "=====", "2) item"])
def test_a_line_start_cannot_make_a_block(text: str) -> None:
    out = md_text(text)
    assert out.startswith(("\\", "&gt;")) or out[1] == "\\"


def test_markdown_keeps_ordinary_text_readable() -> None:
    assert md_text("Wilson, Mohammed 76 — CFS 6") == "Wilson, Mohammed 76 — CFS 6"
    assert md_text("line one\nline two") == "line one line two"


def test_terminal_text_shows_controls_as_replacement() -> None:
    assert terminal_text("a\x1b[31mb\x9bc\u202ed") == "a\ufffd[31mb\ufffdc\ufffdd"
    assert terminal_text("a\nb") == "a\ufffdb"
    assert terminal_text("a\nb", multiline=True) == "a\nb"
    assert terminal_text(None) == ""


def test_html_text_escapes_markup() -> None:
    assert html_text("<script>&\x1b") == "&lt;script&gt;&amp;\ufffd"


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_any_text_is_safe_everywhere(text: str) -> None:
    cell = csv_cell(text)
    out = io.StringIO()
    csv.writer(out).writerow([cell])
    (read,) = list(csv.reader(io.StringIO(out.getvalue())))
    assert read[0] == cell and len(read) == 1
    assert not cell.lstrip(" \t\r\n").startswith(("=", "+", "@")) or cell.startswith("'")
    assert not cell.startswith("-") or cell.startswith("'") or cell.lstrip("-").replace(".", "").isdigit()
    for rendered in (md_text(text), html_text(text)):
        assert "<script" not in rendered.lower() and "javascript:" not in rendered.lower()
        assert "\x1b" not in rendered
    assert "\x1b" not in terminal_text(text) and "\x1b" not in cell
