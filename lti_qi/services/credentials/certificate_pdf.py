"""Draw a CPD record as an A4 certificate: what a CPD certificate must show, and how to check it.

A certificate names the participant, the activity, the learner's project, its dates, the
hours (and credits, at 1 credit per hour), the organiser ("lti-qi on behalf of <course>"),
and the accrediting body: the statement the course's designers set, or "CPD approval: see
your course" (lti-qi holds no approval itself). The foot of the page carries the
verification URL, the certificate number (the record's serial) and a QR code of the URL.
Text is set in Liberation Sans (SIL OFL 1.1, shipped in ``static/fonts``) because the PDF
core fonts cannot print names such as Łukasz.
"""

from __future__ import annotations

import io
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image

from lti_qi import paths
from lti_qi.domain.course import cpd
from lti_qi.models import CpdKind, CpdRecord

FONT = "LiberationSans"
FONT_FILES = {"": "LiberationSans-Regular.ttf", "B": "LiberationSans-Bold.ttf"}
BRAND = (0, 83, 159)
INK = (27, 31, 36)
MUTED = (74, 82, 96)
RULE = (201, 206, 214)
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 210, 297, 20
LABEL_WIDTH = 40
QR_SIZE = 38
FOOTER_TOP = PAGE_HEIGHT - MARGIN - QR_SIZE - 4
QR_SCALE, QR_BORDER = 8, 4


def render(record: CpdRecord, verification_url: str) -> bytes:
    """Return the certificate of a record as PDF bytes."""
    pdf = _document(record)
    _heading(pdf, record)
    _details(pdf, record)
    _outcomes(pdf, record.learning_outcomes)
    _verification(pdf, record, verification_url)
    return bytes(pdf.output())


def qr_image(url: str) -> Image.Image:
    """Return the QR code of a URL, 8 pixels a module with the standard 4-module quiet zone.

    It is kept 8-bit grey: fpdf2 would store a 1-bit image with CCITT compression, which
    cannot be read back without a fax decoder, and tests compare the code with segno's own.
    """
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=QR_SCALE, border=QR_BORDER)
    buffer.seek(0)
    return Image.open(buffer).convert("L")


@lru_cache(maxsize=1)
def _font_dir() -> Path:
    return paths.static_dir() / "fonts"


def _document(record: CpdRecord) -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=MARGIN)
    for style, file_name in FONT_FILES.items():
        pdf.add_font(FONT, style, str(_font_dir() / file_name))
    pdf.set_title(f"CPD certificate: {record.title}")
    pdf.set_author(record.organiser)
    pdf.set_creator(cpd.ISSUER_NAME)
    pdf.set_lang("en-GB")
    pdf.add_page()
    return pdf


def _heading(pdf: FPDF, record: CpdRecord) -> None:
    what = "pathway" if record.kind == CpdKind.PATHWAY else "module"
    _text(pdf, "lti-qi · quality improvement", size=10, color=BRAND, bold=True)
    pdf.ln(6)
    _text(pdf, "Certificate of continuing professional development", size=22, bold=True)
    pdf.ln(6)
    _text(pdf, "This certifies that", size=12, color=MUTED)
    _text(pdf, record.holder_name, size=24, bold=True)
    pdf.ln(1)
    _text(pdf, f"completed the quality improvement {what}", size=12, color=MUTED)
    _text(pdf, record.title, size=18, bold=True)
    pdf.ln(6)


def _details(pdf: FPDF, record: CpdRecord) -> None:
    credits = cpd.credits_for(record.hours)
    rows = [("Project", record.project_title)] if record.project_title else []
    rows += [
        ("Dates", _period(record.started_at, record.completed_at)),
        ("CPD hours", f"{record.hours:g} hours ({credits:g} CPD credits at 1 credit per hour)"),
        ("Organiser", record.organiser),
        ("Accreditation", record.accreditation_line),
    ]
    rows += [("Mentor sign-off", line) for line in _signoff_lines(record)]
    for label, value in rows:
        _row(pdf, label, value)
    pdf.ln(4)


def _outcomes(pdf: FPDF, outcomes: list[str]) -> None:
    if not outcomes:
        return
    _text(pdf, "Learning outcomes", size=12, bold=True)
    pdf.ln(1)
    pdf.set_font(FONT, "", 10)
    for outcome in outcomes:
        pdf.cell(6, 5.5, "•")
        pdf.multi_cell(0, 5.5, outcome, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)


def _verification(pdf: FPDF, record: CpdRecord, url: str) -> None:
    if pdf.get_y() > FOOTER_TOP - 6:
        pdf.add_page()
    pdf.set_draw_color(*RULE)
    pdf.line(MARGIN, FOOTER_TOP - 4, PAGE_WIDTH - MARGIN, FOOTER_TOP - 4)
    alt = "QR code of the verification address"
    pdf.image(qr_image(url), x=MARGIN, y=FOOTER_TOP, w=QR_SIZE, h=QR_SIZE, alt_text=alt)
    left = MARGIN + QR_SIZE + 6
    pdf.set_xy(left, FOOTER_TOP + 2)
    _text(pdf, "Check this certificate", size=11, bold=True, left=left)
    _text(pdf, "Scan the code, or open this address:", size=9, color=MUTED, left=left)
    _text(pdf, url, size=9, color=BRAND, left=left, link=url)
    pdf.ln(2)
    _text(pdf, f"Certificate number: {record.serial}", size=9, color=MUTED, left=left)
    _text(pdf, f"Issued {_day(record.issued_at)}", size=9, color=MUTED, left=left)


def _row(pdf: FPDF, label: str, value: str) -> None:
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(*MUTED)
    pdf.cell(LABEL_WIDTH, 6, label)
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 6, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _text(
    pdf: FPDF,
    text: str,
    *,
    size: float,
    bold: bool = False,
    color: tuple[int, int, int] = INK,
    left: float = MARGIN,
    link: str = "",
) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*color)
    pdf.set_x(left)
    pdf.multi_cell(0, size * 0.5, text, align="L", link=link or None, new_x=XPos.LEFT)


def _signoff_lines(record: CpdRecord) -> list[str]:
    """One line a sign-off for a module; one summary line for the pathway (the record lists all)."""
    if record.kind == CpdKind.PATHWAY and record.signoffs:
        mentors = ", ".join(dict.fromkeys(entry["mentor"] for entry in record.signoffs))
        return [f"{len(record.signoffs)} project stages signed off by {mentors}"]
    return [
        f"{entry['stage']}: signed off by {entry['mentor']}, {_day_text(entry['date'])}"
        for entry in record.signoffs
    ]


def _period(started_at: datetime, completed_at: datetime) -> str:
    start, end = _day(started_at), _day(completed_at)
    return end if start == end else f"{start} to {end}"


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def _day_text(iso_date: str) -> str:
    return _day(datetime.fromisoformat(iso_date))
