"""HTML of an NĐ 30/2020 document, for WeasyPrint (print CSS in nd30/print.css).

Built with ``html.escape`` rather than a template engine so that the rendering core stays free of Django
(ADR 0060); every text goes through ``_e``.
"""

from __future__ import annotations

import html as html_lib
import string
from collections.abc import Iterable, Sequence
from importlib import resources

from ansinh.documents.fonts import FontChoice, font_setup
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
from ansinh.documents.qr import VerificationMark, qr_svg_data_uri


def _e(text: str) -> str:
    return html_lib.escape(text, quote=True)


def print_css(font: FontChoice = "auto") -> str:
    """The print stylesheet with the resolved font family."""
    setup = font_setup(font)
    source = resources.files("ansinh.documents.nd30").joinpath("print.css").read_text(encoding="utf-8")
    return string.Template(source).safe_substitute(
        family=setup.family, font_face=setup.font_face_css, body_size=setup.body_size
    )


def _heading(document: AdministrativeDocument) -> str:
    body = document.issuing_body
    superior = f'<div class="superior">{_e(body.superior)}</div>' if body.superior else ""
    number = f"{_e(document.number.text())}" if document.number else ""
    name = "".join(f'<div class="issuer-name">{_e(line)}</div>' for line in body.name.splitlines())
    return (
        '<table class="heading"><colgroup><col class="issuer"><col class="nation"></colgroup>'
        f'<tr><td>{superior}{name}<div class="rule-short"></div></td>'
        f'<td><div class="national-title">{_e(NATIONAL_TITLE)}</div>'
        f'<div class="motto"><span>{_e(MOTTO)}</span></div></td></tr>'
        f'<tr><td class="doc-number">{number}</td>'
        f'<td class="place-date">{_e(document.place_date.text())}</td></tr></table>'
    )


def _draft_mark(document: AdministrativeDocument) -> str:
    return '<div class="draft-mark">DỰ THẢO</div>' if document.draft else ""


def _title(document: AdministrativeDocument) -> str:
    parts = [f'<div class="doc-type">{_e(document.type_name)}</div>']
    if document.summary:
        parts.append(f'<div class="summary">{_e(document.summary)}</div><div class="summary-rule"></div>')
    if document.authority:
        parts.append(f'<div class="authority">{_e(document.authority)}</div>')
    if document.addressees:
        rows = "".join(
            f"<tr><td>{'Kính gửi:' if i == 0 else ''}</td><td>{_e(a)}</td></tr>"
            for i, a in enumerate(document.addressees)
        )
        parts.append(f'<div class="addressees"><table>{rows}</table></div>')
    return "".join(parts)


def _paragraphs(texts: Iterable[str], css_class: str = "") -> str:
    attr = f' class="{css_class}"' if css_class else ""
    return "".join(f"<p{attr}>{_e(t)}</p>" for t in texts)


def table_html(table: Table) -> str:
    """A list table with a repeating header and a totals row."""
    weights = sum(c.width for c in table.columns)
    cols = "".join(f'<col style="width:{100 * c.width / weights:.2f}%">' for c in table.columns)
    head = "".join(f"<th>{_e(c.title)}</th>" for c in table.columns)
    body_rows = []
    for index, row in enumerate(table.rows, start=1):
        cells = "".join(f'<td class="{c.kind}">{_e(cell_text(c, row, index))}</td>' for c in table.columns)
        body_rows.append(f"<tr>{cells}</tr>")
    if table.show_totals and table.totals():
        texts = totals_cells(table)
        first_total = next(i for i, c in enumerate(table.columns) if c.total)
        label_span = max(first_total, 1)
        cells = f'<td class="label" colspan="{label_span}">{_e(table.totals_label)}</td>'
        cells += "".join(
            f'<td class="{c.kind}">{_e(texts[i])}</td>'
            for i, c in enumerate(table.columns)
            if i >= label_span
        )
        body_rows.append(f'<tr class="totals">{cells}</tr>')
    caption = f'<div class="table-caption">{_e(table.caption)}</div>' if table.caption else ""
    return (
        f'{caption}<table class="list"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body_rows)}</tbody></table>"
    )


def _section(section: Section, level: int = 2) -> str:
    tag = "h2" if level == 2 else "h3"
    parts = [f"<{tag}>{_e(section.heading)}</{tag}>", _paragraphs(section.paragraphs)]
    parts += [table_html(t) for t in section.tables]
    parts += [_section(s, level + 1) for s in section.subsections]
    return "".join(parts)


def _body(document: AdministrativeDocument) -> tuple[str, list[str]]:
    """The body's HTML and the paragraphs held back to travel with the signature block."""
    parts = []
    tail = list(document.closing)
    bases = legal_basis_lines(document.legal_bases, document.proposal)
    if bases:
        parts.append(f'<div class="bases">{_paragraphs(bases)}</div>')
    parts.append(_paragraphs(document.intro, "list-intro" if document.body_tables else ""))
    if document.articles:
        parts.append('<p class="decides">QUYẾT ĐỊNH:</p>')
        for number, article in enumerate(document.articles, start=1):
            first, *rest = article.paragraphs or ("",)
            if number == len(document.articles) and not tail and rest:
                tail, rest = [rest[-1]], rest[:-1]
            title = f" {_e(article.title)}" if article.title else ""
            parts.append(
                f'<p><span class="article-label">Điều {number}.{title}</span> {_e(first)}</p>'
                + _paragraphs(rest)
            )
    parts += [_section(s) for s in document.sections]
    parts += [table_html(t) for t in document.body_tables]
    return f'<div class="body">{"".join(parts)}</div>', tail


def signature_html(block: SignatureBlock) -> str:
    """Boxes 7a–7c with a blank space for the signature image and the seal (box 8)."""
    lines = "".join(f'<div class="authority-line">{_e(line)}</div>' for line in block.authority_lines)
    return (
        f'<div class="signature">{lines}<div class="position">{_e(block.position)}</div>'
        f'<div class="space"></div><div class="signer">{_e(block.signer_name)}</div></div>'
    )


def signatures_row_html(blocks: Sequence[SignatureBlock]) -> str:
    """Several signatures side by side (lists): titles on one row, names aligned on the last."""
    titles = "".join(
        "<td>"
        + "".join(f'<div class="authority-line">{_e(t)}</div>' for t in b.authority_lines)
        + f'<div class="position">{_e(b.position)}</div></td>'
        for b in blocks
    )
    space = "<td></td>" * len(blocks)
    names = "".join(f'<td class="names">{_e(b.signer_name)}</td>' for b in blocks)
    return (
        f'<table class="signatures-row signature"><tr>{titles}</tr><tr class="space">{space}</tr>'
        f"<tr>{names}</tr></table>"
    )


def _closing_block(document: AdministrativeDocument) -> str:
    if document.extra_signatures:
        blocks = [*document.extra_signatures, document.signature] if document.signature else []
        return signatures_row_html(blocks)
    recipients = ""
    if document.recipients:
        recipients = '<p class="recipients-label">Nơi nhận:</p>' + _paragraphs(
            recipient_lines(document.recipients, document.archive), "recipient"
        )
    signature = signature_html(document.signature) if document.signature else ""
    return (
        '<table class="closing"><colgroup><col class="recipients"><col class="signature"></colgroup>'
        f"<tr><td>{recipients}</td><td>{signature}</td></tr></table>"
    )


def _verification(mark: VerificationMark | None) -> str:
    if mark is None:
        return ""
    return (
        f'<table class="verification"><tr><td><img src="{qr_svg_data_uri(mark.url)}" alt="QR"></td>'
        f"<td>Xác thực văn bản điện tử tại:<br>{_e(mark.url)}<br>"
        f'Mã nội dung: <span class="hash">{_e(mark.short_hash)}</span></td></tr></table>'
    )


def _annex(annex: Annex) -> str:
    classes = "annex landscape" if annex.landscape else "annex"
    return (
        f'<section class="{classes}"><div class="annex-label">{_e(annex.label)}</div>'
        f'<div class="annex-title">{_e(annex.title)}</div>'
        f'<div class="annex-reference">{_e(annex.reference)}</div><div class="annex-rule"></div>'
        f"{table_html(annex.table)}"
        f'<div class="notes">{_paragraphs(annex.notes)}</div>'
        + (signatures_row_html(annex.signatures) if annex.signatures else "")
        + "</section>"
    )


def render_html(
    document: AdministrativeDocument,
    *,
    mark: VerificationMark | None = None,
    font: FontChoice = "auto",
    extra_css: Sequence[str] = (),
) -> str:
    """The complete HTML page (stylesheet inlined) of ``document``."""
    main_class = "main landscape" if document.landscape else "main"
    css = print_css(font) + "\n".join(extra_css)
    body, tail = _body(document)
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{_e(document.title_line)}</title><style>{css}</style></head><body>"
        f'<section class="{main_class}">{_draft_mark(document)}{_heading(document)}{_title(document)}{body}'
        f'<div class="tail"><div class="body">{_paragraphs(tail)}</div>{_closing_block(document)}</div>'
        f"{_verification(mark)}</section>" + "".join(_annex(a) for a in document.annexes) + "</body></html>"
    )
