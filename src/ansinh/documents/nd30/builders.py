"""Builders of the relief documents (tờ trình, quyết định + phụ lục, danh sách chi trả) and the generic report.

Wording follows the Bình Phước decisions of 2021 (policies.md §2 and §7): the decision approves a list and its
funding "đợt N"; Điều 2 names the source of funds; Điều 3 names who executes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ansinh.documents.nd30.columns import DECISION_ANNEX_COLUMNS, PAYMENT_LIST_COLUMNS
from ansinh.documents.nd30.formatting import amount_in_words, format_vnd
from ansinh.documents.nd30.model import (
    AdministrativeDocument,
    Annex,
    Article,
    Column,
    DocumentKind,
    IssuingBody,
    NumberSymbol,
    PlaceDate,
    Section,
    SignatureBlock,
    Table,
    long_date,
)


@dataclass(frozen=True)
class ReliefBatch:
    """The facts of one batch (đợt) the relief documents speak about. Money is integer VND."""

    policy_name: str  # "người lao động tạm hoãn thực hiện hợp đồng lao động, nghỉ việc không hưởng lương"
    policy_basis: str  # "Nghị quyết số 68/NQ-CP ngày 01/7/2021 của Chính phủ"
    batch_number: int
    rows: Sequence[Mapping[str, Any]]
    area_name: str = ""  # "trên địa bàn tỉnh Bình Phước"
    funding_source: str = "Ngân sách tỉnh theo quy định"
    received_count: int | None = None  # applications received, for the submission's appraisal section

    @property
    def normalised_rows(self) -> list[dict[str, Any]]:
        """Rows with ``total`` filled in as amount + extra_amount where missing."""
        rows = []
        for row in self.rows:
            row = dict(row)
            if row.get("total") in (None, ""):
                row["total"] = int(row.get("amount") or 0) + int(row.get("extra_amount") or 0)
            rows.append(row)
        return rows

    @property
    def total_amount(self) -> int:
        """Total funding of the batch in VND."""
        return sum(int(row["total"]) for row in self.normalised_rows)

    @property
    def subject(self) -> str:
        """ "hỗ trợ <policy> theo <basis> (đợt N)" — the phrase every document of the batch repeats."""
        area = f" {self.area_name}" if self.area_name else ""
        return f"hỗ trợ {self.policy_name}{area} theo {self.policy_basis} (đợt {self.batch_number:02d})"


@dataclass(frozen=True)
class DocumentReference:
    """How a document is cited by another: "Quyết định số 123/QĐ-UBND ngày 05 tháng 9 năm 2021 của …"."""

    type_name: str  # "Quyết định"
    number: NumberSymbol
    date: Any  # datetime.date | None
    issuer: str  # "Ủy ban nhân dân tỉnh Bình Phước"

    def text(self) -> str:
        """The citation, without the surrounding parentheses."""
        return (
            f"{self.type_name} số {self.number.reference()} {long_date(self.date).strip()} của {self.issuer}"
        )


def _list_table(batch: ReliefBatch, columns: Sequence[Column]) -> Table:
    return Table(columns=tuple(columns), rows=batch.normalised_rows)


def _amount_sentence(batch: ReliefBatch) -> str:
    total = batch.total_amount
    return f"{format_vnd(total)} đồng (Bằng chữ: {amount_in_words(total)})"


def build_submission(
    *,
    batch: ReliefBatch,
    issuing_body: IssuingBody,
    number: NumberSymbol,
    place_date: PlaceDate,
    addressee: str,
    legal_bases: Sequence[str],
    signature: SignatureBlock,
    recipients: Sequence[str],
    archive: str,
    submitter_name: str,
    columns: Sequence[Column] = DECISION_ANNEX_COLUMNS,
) -> AdministrativeDocument:
    """Tờ trình đề nghị phê duyệt danh sách và kinh phí hỗ trợ … (đợt N), with the appraised list attached."""
    count = len(batch.rows)
    received = batch.received_count if batch.received_count is not None else count
    appraisal = Section(
        heading="I. KẾT QUẢ THẨM ĐỊNH",
        paragraphs=(
            f"Tổng số hồ sơ đề nghị hỗ trợ tiếp nhận: {received} hồ sơ.",
            f"Số hồ sơ đủ điều kiện hỗ trợ sau thẩm định: {count} hồ sơ; không đủ điều kiện: {received - count} hồ sơ.",
            f"Tổng kinh phí đề nghị hỗ trợ: {_amount_sentence(batch)}.",
        ),
    )
    proposal = Section(
        heading="II. ĐỀ NGHỊ",
        paragraphs=(
            f"{submitter_name} kính trình {addressee} xem xét, phê duyệt danh sách {count} người và kinh phí "
            f"{batch.subject}, với tổng kinh phí {_amount_sentence(batch)}.",
            f"Nguồn kinh phí: {batch.funding_source}.",
            "(Có danh sách và dự thảo Quyết định kèm theo)",
        ),
    )
    reference = DocumentReference("Tờ trình", number, place_date.date, submitter_name)
    return AdministrativeDocument(
        kind=DocumentKind.SUBMISSION,
        issuing_body=issuing_body,
        number=number,
        place_date=place_date,
        type_name="TỜ TRÌNH",
        summary=f"Về việc đề nghị phê duyệt danh sách và kinh phí {batch.subject}",
        addressees=(addressee,),
        legal_bases=legal_bases,
        sections=(appraisal, proposal),
        closing=(f"{submitter_name} kính trình {addressee} xem xét, quyết định./.",),
        signature=signature,
        recipients=recipients,
        archive=archive,
        annexes=(
            Annex(
                label="Phụ lục",
                title=f"DANH SÁCH ĐỀ NGHỊ HỖ TRỢ {batch.policy_name.upper()} (ĐỢT {batch.batch_number:02d})",
                reference=f"(Kèm theo {reference.text()})",
                table=_list_table(batch, columns),
            ),
        ),
    )


def build_decision(
    *,
    batch: ReliefBatch,
    issuing_body: IssuingBody,
    number: NumberSymbol,
    place_date: PlaceDate,
    authority: str,
    issuer_name: str,
    legal_bases: Sequence[str],
    proposal: str,
    executors: str,
    implementer: str,
    signature: SignatureBlock,
    recipients: Sequence[str],
    archive: str,
    columns: Sequence[Column] = DECISION_ANNEX_COLUMNS,
    draft: bool = False,
) -> AdministrativeDocument:
    """Quyết định phê duyệt danh sách và kinh phí hỗ trợ … (đợt N), with the approved list as its annex.

    A draft (sent with the submission) has ``draft=True`` and usually ``NumberSymbol("QĐ-UBND")`` with no
    number and ``PlaceDate(place, None)``: the number and date are blank until the decision is issued.

    ``executors`` is Điều 3's list ("Chánh Văn phòng UBND tỉnh; Giám đốc các Sở: …"), ``implementer`` the
    body Điều 2 charges with paying ("Sở Lao động - Thương binh và Xã hội").
    """
    count = len(batch.rows)
    articles = (
        Article(
            (
                f"Phê duyệt danh sách {count} người và kinh phí {batch.subject}, với tổng kinh phí là "
                f"{_amount_sentence(batch)}.",
                "(Chi tiết theo Phụ lục đính kèm)",
            )
        ),
        Article(
            (
                f"Nguồn kinh phí: {batch.funding_source}.",
                f"Giao {implementer} chủ trì, phối hợp với các cơ quan, đơn vị liên quan tổ chức chi trả kịp "
                "thời, đúng đối tượng, đúng quy định; quản lý, sử dụng và thanh quyết toán kinh phí theo quy "
                "định hiện hành.",
            )
        ),
        Article(
            (
                f"{executors} và các cơ quan, đơn vị, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định "
                "này.",
                "Quyết định này có hiệu lực kể từ ngày ký./.",
            )
        ),
    )
    reference = DocumentReference("Quyết định", number, place_date.date, issuer_name)
    return AdministrativeDocument(
        kind=DocumentKind.DECISION,
        draft=draft,
        issuing_body=issuing_body,
        number=number,
        place_date=place_date,
        type_name="QUYẾT ĐỊNH",
        summary=f"Về việc phê duyệt danh sách và kinh phí {batch.subject}",
        authority=authority,
        legal_bases=legal_bases,
        proposal=proposal,
        articles=articles,
        signature=signature,
        recipients=recipients,
        archive=archive,
        annexes=(
            Annex(
                label="Phụ lục",
                title=f"DANH SÁCH {batch.policy_name.upper()} ĐƯỢC HỖ TRỢ (ĐỢT {batch.batch_number:02d})",
                reference=f"(Kèm theo {reference.text()})",
                table=_list_table(batch, columns),
            ),
        ),
    )


def build_payment_list(
    *,
    batch: ReliefBatch,
    issuing_body: IssuingBody,
    place_date: PlaceDate,
    decision: DocumentReference,
    signatures: Sequence[SignatureBlock],
    columns: Sequence[Column] = PAYMENT_LIST_COLUMNS,
) -> AdministrativeDocument:
    """Danh sách chi trả (landscape) with a "Ký nhận" column and the paying unit's signatures side by side.

    ``signatures`` runs left to right, the head of the paying unit last (e.g. người lập biểu, kế toán,
    thủ trưởng đơn vị).
    """
    if not signatures:
        raise ValueError("Danh sách chi trả cần ít nhất một chữ ký.")
    return AdministrativeDocument(
        kind=DocumentKind.LIST,
        issuing_body=issuing_body,
        number=None,
        place_date=place_date,
        type_name="DANH SÁCH CHI TRẢ",
        summary=f"Kinh phí {batch.subject}",
        intro=(f"(Kèm theo {decision.text()})",),
        body_tables=(_list_table(batch, columns),),
        closing=(f"Tổng số tiền chi trả: {_amount_sentence(batch)}.",),
        signature=signatures[-1],
        extra_signatures=tuple(signatures[:-1]),
        landscape=True,
    )


def build_report(
    *,
    issuing_body: IssuingBody,
    number: NumberSymbol,
    place_date: PlaceDate,
    summary: str,
    sections: Sequence[Section],
    signature: SignatureBlock,
    recipients: Sequence[str],
    archive: str,
    intro: Sequence[str] = (),
    closing: Sequence[str] = (),
    addressees: Sequence[str] = (),
    annexes: Sequence[Annex] = (),
) -> AdministrativeDocument:
    """Báo cáo (e.g. the Office's consolidated periodic report to the Provincial People's Committee)."""
    return AdministrativeDocument(
        kind=DocumentKind.REPORT,
        issuing_body=issuing_body,
        number=number,
        place_date=place_date,
        type_name="BÁO CÁO",
        summary=summary,
        addressees=addressees,
        intro=intro,
        sections=sections,
        closing=closing,
        signature=signature,
        recipients=recipients,
        archive=archive,
        annexes=annexes,
    )
