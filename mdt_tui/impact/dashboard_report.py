"""The dashboard written out: the long CSV for analysts, and a Markdown or HTML report with small charts."""

from __future__ import annotations

import io

from mdt_tui.documents import Doc
from mdt_tui.impact.dashboard import ALL, HEADER, ICB_NOTE, MEASURES, Dashboard, cell_text, spark, svg_bars
from mdt_tui.safe_text import csv_writer

PURPOSE = "Tracked over time for learning, not for comparing or ranking teams."


def dashboard_csv(board: Dashboard, for_icb: bool = False) -> str:
    """Long format: period,practice_code,measure,value — one row per month, practice (and ALL) and measure.
    With ``for_icb`` the counts are suppressed and a last row (period 'note') says how."""
    body = io.StringIO()
    writer = csv_writer(body, lineterminator="\n")
    writer.writerow(HEADER)
    for period, practice, measure, value in board.rows():
        writer.writerow((period, practice, measure, cell_text(value, for_icb)))
    if for_icb:
        writer.writerow(("note", ALL, "suppression", ICB_NOTE))
    return body.getvalue()


def dashboard_document(board: Dashboard, title: str, for_icb: bool, fmt: str) -> str:
    doc = Doc(title).para(f"{board.periods[0]} to {board.periods[-1]}. {PURPOSE}")
    if for_icb:
        doc.para(ICB_NOTE)
    for practice in [ALL, *board.practices]:
        doc.heading("All practices" if practice == ALL else f"Practice {practice}")
        rows = []
        for measure in MEASURES:
            if measure == "meetings_held" and practice != ALL:
                continue
            series = board.series(practice, measure)
            rows.append([measure, "" if for_icb else spark(series), *(cell_text(v, for_icb) for v in series)])
        doc.table(["measure", "trend", *board.periods], rows)
    doc.heading("What each measure counts")
    doc.bullets([f"{name}: {sentence}" for name, sentence in MEASURES.items()])
    text = doc.render(fmt)
    if fmt != "html" or for_icb:
        return text
    charts = ["<h2>Charts (all practices)</h2>"]
    for measure in MEASURES:  # fixed names and numbers only: nothing stored reaches the SVG
        charts.append(f"<figure><figcaption>{measure}</figcaption>{svg_bars(board.series(ALL, measure))}</figure>")
    return text.replace("</body></html>", "\n".join(charts) + "\n</body></html>")
