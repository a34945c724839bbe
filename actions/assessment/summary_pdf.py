"""The summary PDF a user can bring to a PES counsellor (one page for the self-assessment).

Why fpdf2: a maintained, pure-Python PDF library (no headless browser, no system fonts). Text is
set in DejaVu Sans, which matplotlib (already a Rasa dependency) ships, so every letter of every
language in the data (å, ä, ö, ß, ł, …) prints. The content is what the chat showed: the
profile lines, each part's result lines and its chart, the headings from
``data/assessment/summary.yml``. This module only lays them out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib
from fpdf import FPDF

from actions.assessment.files import ASSESSMENT_DIR, DEFAULT_LANGUAGE, read_localised

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
#: Width of a chart on the page, in millimetres: three fit side by side above the text.
CHART_MM = 42
#: Text sizes (points): small enough that a full assessment fits on one A4 page.
TITLE_PT, HEADING_PT, BODY_PT, SMALL_PT = 15, 10, 7.2, 6
LINE_MM = 2.8


@dataclass(frozen=True)
class Section:
    """One part of the summary: its heading key (summary.yml ``sections``), lines and chart."""

    key: str
    lines: tuple[str, ...]
    chart_png: bytes | None = None
    chart_alt: str = ""


@cache
def summary_texts(language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """data/assessment/summary.yml in ``language``, read once per process and language."""
    return read_localised(ASSESSMENT_DIR / "summary.yml", language)


def build_summary(
    sections: list[Section],
    made_on: date,
    attribution: str = "",
    texts: dict[str, Any] | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> bytes:
    """The PDF's bytes: title, intro, the charts in a row, each section's lines, then the footer.

    ``attribution`` (the ESCO/O*NET credit the licences require) goes into the footer once.
    """
    texts = texts or summary_texts(language)
    pdf = FPDF(format="A4")
    pdf.set_lang(language)
    pdf.set_title(texts["title"])
    pdf.set_creator("Orienta")
    pdf.set_margins(14, 12, 14)
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", TITLE_PT)
    pdf.cell(0, 8, texts["title"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", SMALL_PT)
    pdf.cell(0, 4, texts["subtitle"].format(date=made_on.isoformat()), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", BODY_PT)
    pdf.multi_cell(0, LINE_MM, texts["intro"], align="L", new_x="LMARGIN", new_y="NEXT")
    _charts(pdf, [s for s in sections if s.chart_png])
    for section in sections:
        pdf.ln(1.5)
        pdf.set_font("DejaVu", "B", HEADING_PT)
        pdf.cell(0, 5.5, texts["sections"][section.key], new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", BODY_PT)
        for line in section.lines or (texts["not_taken"],):
            pdf.multi_cell(0, LINE_MM, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("DejaVu", "", SMALL_PT)
    for line in (texts["footer"], attribution):
        if line:
            pdf.multi_cell(0, 2.6, line, align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _charts(pdf: FPDF, sections: list[Section]) -> None:
    """The charts side by side in one row, each with its text alternative."""
    if not sections:
        return
    top = pdf.get_y() + 2
    x = pdf.l_margin
    for section in sections[:3]:
        assert section.chart_png is not None
        pdf.image(io.BytesIO(section.chart_png), x=x, y=top, w=CHART_MM, h=CHART_MM, alt_text=section.chart_alt)
        x += CHART_MM + 4
    pdf.set_y(top + CHART_MM + 1)
