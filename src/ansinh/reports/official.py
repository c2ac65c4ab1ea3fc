"""Official periodic reports (to the Provincial People's Committee and the Ministry): figures, tables, files.

Figures come from the counters of one area (the report's), so a background job needs no user; the area was
checked against the requester's scope when the run was created. Layout follows NĐ 30/2020 (documents core);
the loan report follows the MOLISA grid of policies.md §1.11: three lines × three stages × (employers,
worker-times, VND million).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, Sum

from ansinh.documents.nd30.model import (
    AdministrativeDocument,
    Column,
    IssuingBody,
    NumberSymbol,
    PlaceDate,
    Section,
    SignatureBlock,
    Table,
)
from ansinh.reports.models import Stage, StageCounter
from ansinh.reports.selectors import policy_label

LOAN_POLICY = "nq68-vay-tra-luong"
# policies.md §1.11: the three loan lines of the MOLISA-style report template.
LOAN_LINES = (
    ("ngung_viec", "Cho vay trả lương ngừng việc"),
    (
        "phuc_hoi_tam_dung",
        "Cho vay trả lương phục hồi sản xuất (người sử dụng lao động phải tạm dừng hoạt động)",
    ),
    (
        "phuc_hoi_nganh",
        "Cho vay trả lương phục hồi sản xuất (vận tải, hàng không, du lịch, lưu trú, "
        "đưa người lao động đi làm việc ở nước ngoài)",
    ),
)
LOAN_STAGES = (
    (Stage.SUBMITTED, "Tiếp nhận hồ sơ"),
    (Stage.APPROVED, "Được phê duyệt cho vay"),
    (Stage.PAID, "Đã giải ngân"),
)

PERIODIC_COLUMNS = (
    Column("index", "STT", 0.45, "index"),
    Column("name", "Nội dung", 3.4),
    Column("submitted", "Số người đề nghị", 1.05, "number", total=True),
    Column("approved", "Số người được duyệt", 1.05, "number", total=True),
    Column("approved_amount", "Kinh phí phê duyệt (đồng)", 1.75, "money", total=True),
    Column("paid", "Số người đã nhận", 1.05, "number", total=True),
    Column("paid_amount", "Kinh phí đã chi trả (đồng)", 1.75, "money", total=True),
)


@dataclass
class FigureRow:
    """One row of a report table; `drill` holds the filters of the applications behind each figure."""

    name: str
    values: dict[str, int]
    drill: dict[str, str] = field(default_factory=dict)  # {"policy": …, "area": …}

    def as_row(self) -> dict:
        return {"name": self.name, **self.values}


@dataclass
class PeriodicFigures:
    area_path: str
    area_name: str
    period_from: dt.date
    period_to: dt.date
    by_policy: list[FigureRow]
    by_area: list[FigureRow]
    area_heading: str

    def to_json(self) -> dict:
        return {
            "area": self.area_path,
            "from": self.period_from.isoformat(),
            "to": self.period_to.isoformat(),
            "by_policy": [r.as_row() | {"drill": r.drill} for r in self.by_policy],
            "by_area": [r.as_row() | {"drill": r.drill} for r in self.by_area],
        }


def _months(period_from: dt.date, period_to: dt.date) -> Q:
    return Q(period__gte=period_from.replace(day=1), period__lte=period_to)


def _row_values(stages: dict[str, tuple[int, int]]) -> dict[str, int]:
    return {
        "submitted": stages.get(Stage.SUBMITTED, (0, 0))[0],
        "approved": stages.get(Stage.APPROVED, (0, 0))[0],
        "approved_amount": stages.get(Stage.APPROVED, (0, 0))[1],
        "paid": stages.get(Stage.PAID, (0, 0))[0],
        "paid_amount": stages.get(Stage.PAID, (0, 0))[1],
    }


def periodic_figures(
    *, area, period_from: dt.date, period_to: dt.date, policy_code: str = ""
) -> PeriodicFigures:
    """People and amounts by policy and by district (or commune, for a district report) for the period."""
    from ansinh.geo.models import AdminUnit, Edition

    counters = StageCounter.objects.filter(Q(area_path=area.path) | Q(area_path__startswith=area.path + "/"))
    counters = counters.filter(_months(period_from, period_to))
    if policy_code:
        counters = counters.filter(policy_code=policy_code)
    by_policy: dict[str, dict] = defaultdict(dict)
    for r in counters.values("policy_code", "stage").annotate(p=Sum("people"), a=Sum("amount")).order_by():
        by_policy[r["policy_code"]][r["stage"]] = (int(r["p"]), int(r["a"]))
    area_field = "district_code" if area.level == 1 else "commune_code"
    by_area: dict[str, dict] = defaultdict(dict)
    for r in counters.values(area_field, "stage").annotate(p=Sum("people"), a=Sum("amount")).order_by():
        by_area[r[area_field]][r["stage"]] = (int(r["p"]), int(r["a"]))
    units = {u.code: u for u in AdminUnit.objects.filter(edition=Edition.Y2021, code__in=list(by_area))}
    policy_rows = [
        FigureRow(policy_label(code), _row_values(stages), {"policy": code, "area": area.path})
        for code, stages in sorted(by_policy.items())
    ]
    area_rows = []
    # Official order of administrative units (by code, as the General Statistics Office lists them).
    for code, stages in sorted(by_area.items()):
        unit = units.get(code)
        area_rows.append(
            FigureRow(
                unit.full_name if unit else "Cấp huyện (không ghi xã)",
                _row_values(stages),
                {"policy": policy_code, "area": unit.path if unit else area.path},
            )
        )
    return PeriodicFigures(
        area.path,
        area.full_name,
        period_from,
        period_to,
        policy_rows,
        area_rows,
        "Theo huyện, thị xã, thành phố" if area.level == 1 else "Theo xã, phường, thị trấn",
    )


def periodic_tables(figures: PeriodicFigures) -> tuple[Table, Table]:
    return (
        Table(PERIODIC_COLUMNS, [r.as_row() for r in figures.by_policy], caption="Theo chính sách"),
        Table(PERIODIC_COLUMNS, [r.as_row() for r in figures.by_area], caption=figures.area_heading),
    )


def loan_grid(*, area, period_from: dt.date, period_to: dt.date) -> list[dict]:
    """The loan report grid: per line, per stage, employers, worker-times (lượt NLĐ) and VND million.

    Each loan application is one employer's dossier; `data["loan_line"]` names its line and `data["workers"]`
    the workers it pays (one when absent). Stages use the same definitions as the counters.
    """
    from ansinh.relief.models import Application
    from ansinh.reports.aggregates.stages import period_expression, stage_filter

    base = (
        Application.objects.filter(policy_code=LOAN_POLICY)
        .filter(Q(area__path=area.path) | Q(area__path__startswith=area.path + "/"))
        .annotate(month=period_expression())
        .filter(month__gte=period_from.replace(day=1), month__lte=period_to)
    )
    rows = []
    for line_code, line_name in LOAN_LINES:
        row: dict = {"line": line_code, "name": line_name}
        for stage, _label in LOAN_STAGES:
            employers, workers, amount = set(), 0, 0
            for data, amount_vnd, app_id in base.filter(stage_filter(stage)).values_list(
                "data", "computed_amount", "id"
            ):
                if (data or {}).get("loan_line", "ngung_viec") != line_code:
                    continue
                employers.add((data or {}).get("employer_code") or (data or {}).get("employer") or app_id)
                workers += int((data or {}).get("workers") or 1)
                amount += int(amount_vnd or 0)
            row[f"{stage}_employers"] = len(employers)
            row[f"{stage}_workers"] = workers
            row[f"{stage}_million"] = round(amount / 1_000_000, 1)
        rows.append(row)
    return rows


def loan_tables(rows: list[dict]) -> list[Table]:
    """The loan grid as one table per stage (received, approved, disbursed), each with the three loan lines
    and the three measures; amounts in VND million, rounded (policies.md §1.11)."""
    tables = []
    for number, (stage, label) in enumerate(LOAN_STAGES, start=1):
        columns = (
            Column("index", "STT", 0.5, "index"),
            Column("name", "Nội dung cho vay", 4.0),
            Column("employers", "Số người sử dụng lao động", 1.3, "number", total=True),
            Column("workers", "Số lượt người lao động", 1.3, "number", total=True),
            Column("million", "Số tiền (triệu đồng)", 1.3, "number", total=True),
        )
        shown = [
            {
                "name": r["name"],
                "employers": r[f"{stage}_employers"],
                "workers": r[f"{stage}_workers"],
                "million": round(r[f"{stage}_million"]),
            }
            for r in rows
        ]
        tables.append(Table(columns, shown, caption=f"{number}. {label}"))
    return tables


def _issuer(area) -> IssuingBody:
    if area.level == 1:
        return IssuingBody(name="SỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI", superior="UBND TỈNH BÌNH PHƯỚC")
    name = area.full_name.upper() if area.level == 2 else area.parent.full_name.upper()
    return IssuingBody(name="PHÒNG LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI", superior=f"UBND {name}")


def _period_text(period_from: dt.date, period_to: dt.date) -> str:
    return f"từ ngày {period_from:%d/%m/%Y} đến ngày {period_to:%d/%m/%Y}"


def report_document(
    *,
    kind: str,
    area,
    period_from: dt.date,
    period_to: dt.date,
    issued_on: dt.date,
    figures: PeriodicFigures | None = None,
    loans: list[dict] | None = None,
) -> AdministrativeDocument:
    """The report in the NĐ 30/2020 layout (number left blank: the Office numbers it when issuing)."""
    from ansinh.documents.nd30.builders import build_report

    symbol = "BC-SLĐTBXH" if area.level == 1 else "BC-LĐTBXH"
    sections: list[Section] = []
    if figures is not None:
        by_policy, by_area = periodic_tables(figures)
        sections += [
            Section(
                "I. KẾT QUẢ THỰC HIỆN THEO CHÍNH SÁCH",
                (
                    "Số liệu tổng hợp từ hệ thống An Sinh: hồ sơ đã gửi, được phê duyệt và đã chi trả trong kỳ "
                    "(tính theo tháng gửi hồ sơ).",
                ),
                (by_policy,),
            ),
            Section(f"II. KẾT QUẢ THỰC HIỆN {figures.area_heading.upper()}", (), (by_area,)),
        ]
        summary = (
            f"Kết quả thực hiện chính sách hỗ trợ người lao động và người sử dụng lao động gặp khó khăn "
            f"do đại dịch COVID-19 {_period_text(period_from, period_to)}"
        )
    else:
        sections.append(
            Section(
                "I. KẾT QUẢ CHO VAY THEO BA GIAI ĐOẠN: TIẾP NHẬN, PHÊ DUYỆT, GIẢI NGÂN",
                (
                    "Theo Nghị quyết số 68/NQ-CP và Hướng dẫn số 6199/HD-NHCS ngày 08/7/2021 của Ngân hàng Chính sách xã hội; "
                    "số tiền tính bằng triệu đồng, làm tròn.",
                ),
                tuple(loan_tables(loans or [])),
            )
        )
        summary = f"Kết quả cho vay trả lương ngừng việc, trả lương phục hồi sản xuất {_period_text(period_from, period_to)}"
    return build_report(
        issuing_body=_issuer(area),
        number=NumberSymbol(symbol=symbol),
        place_date=PlaceDate("Bình Phước", issued_on),
        summary=summary,
        sections=sections,
        signature=SignatureBlock(
            position="GIÁM ĐỐC" if area.level == 1 else "TRƯỞNG PHÒNG", signer_name="", authority_lines=()
        ),
        recipients=("UBND tỉnh (b/c)", "Bộ Lao động - Thương binh và Xã hội (b/c)", "Ban Giám đốc Sở"),
        archive="VT, VP",
        intro=(f"Địa bàn: {area.full_name}. Kỳ báo cáo: {_period_text(period_from, period_to)}.",),
        addressees=("Ủy ban nhân dân tỉnh Bình Phước", "Bộ Lao động - Thương binh và Xã hội"),
    )
