"""The same NĐ 30/2020 document as .docx (python-docx), for offices that edit before signing.

Times New Roman is named in the file (Word on the officers' machines has it), A4 with the Appendix I margins,
the two-column heading table, page numbers in the header from page 2, annexes in landscape sections.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ansinh.documents.nd30.formatting import cell_text, legal_basis_lines, recipient_lines, totals_cells
from ansinh.documents.nd30.model import (
    MOTTO,
    NATIONAL_TITLE,
    AdministrativeDocument,
    Annex,
    Section,
    SignatureBlock,
    Table,
)
from ansinh.documents.qr import VerificationMark, qr_png, verification_mark

FONT = "Times New Roman"
BODY_PT = 14
CENTER, JUSTIFY, LEFT, RIGHT = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.RIGHT,
)


def _setup_styles(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    # East-Asian and complex-script slots too, or Word substitutes another font for Vietnamese letters.
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), FONT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)


def _page(section, *, landscape: bool) -> None:
    # NĐ 30, Appendix I: A4; portrait margins top/bottom 20–25, left 30–35, right 15–20 mm.
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(25), Mm(15)
        section.left_margin, section.right_margin = Mm(20), Mm(20)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)


def _page_number_header(section) -> None:
    """Page number centred in the top margin, not on page 1 (different first-page header)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    run = paragraph.add_run()
    run.font.size = Pt(13)
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _para(
    container,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align=JUSTIFY,
    indent_first: float = 0,
    space_after: float = 0,
    upper: bool = False,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    if indent_first:
        paragraph.paragraph_format.first_line_indent = Mm(indent_first)
    if text:
        run = paragraph.add_run(text.upper() if upper else text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
    return paragraph


def _short_rule(paragraph, *, indent_mm: float) -> None:
    """A centred rule: a bottom border on a paragraph narrowed by equal left and right indents."""
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _cell_first(cell, text: str, **kwargs):
    paragraph = cell.paragraphs[0]
    paragraph.alignment = kwargs.pop("align", CENTER)
    run = paragraph.add_run(text)
    run.font.size = Pt(kwargs.pop("size", BODY_PT))
    run.bold, run.italic = kwargs.pop("bold", False), kwargs.pop("italic", False)
    return paragraph


def _heading(doc, document: AdministrativeDocument) -> None:
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Mm(66), Mm(99))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    left, right = table.cell(0, 0), table.cell(0, 1)
    body = document.issuing_body
    lines = ([(body.superior, False)] if body.superior else []) + [(n, True) for n in body.name.splitlines()]
    _cell_first(left, lines[0][0].upper(), size=13, bold=lines[0][1])
    for text, bold in lines[1:]:
        _para(left, text, size=13, bold=bold, align=CENTER, upper=True)
    _short_rule(_para(left, align=CENTER), indent_mm=20)
    _cell_first(right, NATIONAL_TITLE, size=12.5, bold=True)
    motto = _para(right, MOTTO, size=13.5, bold=True, align=CENTER)
    _short_rule(motto, indent_mm=17)
    number = document.number.text() if document.number else ""
    _cell_first(table.cell(1, 0), number, size=13).paragraph_format.space_before = Pt(6)
    date = _cell_first(table.cell(1, 1), document.place_date.text(), size=13.5, italic=True)
    date.paragraph_format.space_before = Pt(6)


def _title(doc, document: AdministrativeDocument) -> None:
    _para(
        doc, document.type_name, size=14, bold=True, align=CENTER, upper=True
    ).paragraph_format.space_before = Pt(12)
    if document.summary:
        _short_rule(_para(doc, document.summary, size=14, bold=True, align=CENTER), indent_mm=25)
    if document.authority:
        authority = _para(doc, document.authority, size=14, bold=True, align=CENTER, upper=True)
        authority.paragraph_format.space_before = Pt(12)
    for i, addressee in enumerate(document.addressees):
        line = _para(doc, ("Kính gửi: " if i == 0 else "") + addressee, size=14, align=CENTER)
        line.paragraph_format.space_before = Pt(10 if i == 0 else 0)
    doc.add_paragraph()


def table_docx(container, table: Table, *, font_pt: float = 11) -> None:
    """A bordered list table whose header row repeats on every page."""
    columns = list(table.columns)
    totals = table.show_totals and bool(table.totals())
    out = container.add_table(rows=1 + len(table.rows) + (1 if totals else 0), cols=len(columns))
    out.style = "Table Grid"
    header = out.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, column in zip(header.cells, columns, strict=True):
        _cell_first(cell, column.title, size=font_pt, bold=True)
    for r, row in enumerate(table.rows, start=1):
        for cell, column in zip(out.rows[r].cells, columns, strict=True):
            align = (
                RIGHT
                if column.kind in ("money", "number")
                else CENTER
                if column.kind in ("index", "date")
                else LEFT
            )
            _cell_first(cell, cell_text(column, row, r), size=font_pt, align=align)
    if totals:
        texts = totals_cells(table)
        cells = out.rows[-1].cells
        first_total = next(i for i, c in enumerate(columns) if c.total)
        label = cells[0].merge(cells[max(first_total, 1) - 1]) if first_total > 1 else cells[0]
        _cell_first(label, table.totals_label, size=font_pt, bold=True)
        for i in range(max(first_total, 1), len(columns)):
            _cell_first(cells[i], texts[i], size=font_pt, bold=True, align=RIGHT)


def _section(doc, section: Section) -> None:
    _para(doc, section.heading, bold=True, indent_first=10, space_after=4)
    for text in section.paragraphs:
        _para(doc, text, indent_first=10, space_after=6)
    for table in section.tables:
        if table.caption:
            _para(doc, table.caption, bold=True, align=CENTER, space_after=4)
        table_docx(doc, table)
    for sub in section.subsections:
        _section(doc, sub)


def _body(doc, document: AdministrativeDocument) -> None:
    for line in legal_basis_lines(document.legal_bases, document.proposal):
        _para(doc, line, italic=True, indent_first=10, space_after=6)
    for text in document.intro:
        _para(
            doc,
            text,
            italic=bool(document.body_tables),
            align=CENTER if document.body_tables else JUSTIFY,
            indent_first=0 if document.body_tables else 10,
            space_after=6,
        )
    if document.articles:
        _para(doc, "QUYẾT ĐỊNH:", bold=True, align=CENTER, space_after=6)
        for number, article in enumerate(document.articles, start=1):
            first, *rest = article.paragraphs or ("",)
            paragraph = _para(doc, indent_first=10, space_after=6)
            label = paragraph.add_run(f"Điều {number}." + (f" {article.title}" if article.title else ""))
            label.bold = True
            paragraph.add_run(f" {first}")
            for text in rest:
                _para(doc, text, indent_first=10, space_after=6)
    for section in document.sections:
        _section(doc, section)
    for table in document.body_tables:
        table_docx(doc, table)
    for text in document.closing:
        _para(doc, text, indent_first=10, space_after=6)


def _signature(cell, block: SignatureBlock, *, first: bool) -> None:
    lines = [*block.authority_lines, block.position]
    if first:
        _cell_first(cell, lines[0].upper(), size=14, bold=True)
    else:
        _para(cell, lines[0], size=14, bold=True, align=CENTER, upper=True)
    for line in lines[1:]:
        _para(cell, line, size=14, bold=True, align=CENTER, upper=True)
    for _ in range(4):  # room for the signature and the seal (box 8)
        _para(cell, align=CENTER)
    _para(cell, block.signer_name, size=14, bold=True, align=CENTER)


def _closing(doc, document: AdministrativeDocument) -> None:
    doc.add_paragraph()
    if document.extra_signatures and document.signature:
        blocks: Sequence[SignatureBlock] = [*document.extra_signatures, document.signature]
        table = doc.add_table(rows=1, cols=len(blocks))
        _no_borders(table)
        for cell, block in zip(table.rows[0].cells, blocks, strict=True):
            _signature(cell, block, first=True)
        return
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(75), Mm(90)
    if document.recipients:
        _cell_first(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT)
        for line in recipient_lines(document.recipients, document.archive):
            _para(left, line, size=11, align=LEFT)
    if document.signature:
        _signature(right, document.signature, first=True)


def _verification(doc, mark: VerificationMark | None) -> None:
    if mark is None:
        return
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    image_cell, text_cell = table.rows[0].cells
    image_cell.width, text_cell.width = Mm(24), Mm(140)
    image_cell.paragraphs[0].add_run().add_picture(io.BytesIO(qr_png(mark.url)), width=Mm(20))
    _cell_first(text_cell, "Xác thực văn bản điện tử tại:", size=9, align=LEFT)
    _para(text_cell, mark.url, size=9, align=LEFT)
    _para(text_cell, f"Mã nội dung: {mark.short_hash}", size=9, align=LEFT)


def _annex(doc, annex: Annex) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=annex.landscape)
    _para(doc, annex.label, size=14, bold=True, align=CENTER)
    _para(doc, annex.title, size=14, bold=True, align=CENTER)
    _short_rule(_para(doc, annex.reference, size=14, italic=True, align=CENTER, space_after=8), indent_mm=90)
    table_docx(doc, annex.table)
    for note in annex.notes:
        _para(doc, note, size=12, italic=True)


def render_docx(
    document: AdministrativeDocument, *, base_url: str | None = None, verify_url: str | None = None
) -> bytes:
    """.docx bytes of ``document``; the verification QR code as in ``pdf.render_pdf``."""
    doc = Document()
    _setup_styles(doc)
    first = doc.sections[0]
    _page(first, landscape=document.landscape)
    _page_number_header(first)
    doc.core_properties.title = document.title_line
    if document.draft:
        _para(doc, "DỰ THẢO", size=12, bold=True, align=LEFT)
    _heading(doc, document)
    _title(doc, document)
    _body(doc, document)
    _closing(doc, document)
    mark = verification_mark(document, base_url, url=verify_url)
    _verification(doc, mark)
    for annex in document.annexes:
        _annex(doc, annex)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
