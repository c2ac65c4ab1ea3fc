"""The relief documents of a batch (tờ trình, quyết định + phụ lục, danh sách chi trả) through the documents core."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ansinh.documents.html import render_html
from ansinh.documents.nd30 import (
    DocumentReference,
    IssuingBody,
    NumberSymbol,
    PlaceDate,
    ReliefBatch,
    SignatureBlock,
    build_decision,
    build_payment_list,
    build_submission,
)
from ansinh.documents.nd30.model import AdministrativeDocument
from ansinh.documents.pdf import PdfUnavailable, html_to_pdf, weasyprint_available
from ansinh.documents.qr import VerificationMark, content_sha256, short_hash
from ansinh.documents.spreadsheet import document_xlsx
from ansinh.relief.errors import ReliefError
from ansinh.relief.models import Application, Batch, Decision
from ansinh.relief.policy_steps import policy_steps

PROVINCE_PC = IssuingBody(name="ỦY BAN NHÂN DÂN\nTỈNH BÌNH PHƯỚC")
DOLISA = IssuingBody(superior="UBND TỈNH BÌNH PHƯỚC", name="SỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI")
PROVINCE_PC_NAME = "Ủy ban nhân dân tỉnh Bình Phước"


def pdf_status() -> tuple[bool, str]:
    """(True, "") when PDFs can be made here, else (False, "Xuất PDF không khả dụng: …")."""
    ok, reason = weasyprint_available()
    return (True, "") if ok else (False, f"Xuất PDF không khả dụng: {reason}.")


def _issuer(batch: Batch) -> tuple[IssuingBody, str, str]:
    """(issuing body, its name in running text, the authority line) of the approving decision."""
    if policy_steps(batch.policy_code).approver == "district":
        district = batch.area if batch.area.level <= 2 else batch.area.parent
        name = f"Ủy ban nhân dân {in_text(district.full_name)}"
        return (
            IssuingBody(name=f"ỦY BAN NHÂN DÂN\n{district.full_name.upper()}"),
            name,
            f"CHỦ TỊCH ỦY BAN NHÂN DÂN {district.full_name.upper()}",
        )
    return PROVINCE_PC, PROVINCE_PC_NAME, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC"


def _district(batch: Batch):
    return batch.area if batch.area.level <= 2 else batch.area.parent


def _place(batch: Batch) -> str:
    """Box 4 place name: the province for provincial decisions, the district for district ones."""
    return _district(batch).name if policy_steps(batch.policy_code).approver == "district" else "Bình Phước"


def _proposer(batch: Batch) -> str:
    if policy_steps(batch.policy_code).approver == "district":
        return "Theo đề nghị của Trưởng phòng Lao động - Thương binh và Xã hội"
    return "Theo đề nghị của Giám đốc Sở Lao động - Thương binh và Xã hội"


def _executors(batch: Batch) -> str:
    """Điều 3: who executes the decision, for a provincial or a district decision."""
    if policy_steps(batch.policy_code).approver == "district":
        return (
            "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân; Trưởng phòng Lao động - Thương binh và Xã "
            "hội, Trưởng phòng Tài chính - Kế hoạch; Chủ tịch Ủy ban nhân dân các xã, thị trấn"
        )
    return (
        "Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Lao động - Thương binh và Xã hội, Tài chính; "
        "Giám đốc Kho bạc Nhà nước tỉnh; Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố"
    )


def _period(application: Application) -> str:
    start, end = application.period_start, application.period_end
    if start and end:
        return f"{start:%d/%m/%Y} - {end:%d/%m/%Y}"
    return str(application.data.get("period") or "")


def application_row(application: Application) -> dict[str, Any]:
    """One line of the annex / payment list from an application (money is integer VND)."""
    data = application.data
    extra = int(data.get("extra_amount") or 0)
    return {
        "full_name": data.get("full_name") or (application.person.full_name if application.person else ""),
        "date_of_birth": data.get("date_of_birth") or "",
        "sex": {"nam": "Nam", "nu": "Nữ", "nữ": "Nữ"}.get(
            str(data.get("sex", "")).lower(), data.get("sex", "")
        ),
        "id_number": data.get("id_number") or "",
        "address": data.get("address") or application.area.full_name,
        "period": _period(application),
        "amount": application.computed_amount - extra,
        "extra_amount": extra,
        "total": application.computed_amount,
        "note": data.get("note") or "",
    }


def in_text(unit_name: str) -> str:
    """ "Huyện Đồng Phú" inside a sentence is written "huyện Đồng Phú" (NĐ 30, Appendix II: unit types are
    not capitalised in running text)."""
    return unit_name[:1].lower() + unit_name[1:] if unit_name else unit_name


def _paying_unit(batch: Batch) -> tuple[IssuingBody, str]:
    """Heading and place of the payment list: a commune under its district, an employer on its own."""
    unit = batch.submitting_unit
    area = batch.area
    if unit is not None and unit.kind == "commune" and area.parent is not None:
        return IssuingBody(
            superior=f"UBND {area.parent.full_name.upper()}", name=unit.name.upper()
        ), area.name
    if unit is not None and unit.kind == "district_office":
        return IssuingBody(superior=f"UBND {area.full_name.upper()}", name=unit.name.upper()), area.name
    return IssuingBody(name=(unit.name if unit else "").upper()), "Bình Phước"


def _whose(batch: Batch) -> str:
    """ "của Công ty …" for an employer's list, "trên địa bàn xã …" for a commune's or district's list."""
    unit = batch.submitting_unit
    if unit is not None and unit.kind in ("employer", "facility"):
        return f"của {unit.name}"
    return f"trên địa bàn {in_text(batch.area.full_name)}"


def relief_batch(batch: Batch, applications) -> ReliefBatch:
    steps = policy_steps(batch.policy_code)
    return ReliefBatch(
        policy_name=steps.short_name,
        policy_basis=steps.basis,
        batch_number=batch.sequence,
        rows=[application_row(a) for a in applications],
        area_name=_whose(batch),
        received_count=batch.applications.count(),
    )


def decision_document(decision: Decision) -> AdministrativeDocument:
    """The decision (QĐ) with its annex, from the decision's frozen list of awards."""
    batch = decision.batch
    steps = policy_steps(batch.policy_code)
    issuer, issuer_name, authority = _issuer(batch)
    applications = [
        award.application
        for award in decision.awards.select_related("application__area", "application__person").order_by(
            "application__source_row", "application_id"
        )
    ]
    if not applications:  # an amending decision lists the awards of the decision it amends
        source = decision.amends
        while source is not None and not applications:
            applications = [a.application for a in source.awards.select_related("application__area")]
            source = source.amends
    number = _number_symbol(decision)
    legal_bases = list(decision.legal_bases or steps.legal_bases)
    if decision.amends_id:
        legal_bases.append(
            f"Căn cứ Quyết định số {decision.amends.number} ngày {decision.amends.issued_on:%d/%m/%Y} "
            f"của {issuer_name}"
        )
    document = build_decision(
        batch=relief_batch(batch, applications),
        issuing_body=issuer,
        number=number,
        place_date=PlaceDate(_place(batch), decision.issued_on),
        authority=authority,
        issuer_name=issuer_name,
        legal_bases=legal_bases,
        proposal=(
            _proposer(batch) + (f"; lý do sửa đổi, bổ sung: {decision.reason}" if decision.reason else "")
        ),
        executors=_executors(batch),
        implementer=(
            "Phòng Lao động - Thương binh và Xã hội"
            if steps.approver == "district"
            else "Sở Lao động - Thương binh và Xã hội"
        ),
        signature=SignatureBlock(
            position=(decision.signer_title or "PHÓ CHỦ TỊCH").upper(),
            signer_name=decision.signer_name or " ",
            authority_lines=("KT. CHỦ TỊCH",),
        ),
        recipients=("Như Điều 3", "CT, các PCT UBND tỉnh", "LĐVP, Phòng KGVX"),
        archive="VT, KGVX",
    )
    if decision.amends_id:
        from dataclasses import replace

        amended = decision.amends
        document = replace(
            document,
            summary=(
                f"Về việc sửa đổi, bổ sung Quyết định số {amended.number} ngày {amended.issued_on:%d/%m/%Y} "
                f"{document.summary[0].lower()}{document.summary[1:]}"
            ),
        )
    if decision.verification_id:
        from dataclasses import replace

        document = replace(document, document_id=str(decision.verification_id))
    return document


def _number_symbol(decision: Decision) -> NumberSymbol:
    if decision.number and "/" in decision.number:
        head, _, symbol = decision.number.partition("/")
        if head.isdigit():
            return NumberSymbol(symbol, int(head))
    return NumberSymbol("QĐ-UBND", None)


def submission_document(batch: Batch) -> AdministrativeDocument:
    """The Department's tờ trình asking the approver to approve the appraised list."""
    steps = policy_steps(batch.policy_code)
    _, issuer_name, _ = _issuer(batch)
    accepted = list(
        batch.applications.filter(
            status__in=[Application.Status.ACCEPTED, Application.Status.APPROVED, Application.Status.PAID]
        ).select_related("area")
    )
    return build_submission(
        batch=relief_batch(batch, accepted),
        issuing_body=DOLISA,
        number=NumberSymbol("TTr-SLĐTBXH", None),
        place_date=PlaceDate("Bình Phước", batch.appraised_at.date() if batch.appraised_at else None),
        addressee=issuer_name,
        legal_bases=steps.legal_bases[1:] or steps.legal_bases,
        signature=SignatureBlock(position="PHÓ GIÁM ĐỐC", signer_name=" ", authority_lines=("KT. GIÁM ĐỐC",)),
        recipients=("Như trên", "Giám đốc Sở"),
        archive="VT, LĐVL",
        submitter_name="Sở Lao động - Thương binh và Xã hội",
    )


def payment_list_document(batch: Batch, decision: Decision, applications) -> AdministrativeDocument:
    """The commune's cash payment list with a "Ký nhận" column (landscape)."""
    _, issuer_name, _ = _issuer(batch)
    issuing_body, place = _paying_unit(batch)
    return build_payment_list(
        batch=relief_batch(batch, applications),
        issuing_body=issuing_body,
        place_date=PlaceDate(place, None),
        decision=DocumentReference("Quyết định", _number_symbol(decision), decision.issued_on, issuer_name),
        signatures=(
            SignatureBlock(position="NGƯỜI LẬP BIỂU", signer_name=" "),
            SignatureBlock(position="KẾ TOÁN", signer_name=" "),
            SignatureBlock(position="THỦ TRƯỞNG ĐƠN VỊ", signer_name=" "),
        ),
    )


def to_pdf(document: AdministrativeDocument, verification_url: str | None = None) -> bytes:
    """PDF bytes, with the verification QR code when a URL is given; ReliefError when PDF is unavailable."""
    mark = (
        VerificationMark(url=verification_url, short_hash=short_hash(content_sha256(document)))
        if verification_url
        else None
    )
    try:
        return html_to_pdf(render_html(document, mark=mark))
    except PdfUnavailable as error:
        raise ReliefError(str(error)) from error


def to_xlsx(document: AdministrativeDocument) -> bytes:
    return document_xlsx(document)


def long_date(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""
