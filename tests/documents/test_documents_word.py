"""The .docx rendering opens in python-docx and holds the NĐ 30 elements."""

from __future__ import annotations

import io

import docx
from docx.enum.section import WD_ORIENT

from ansinh.documents.nd30 import MOTTO, NATIONAL_TITLE
from ansinh.documents.samples import sample_decision, sample_payment_list, sample_report
from ansinh.documents.word import render_docx


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def test_decision_docx_holds_every_element(base_url: str, document_id: str) -> None:
    data = render_docx(sample_decision(25, document_id=document_id), base_url=base_url)
    document = docx.Document(io.BytesIO(data))
    text = _all_text(document)
    for expected in (
        NATIONAL_TITLE,
        MOTTO,
        "TỈNH BÌNH PHƯỚC",
        "Số: 2345/QĐ-UBND",
        "Bình Phước, ngày 05 tháng 9 năm 2021",
        "QUYẾT ĐỊNH",
        "QUYẾT ĐỊNH:",
        "Điều 1.",
        "Điều 3.",
        "Nơi nhận:",
        "- Lưu: VT, KGVX (H.05).",
        "KT. CHỦ TỊCH",
        "Trần Văn Mi",
        "Phụ lục",
        "(Kèm theo Quyết định số 2345/QĐ-UBND",
        f"{base_url}/verify/{document_id}",
        "Tổng cộng",
    ):
        assert expected in text, expected
    heading = document.tables[0]
    assert NATIONAL_TITLE in heading.cell(0, 1).text and "TỈNH BÌNH PHƯỚC" in heading.cell(0, 0).text
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_decision_docx_page_setup_follows_nd30() -> None:
    document = docx.Document(io.BytesIO(render_docx(sample_decision(5))))
    first, annex = document.sections[0], document.sections[-1]

    def mm(length) -> int:
        return round(length.mm)

    assert (mm(first.page_width), mm(first.page_height)) == (210, 297)
    assert (mm(first.left_margin), mm(first.right_margin), mm(first.top_margin)) == (30, 15, 20)
    assert first.different_first_page_header_footer is True  # no page number on page 1
    assert "PAGE" in first.header._element.xml
    assert annex.orientation == WD_ORIENT.LANDSCAPE
    annex_table = document.tables[-1]
    assert annex_table.rows[0].cells[1].text == "Họ và tên"
    assert "w:tblHeader" in annex_table.rows[0]._tr.xml  # header row repeats across pages
    assert len(annex_table.rows) == 1 + 5 + 1  # header, rows, totals


def test_payment_list_and_report_docx() -> None:
    payment = _all_text(docx.Document(io.BytesIO(render_docx(sample_payment_list(6)))))
    assert "DANH SÁCH CHI TRẢ" in payment and "Ký nhận" in payment and "NGƯỜI LẬP BIỂU" in payment
    report = _all_text(docx.Document(io.BytesIO(render_docx(sample_report()))))
    assert "BÁO CÁO" in report and "I. KẾT QUẢ THỰC HIỆN" in report and "Thành phố Đồng Xoài" in report
