"""A tiny document model (headings, paragraphs, lists, tables) rendered as Markdown or HTML.

Every string given to a Doc is plain text (names, notes, file cells included): the renderers
escape all of it, so stored text can never become markup, a link, an image or a script.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mdt_tui.safe_text import html_text as escape
from mdt_tui.safe_text import md_text


class Doc:
    def __init__(self, title: str) -> None:
        self.title = title
        # (kind, value): the value's shape depends on the kind (see the four methods below)
        self.blocks: list[tuple[str, Any]] = []

    def heading(self, text: str, level: int = 2) -> Doc:
        self.blocks.append(("h", (level, text)))
        return self

    def para(self, text: str) -> Doc:
        self.blocks.append(("p", text))
        return self

    def bullets(self, items: Sequence[str]) -> Doc:
        if items:
            self.blocks.append(("ul", list(items)))
        return self

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Doc:
        self.blocks.append(("table", (list(header), [list(r) for r in rows])))
        return self

    def render(self, fmt: str) -> str:
        return to_html(self) if fmt == "html" else to_markdown(self)


def to_markdown(doc: Doc) -> str:
    out = [f"# {md_text(doc.title)}", ""]
    for kind, value in doc.blocks:
        if kind == "h":
            level, text = value
            out += ["#" * level + " " + md_text(text), ""]
        elif kind == "p":
            out += [md_text(value), ""]
        elif kind == "ul":
            out += [f"- {md_text(item)}" for item in value] + [""]
        else:
            header, rows = value
            out.append("| " + " | ".join(map(md_text, header)) + " |")
            out.append("|" + "---|" * len(header))
            out += ["| " + " | ".join(map(md_text, r)) + " |" for r in rows]
            out.append("")
    return "\n".join(out)


def to_html(doc: Doc) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(doc.title)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:.2em .5em;text-align:left}</style></head><body>",
        f"<h1>{escape(doc.title)}</h1>",
    ]
    for kind, value in doc.blocks:
        if kind == "h":
            level, text = value
            out.append(f"<h{level}>{escape(text)}</h{level}>")
        elif kind == "p":
            out.append(f"<p>{escape(value)}</p>")
        elif kind == "ul":
            out.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in value) + "</ul>")
        else:
            header, rows = value
            out.append("<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr></thead><tbody>")
            out += ["<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in r) + "</tr>" for r in rows]
            out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
