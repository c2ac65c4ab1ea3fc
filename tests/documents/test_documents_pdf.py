"""PDF rendering through WeasyPrint: the NĐ 30 elements are on the page, in the right places."""

from __future__ import annotations

import io
import re

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from ansinh.documents.nd30 import MOTTO, NATIONAL_TITLE
from ansinh.documents.pdf import (
    PdfUnavailable,
    probe_weasyprint,
    render_pdf,
    require_weasyprint,
    unavailable_message,
    weasyprint_available,
)
from ansinh.documents.pdftext import page_count, page_texts, pdf_text
from ansinh.documents.samples import sample_payment_list, sample_report, sample_submission


def test_decision_pdf_carries_every_element_of_page_one(decision_pdf: bytes) -> None:
    first = page_texts(decision_pdf)[0]
    for expected in (
        "ỦY BAN NHÂN DÂN\nTỈNH BÌNH PHƯỚC",
        NATIONAL_TITLE,
        MOTTO,
        "Số: 2345/QĐ-UBND",
        "Bình Phước, ngày 05 tháng 9 năm 2021",
        "QUYẾT ĐỊNH\nVề việc phê duyệt danh sách và kinh phí hỗ trợ",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC",
        "Căn cứ Luật Tổ chức chính quyền địa phương",
        "QUYẾT ĐỊNH:",
        "Điều 1.",
        "148.850.000 đồng",
    ):
        assert expected in first, expected
    # The national title sits on the same line-run as the issuing body, i.e. before the number.
    assert first.index(NATIONAL_TITLE) < first.index("Số: 2345/QĐ-UBND")


def test_decision_pdf_ends_with_signature_recipients_and_verification(
    decision_pdf: bytes, base_url: str, document_id: str
) -> None:
    text = pdf_text(decision_pdf)
    assert "Điều 3." in text
    assert "Nơi nhận:\n- Như Điều 3;" in text
    assert "- Lưu: VT, KGVX (H.05)." in text
    assert "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in text
    assert "Trần Văn Mi" in text
    assert f"{base_url}/verify/{document_id}" in text
    assert re.search(r"Mã nội dung:\s+[0-9A-F]{4}(-[0-9A-F]{4}){3}", text)


def test_annex_has_its_own_header_and_every_row(decision_pdf: bytes) -> None:
    pages = page_texts(decision_pdf)
    annex_start = next(i for i, page in enumerate(pages) if page.startswith("Phụ lục"))
    annex = "\n".join(pages[annex_start:])
    assert "DANH SÁCH NGƯỜI LAO ĐỘNG TẠM HOÃN" in annex
    assert "(Kèm theo Quyết định số 2345/QĐ-UBND ngày 05 tháng 9 năm 2021 của" in annex
    assert "Tổng cộng" in annex and "148.850.000" in annex
    # 40 numbered rows; the table header repeats on every annex page.
    for page in pages[annex_start:]:
        assert "Họ và tên" in page
    assert len(pages) - annex_start >= 2


def test_page_numbers_start_on_page_two(decision_pdf: bytes) -> None:
    pages = page_texts(decision_pdf)
    assert page_count(decision_pdf) == len(pages) >= 4
    assert not re.search(r"^1$", pages[0], re.M)
    for number, page in enumerate(pages[1:], start=2):
        assert re.search(rf"^{number}$", page, re.M), f"page {number} has no page number"


def test_pages_are_a4_and_annex_pages_landscape(decision_pdf: bytes) -> None:
    reader = PdfFileReader(io.BytesIO(decision_pdf))
    sizes = []
    for index in range(page_count(decision_pdf)):
        page = reader.find_page_for_modification(index)[0].get_object()
        x0, y0, x1, y1 = (float(v) for v in page["/MediaBox"])
        sizes.append((round((x1 - x0) * 25.4 / 72), round((y1 - y0) * 25.4 / 72)))
    assert sizes[0] == (210, 297)
    assert sizes[-1] == (297, 210)


def test_fonts_are_embedded_noto_serif_when_asked(decision_pdf: bytes) -> None:
    reader = PdfFileReader(io.BytesIO(decision_pdf))
    names = set()
    for index in range(page_count(decision_pdf)):
        page = reader.find_page_for_modification(index)[0].get_object()
        fonts = page["/Resources"]["/Font"]
        names |= {str(fonts[key].get_object()["/BaseFont"]).split("+", 1)[-1] for key in fonts}
    assert names >= {"ND30-Noto-Serif", "ND30-Noto-Serif-Bold", "ND30-Noto-Serif-Italic"}, names


@pytest.mark.usefixtures("pdf_required")
@pytest.mark.parametrize(
    ("factory", "expected"),
    [
        (sample_submission, ("TỜ TRÌNH", "Kính gửi:", "Số: 215/TTr-SLĐTBXH", "kính trình", "Phụ lục")),
        (
            sample_payment_list,
            ("DANH SÁCH CHI TRẢ", "Ký nhận", "NGƯỜI LẬP BIỂU", "KẾ TOÁN", "TM. ỦY BAN NHÂN DÂN"),
        ),
        (sample_report, ("BÁO CÁO", "Số: 07/BC-SLĐTBXH", "I. KẾT QUẢ THỰC HIỆN", "Bảng 1.", "GIÁM ĐỐC")),
    ],
)
def test_other_documents_render(factory, expected: tuple[str, ...]) -> None:
    document = factory(document_id="x-1") if factory is sample_report else factory(15, document_id="x-1")
    text = pdf_text(render_pdf(document, base_url="https://a.example", font="noto"))
    assert NATIONAL_TITLE in text and MOTTO in text
    for item in expected:
        assert item in text, item


def test_weasyprint_is_detected_here_and_a_missing_one_is_reported() -> None:
    ok, reason = weasyprint_available()
    print(f"weasyprint_available() -> {ok}, {reason}")
    missing_ok, missing_reason = probe_weasyprint("ansinh_no_such_weasyprint_module")
    assert missing_ok is False
    assert "Pango" in missing_reason
    assert unavailable_message(missing_reason).startswith(
        "Xuất PDF không khả dụng: không nạp được WeasyPrint"
    )
    if ok:
        assert require_weasyprint().__name__ == "weasyprint"
    else:
        with pytest.raises(PdfUnavailable, match="Xuất PDF không khả dụng"):
            require_weasyprint()


@pytest.mark.usefixtures("pdf_required")
def test_the_web_apps_own_verification_route_goes_into_the_qr_text() -> None:
    pdf = render_pdf(sample_report(), verify_url="https://a.example/xac-minh/0f0e/", font="noto")
    assert "https://a.example/xac-minh/0f0e/" in pdf_text(pdf)
    assert "Xác thực văn bản điện tử tại:" not in pdf_text(render_pdf(sample_report(), font="noto"))


def test_the_signature_never_stands_alone_on_a_page(decision_pdf: bytes) -> None:
    page = next(p for p in page_texts(decision_pdf) if "Nơi nhận:" in p)
    assert "Quyết định này có hiệu lực kể từ ngày ký./." in page
    assert "Trần Văn Mi" in page


@pytest.mark.usefixtures("pdf_required")
def test_a_draft_decision_has_blank_number_and_date_and_says_so() -> None:
    from ansinh.documents.nd30 import NumberSymbol, PlaceDate, build_decision
    from ansinh.documents.samples import LEGAL_BASES_DECISION, PROVINCE_PC, sample_batch, sample_decision

    signed_version = sample_decision(3)
    draft = build_decision(
        batch=sample_batch(3),
        issuing_body=PROVINCE_PC,
        number=NumberSymbol("QĐ-UBND"),
        place_date=PlaceDate("Bình Phước", None),
        authority=signed_version.authority,
        issuer_name="Chủ tịch Ủy ban nhân dân tỉnh Bình Phước",
        legal_bases=LEGAL_BASES_DECISION,
        proposal="Theo đề nghị của Giám đốc Sở Lao động - Thương binh và Xã hội",
        executors="Chánh Văn phòng Ủy ban nhân dân tỉnh",
        implementer="Sở Lao động - Thương binh và Xã hội",
        signature=signed_version.signature,
        recipients=("Như Điều 3",),
        archive="VT",
        draft=True,
    )
    text = pdf_text(render_pdf(draft, font="noto"))
    assert text.startswith("DỰ THẢO")
    assert re.search(r"Số:\xa0{8}/QĐ-UBND", text)
    assert re.search(r"Bình Phước, ngày\xa0+tháng\xa0+năm", text)
    assert "(Kèm theo Quyết định số …/QĐ-UBND ngày" in text


def test_rendering_loads_only_data_uris_and_the_bundled_fonts() -> None:
    import fontpkg_noto_serif

    from ansinh.documents.pdf import allowed_resource

    font = (fontpkg_noto_serif.ROOT / "files" / "NotoSerif[wdth,wght].ttf").as_uri()
    assert allowed_resource(font)
    assert allowed_resource("data:image/svg+xml;base64,PHN2Zz4=")
    assert not allowed_resource("file:///etc/passwd")
    assert not allowed_resource(font.replace("files/NotoSerif", "files/../../../../../etc/passwd#"))
    assert not allowed_resource("http://127.0.0.1:8000/admin/")
    assert not allowed_resource("https://example.com/x.png")


@pytest.mark.usefixtures("pdf_required")
def test_a_local_file_named_in_the_html_is_not_loaded(tmp_path) -> None:
    import weasyprint

    from ansinh.documents.pdf import html_to_pdf
    from ansinh.documents.qr import qr_png

    image = tmp_path / "local.png"
    image.write_bytes(qr_png("x"))
    html = f'<p>ok</p><img src="{image.as_uri()}">'
    assert b"/Image" in weasyprint.HTML(string=html).write_pdf()  # WeasyPrint alone would embed it
    pdf = html_to_pdf(html)
    assert b"/Image" not in pdf
    assert "ok" in pdf_text(pdf)
