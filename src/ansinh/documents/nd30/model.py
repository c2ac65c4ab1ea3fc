"""Data model of an administrative document in the format of Nghị định 30/2020/NĐ-CP, Appendix I.

Each field carries the number of the layout box (ô số) it fills in the Appendix I diagram, so the
renderers and the reader of this file agree on what goes where.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BLANK = "\u00a0"  # no-break space, for the blanks of a draft's number and date

# NĐ 30/2020, Appendix I, 7a: the four ways of signing on someone's behalf.
AUTHORITY_PREFIXES = ("TM.", "KT.", "TL.", "TUQ.")

# NĐ 30/2020, Appendix I, 7c: no academic titles or honours before the signer's name (outside the armed
# forces, education, health and science units, which this system does not serve).
_ACADEMIC_TITLE = re.compile(r"^\s*(GS|PGS|TS|ThS|CN|KS|BS|TSKH|NGƯT|NGND)\.?\s", re.IGNORECASE)


class DocumentKind(enum.StrEnum):
    """Document types used here, with their NĐ 30 Appendix III abbreviations as values."""

    DECISION = "QĐ"  # Quyết định
    SUBMISSION = "TTr"  # Tờ trình
    REPORT = "BC"  # Báo cáo
    LIST = "DS"  # Danh sách (an annex-like standalone list, e.g. the payment list)
    PLAN = "KH"  # Kế hoạch


@dataclass(frozen=True)
class IssuingBody:
    """Box 2: the issuing body, top left. ``superior`` in regular capitals, ``name`` in bold capitals.

    A line break in ``name`` is kept ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH PHƯỚC", as the provincial PC prints it).
    """

    name: str
    superior: str = ""


@dataclass(frozen=True)
class NumberSymbol:
    """Box 3: "Số: 123/QĐ-UBND". ``number`` None leaves the number blank for a draft awaiting issue."""

    symbol: str
    number: int | None = None

    def text(self) -> str:
        """The printed line; numbers below 10 take a leading 0 (NĐ 30, Appendix I, 3)."""
        if self.number is None:
            # No-break spaces: the blank the clerk fills in by hand must survive HTML whitespace collapsing.
            return f"Số:{BLANK * 8}/{self.symbol}"
        if self.number < 1:
            raise ValueError("Số văn bản phải là số nguyên dương.")
        return f"Số: {self.number:02d}/{self.symbol}"

    def reference(self) -> str:
        """How another document cites it: "123/QĐ-UBND" (blank number → "…/QĐ-UBND")."""
        return f"{self.number:02d}/{self.symbol}" if self.number is not None else f"…/{self.symbol}"


@dataclass(frozen=True)
class PlaceDate:
    """Box 4: "Bình Phước, ngày 05 tháng 9 năm 2021". ``date`` None prints blanks for a draft."""

    place: str
    date: dt.date | None = None

    def text(self) -> str:
        """The printed line in italics."""
        return f"{self.place}, {long_date(self.date)}"


def long_date(date: dt.date | None) -> str:
    """ "ngày 05 tháng 9 năm 2021": days 1–9 and months 1–2 take a leading 0 (NĐ 30, Appendix I, 4)."""
    if date is None:
        return f"ngày{BLANK * 6}tháng{BLANK * 6}năm{BLANK * 6}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


@dataclass(frozen=True)
class Column:
    """A column of a list table. ``kind`` drives formatting: money is integer VND, dates ISO in, dd/mm/yyyy out."""

    key: str
    title: str
    width: float = 1.0  # relative weight
    kind: Literal["text", "index", "money", "date", "blank", "number", "code"] = "text"  # code: never wrapped
    total: bool = False  # summed into the totals row


@dataclass(frozen=True)
class Table:
    """A table with optional totals row; header repeats on every page in the PDF."""

    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]]
    totals_label: str = "Tổng cộng"
    show_totals: bool = True
    caption: str = ""

    def totals(self) -> dict[str, int]:
        """Sum of every ``total`` column (integers; missing cells count as 0)."""
        return {
            column.key: sum(int(row.get(column.key) or 0) for row in self.rows)
            for column in self.columns
            if column.total
        }


@dataclass(frozen=True)
class Article:
    """One "Điều N." of a decision; the first paragraph follows the label on the same line."""

    paragraphs: Sequence[str]
    title: str = ""  # optional bold heading after "Điều N."


@dataclass(frozen=True)
class Section:
    """A heading with paragraphs, tables and subsections, for reports and submissions."""

    heading: str
    paragraphs: Sequence[str] = ()
    tables: Sequence[Table] = ()
    subsections: Sequence[Section] = ()


@dataclass(frozen=True)
class SignatureBlock:
    """Boxes 7a–7c: authority lines (TM./KT./TL./TUQ.), position, space for signature and seal, name."""

    position: str
    signer_name: str
    authority_lines: Sequence[str] = ()

    def __post_init__(self) -> None:
        for line in self.authority_lines:
            if not line.startswith(AUTHORITY_PREFIXES):
                raise ValueError(f"Dòng thẩm quyền ký phải bắt đầu bằng TM./KT./TL./TUQ.: {line!r}")
        if _ACADEMIC_TITLE.match(self.signer_name):
            raise ValueError(f"Không ghi học hàm, học vị trước họ tên người ký: {self.signer_name!r}")


@dataclass(frozen=True)
class Annex:
    """An annex (Phụ lục) with its own header "(Kèm theo Quyết định số …)" and a table."""

    label: str  # "Phụ lục" or "Phụ lục I"
    title: str  # capitals, e.g. "DANH SÁCH NGƯỜI LAO ĐỘNG ĐƯỢC HỖ TRỢ ..."
    reference: str  # "(Kèm theo Quyết định số 123/QĐ-UBND ngày 05 tháng 9 năm 2021 của ...)"
    table: Table
    landscape: bool = True
    notes: Sequence[str] = ()
    signatures: Sequence[SignatureBlock] = ()


@dataclass(frozen=True)
class AdministrativeDocument:
    """One document in the NĐ 30/2020 format. Renderers (HTML/PDF, DOCX) read only this."""

    kind: DocumentKind
    issuing_body: IssuingBody  # box 2
    number: NumberSymbol | None  # box 3 (lists such as the payment list carry none)
    place_date: PlaceDate  # box 4
    type_name: str  # box 5a, e.g. "QUYẾT ĐỊNH"
    summary: str  # box 5a, trích yếu
    signature: SignatureBlock | None  # boxes 7a–7c
    authority: str = ""  # decisions: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC"
    addressees: Sequence[str] = ()  # "Kính gửi:" for submissions
    legal_bases: Sequence[str] = ()  # "Căn cứ …"
    proposal: str = ""  # "Theo đề nghị của …"
    intro: Sequence[str] = ()  # opening paragraphs of a report/submission
    articles: Sequence[Article] = ()  # decisions: after "QUYẾT ĐỊNH:"
    sections: Sequence[Section] = ()  # reports, submissions
    body_tables: Sequence[Table] = ()  # lists whose body is a table
    closing: Sequence[str] = ()
    recipients: Sequence[str] = ()  # box 9a
    archive: str = "VT"  # "- Lưu: VT, …"
    extra_signatures: Sequence[SignatureBlock] = ()  # lists: preparer, accountant … beside the head
    annexes: Sequence[Annex] = ()
    landscape: bool = False  # allowed for pages of tables (NĐ 30, Appendix I, I.2)
    draft: bool = False  # prints "DỰ THẢO" above the heading (a draft decision sent with a submission)
    document_id: str = ""  # identifier used in the verification URL
    metadata: Mapping[str, str] = field(default_factory=dict)

    @property
    def title_line(self) -> str:
        """ "QUYẾT ĐỊNH Về việc …" on one line, for file names, metadata and listings."""
        return f"{self.type_name} {self.summary}".strip()
