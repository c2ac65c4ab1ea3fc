"""Sample documents with fictitious people, for tests, the demo and looking at the layout.

Names and numbers are invented (deterministic arithmetic, no randomness); amounts follow NQ 68/NQ-CP
policy 3 (1.855.000 đồng for a suspension of 15 days to under 1 month, 3.710.000 for a month or more,
1.000.000 more for a pregnant worker or per child under 6).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ansinh.documents.nd30 import (
    DocumentReference,
    IssuingBody,
    NumberSymbol,
    PlaceDate,
    ReliefBatch,
    Section,
    SignatureBlock,
    Table,
    build_decision,
    build_payment_list,
    build_report,
    build_submission,
)
from ansinh.documents.nd30.model import AdministrativeDocument, Column

_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
_MIDDLE = ("Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh", "Đức", "Thị Kim")
_GIVEN = (
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Khánh",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phúc",
    "Quyên",
    "Sơn",
    "Thảo",
    "Trung",
    "Uyên",
    "Vy",
    "Yến",
)
_COMMUNES = (
    "Tân Thành, Đồng Xoài",
    "Tiến Hưng, Đồng Xoài",
    "Minh Hưng, Chơn Thành",
    "Thành Tâm, Chơn Thành",
    "Tân Khai, Hớn Quản",
    "Lộc Ninh, Lộc Ninh",
    "Đức Liễu, Bù Đăng",
    "Phước Bình, Phước Long",
)

PROVINCE_PC = IssuingBody(name="ỦY BAN NHÂN DÂN\nTỈNH BÌNH PHƯỚC")
DOLISA = IssuingBody(superior="UBND TỈNH BÌNH PHƯỚC", name="SỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI")
DECISION_DATE = dt.date(2021, 9, 5)


def sample_rows(count: int) -> list[dict[str, Any]]:
    """``count`` fictitious beneficiaries of NQ 68 policy 3."""
    rows = []
    for i in range(count):
        female = i % 3 != 0
        middle = _MIDDLE[i % len(_MIDDLE)] if not female or i % 2 else "Thị"
        amount = 3_710_000 if i % 4 else 1_855_000
        extra = 1_000_000 * (i % 3 == 1) + 1_000_000 * (i % 7 == 2)
        rows.append(
            {
                "full_name": f"{_FAMILY[i % len(_FAMILY)]} {middle} {_GIVEN[(i * 7) % len(_GIVEN)]}",
                "date_of_birth": dt.date(
                    1970 + (i * 3) % 33, 1 + (i * 5) % 12, 1 + (i * 11) % 28
                ).isoformat(),
                "sex": "Nữ" if female else "Nam",
                "id_number": f"0700{(8_712_345 + i * 104_729) % 100_000_000:08d}",
                "address": f"{_COMMUNES[i % len(_COMMUNES)]}",
                "period": "01/8/2021 - 31/8/2021" if amount == 3_710_000 else "10/8/2021 - 31/8/2021",
                "amount": amount,
                "extra_amount": extra,
                "note": "Mang thai" if extra and female and i % 3 == 1 else "",
            }
        )
    return rows


def sample_batch(count: int = 40, batch_number: int = 3) -> ReliefBatch:
    """A batch of NQ 68 policy 3 (suspension of the labour contract) for the province."""
    return ReliefBatch(
        policy_name="người lao động tạm hoãn thực hiện hợp đồng lao động, nghỉ việc không hưởng lương",
        policy_basis="Nghị quyết số 68/NQ-CP",
        batch_number=batch_number,
        rows=sample_rows(count),
        funding_source="Ngân sách tỉnh năm 2021 (nguồn dự phòng ngân sách tỉnh)",
        received_count=count + 3,
    )


LEGAL_BASES_DECISION = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều "
    "của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019",
    "Căn cứ Nghị quyết số 68/NQ-CP ngày 01 tháng 7 năm 2021 của Chính phủ về một số chính sách hỗ trợ người "
    "lao động và người sử dụng lao động gặp khó khăn do đại dịch COVID-19",
    "Căn cứ Quyết định số 23/2021/QĐ-TTg ngày 07 tháng 7 năm 2021 của Thủ tướng Chính phủ quy định việc thực "
    "hiện một số chính sách hỗ trợ người lao động và người sử dụng lao động gặp khó khăn do đại dịch COVID-19",
)


def sample_decision(count: int = 40, document_id: str = "") -> AdministrativeDocument:
    """The provincial decision approving batch 03 with a ``count``-row annex."""
    batch = sample_batch(count)
    document = build_decision(
        batch=batch,
        issuing_body=PROVINCE_PC,
        number=NumberSymbol("QĐ-UBND", 2345),
        place_date=PlaceDate("Bình Phước", DECISION_DATE),
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC",
        issuer_name="Chủ tịch Ủy ban nhân dân tỉnh Bình Phước",
        legal_bases=LEGAL_BASES_DECISION,
        proposal=(
            "Theo đề nghị của Giám đốc Sở Lao động - Thương binh và Xã hội tại Tờ trình số 215/TTr-SLĐTBXH "
            "ngày 03 tháng 9 năm 2021"
        ),
        executors=(
            "Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Lao động - Thương binh và Xã hội, Tài chính; "
            "Giám đốc Kho bạc Nhà nước tỉnh; Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố"
        ),
        implementer="Sở Lao động - Thương binh và Xã hội",
        signature=SignatureBlock(
            position="PHÓ CHỦ TỊCH", signer_name="Trần Văn Mi", authority_lines=("KT. CHỦ TỊCH",)
        ),
        recipients=("Như Điều 3", "CT, các PCT UBND tỉnh", "LĐVP, Phòng KGVX", "Trung tâm CNTT và TT"),
        archive="VT, KGVX (H.05)",
    )
    return _with_id(document, document_id)


def sample_submission(count: int = 40, document_id: str = "") -> AdministrativeDocument:
    """The Department's submission (tờ trình) of batch 03."""
    document = build_submission(
        batch=sample_batch(count),
        issuing_body=DOLISA,
        number=NumberSymbol("TTr-SLĐTBXH", 215),
        place_date=PlaceDate("Bình Phước", dt.date(2021, 9, 3)),
        addressee="Ủy ban nhân dân tỉnh Bình Phước",
        legal_bases=LEGAL_BASES_DECISION[1:],
        signature=SignatureBlock(
            position="PHÓ GIÁM ĐỐC", signer_name="Lê Thị Hoa", authority_lines=("KT. GIÁM ĐỐC",)
        ),
        recipients=("Như trên", "Giám đốc Sở", "Phòng LĐ-VL-GDNN"),
        archive="VT, LĐVL",
        submitter_name="Sở Lao động - Thương binh và Xã hội",
    )
    return _with_id(document, document_id)


def sample_payment_list(count: int = 40, document_id: str = "") -> AdministrativeDocument:
    """The commune's cash payment list with a "Ký nhận" column."""
    document = build_payment_list(
        batch=sample_batch(count),
        issuing_body=IssuingBody(superior="UBND THÀNH PHỐ ĐỒNG XOÀI", name="UBND PHƯỜNG TÂN THÀNH"),
        place_date=PlaceDate("Tân Thành", dt.date(2021, 9, 8)),
        decision=DocumentReference(
            "Quyết định",
            NumberSymbol("QĐ-UBND", 2345),
            DECISION_DATE,
            "Chủ tịch Ủy ban nhân dân tỉnh Bình Phước",
        ),
        signatures=(
            SignatureBlock(position="NGƯỜI LẬP BIỂU", signer_name="Phạm Thị Thu"),
            SignatureBlock(position="KẾ TOÁN", signer_name="Võ Văn Tài"),
            SignatureBlock(
                position="CHỦ TỊCH", signer_name="Đỗ Minh Quang", authority_lines=("TM. ỦY BAN NHÂN DÂN",)
            ),
        ),
    )
    return _with_id(document, document_id)


def sample_report(document_id: str = "") -> AdministrativeDocument:
    """A consolidated progress report of the plan, as the Office sends it to the Provincial People's Committee."""
    figures = Table(
        columns=(
            Column("stt", "STT", 0.5, "index"),
            Column("district", "Huyện, thị xã, thành phố", 2.4),
            Column("received", "Hồ sơ tiếp nhận", 1.1, "number", total=True),
            Column("approved", "Đã phê duyệt", 1.1, "number", total=True),
            Column("paid_amount", "Đã chi trả (đồng)", 1.6, "money", total=True),
        ),
        rows=(
            {
                "district": "Thành phố Đồng Xoài",
                "received": 1240,
                "approved": 1102,
                "paid_amount": 3_912_340_000,
            },
            {"district": "Thị xã Chơn Thành", "received": 860, "approved": 799, "paid_amount": 2_655_120_000},
            {"district": "Huyện Bù Đăng", "received": 312, "approved": 280, "paid_amount": 1_038_800_000},
        ),
        caption="Bảng 1. Kết quả thực hiện nhiệm vụ 2.1 theo địa bàn",
    )
    document = build_report(
        issuing_body=DOLISA,
        number=NumberSymbol("BC-SLĐTBXH", 7),
        place_date=PlaceDate("Bình Phước", dt.date(2021, 10, 15)),
        summary="Kết quả thực hiện Kế hoạch phòng, chống dịch COVID-19 và bảo đảm an sinh xã hội (kỳ 02)",
        addressees=("Ủy ban nhân dân tỉnh Bình Phước",),
        intro=(
            "Thực hiện Kế hoạch số 267/KH-UBND của Ủy ban nhân dân tỉnh, Sở Lao động - Thương binh và Xã hội "
            "báo cáo kết quả thực hiện trong kỳ như sau:",
        ),
        sections=(
            Section(
                heading="I. KẾT QUẢ THỰC HIỆN",
                paragraphs=("Các nhiệm vụ được triển khai đúng tiến độ; chi tiết tại Bảng 1.",),
                tables=(figures,),
            ),
            Section(
                heading="II. KHÓ KHĂN, VƯỚNG MẮC", paragraphs=("Một số hồ sơ bổ sung chậm do giãn cách.",)
            ),
            Section(
                heading="III. ĐỀ XUẤT, KIẾN NGHỊ", paragraphs=("Đề nghị bố trí kinh phí đợt tiếp theo./.",)
            ),
        ),
        signature=SignatureBlock(position="GIÁM ĐỐC", signer_name="Nguyễn Văn Lực"),
        recipients=("Như trên", "Ban Giám đốc Sở", "Các phòng, đơn vị thuộc Sở"),
        archive="VT, VP",
    )
    return _with_id(document, document_id)


def _with_id(document: AdministrativeDocument, document_id: str) -> AdministrativeDocument:
    if not document_id:
        return document
    from dataclasses import replace

    return replace(document, document_id=document_id)
