"""The CV draft as a PDF: one A4 page the user completes on their own computer.

Laid out with fpdf2 in DejaVu Sans, like the self-assessment summary (actions/assessment/
summary_pdf.py), so every letter prints. Orienta never knows the user's name or contact details:
the draft prints marked places for them ("[Your name]"), which is also a reminder to check
every line before sending it.
"""

from __future__ import annotations

from typing import Any

from fpdf import FPDF

from actions.assessment.summary_pdf import FONT_DIR
from actions.jobsearch.cv import CvDraft

TITLE_PT, HEADING_PT, BODY_PT, SMALL_PT = 16, 11, 9.5, 7
LINE_MM = 4.6


def profile_sentence(draft: CvDraft, texts: dict[str, Any]) -> str:
    """The "About me" sentence from the goal and the years of experience."""
    words = texts["draft"]
    if draft.experience:
        return str(words["profile_sentence"]).format(occupations=draft.occupations, experience=draft.experience.lower())
    return f"{words['profile_sentence_no_experience'].format(occupations=draft.occupations)} {words['experience_none']}"


def build_cv(draft: CvDraft, texts: dict[str, Any]) -> bytes:
    """The PDF's bytes: placeholders for name and contact, then each section with what is known.

    ``texts``: :func:`actions.jobsearch.cv.cv_texts` in the conversation's language, so the
    headings, placeholders and sentences are in the user's language.
    """
    words = texts["draft"]
    places, headings = words["placeholders"], words["headings"]
    pdf = FPDF(format="A4")
    pdf.set_title(words["title"])
    pdf.set_creator("Orienta")
    pdf.set_margins(20, 18, 20)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", TITLE_PT)
    pdf.cell(0, 9, places["name"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", BODY_PT)
    pdf.cell(0, 6, places["contact"], new_x="LMARGIN", new_y="NEXT")
    sections = [
        (headings["profile"], [profile_sentence(draft, texts)]),
        (
            headings["skills"],
            [str(words["skill_line"]).format(skill=skill[:1].upper() + skill[1:]) for skill in draft.skills],
        ),
        (headings["experience"], [places["job"], places["job"]]),
        (headings["education"], [draft.education or places["course"], places["course"]]),
        (headings["languages"], [draft.languages] if draft.languages else []),
        (headings["licence"], [draft.licence] if draft.licence else []),
    ]
    for heading, lines in sections:
        if not lines:
            continue
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", HEADING_PT)
        pdf.cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", BODY_PT)
        for line in lines:
            pdf.multi_cell(0, LINE_MM, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "", SMALL_PT)
    pdf.multi_cell(0, 3.2, words["footer"], align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
