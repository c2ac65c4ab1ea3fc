"""The Office's consolidated periodic report to the Provincial People's Committee (plan part III.2),
built from the data and rendered by the documents core (NĐ 30/2020 format, .docx and PDF)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ansinh.documents.nd30 import (
    AdministrativeDocument,
    Column,
    IssuingBody,
    NumberSymbol,
    PlaceDate,
    Section,
    SignatureBlock,
    Table,
    build_report,
)
from ansinh.plans import figures as figure_registry
from ansinh.plans.models import Plan, SteeringMember
from ansinh.plans.selectors import oversight_for, progress_for, task_queryset, task_rows, today

DOLISA = IssuingBody(superior="UBND TỈNH BÌNH PHƯỚC", name="SỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI")
PROVINCIAL_COMMITTEE = "Ủy ban nhân dân tỉnh Bình Phước"

_TASK_COLUMNS = (
    Column("stt", "STT", 0.45, "index"),
    Column("code", "Mã", 0.5, "code"),
    Column("title", "Nhiệm vụ", 3.2),
    Column("lead", "Đơn vị chủ trì", 1.6),
    Column("deadline", "Thời hạn", 1.5),
    Column("status", "Tình trạng", 1.3),
    Column("percent", "Kết quả (%)", 0.7, "number"),
)


def _d(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _first_citation(plan: Plan) -> str:
    """First citation of the parent documents: type, number, date, issuer (NĐ 30, Appendix I)."""
    refs = list(plan.references.order_by("-order"))
    if not refs:
        return f"Kế hoạch số {plan.number_text}"
    parts = [f"{r.doc_type} số {r.number} ngày {_d(r.issued_on)} của {r.issuer}" for r in refs]
    return " triển khai thực hiện ".join(parts)


def short_deadline(task: Any) -> str:
    """The deadline in a few words for the summary table ("Trong tháng 9/2021", "Từng đợt", "30/09/2021")."""
    kind = task.deadline_kind
    if kind == "within_month" and task.due_month:
        return f"Trong tháng {task.due_month.month}/{task.due_month.year}"
    if kind == "fixed" and task.due_date:
        return _d(task.due_date)
    if kind == "per_batch":
        return "Từng đợt" + (f" (hạn đợt hiện tại {_d(task.due_date)})" if task.due_date else "")
    if kind == "recurring":
        return f"Định kỳ {task.get_cycle_display().lower()}"
    if kind == "external":
        return "Theo lịch của cơ quan khác" + (f" ({_d(task.due_date)})" if task.due_date else "")
    return "Thường xuyên"


def _figure_table(figure: Any) -> Table | None:
    if not figure or not figure.has_data:
        return None
    columns = [Column("stt", "STT", 0.45, "index")] + [
        Column(
            c.key,
            c.title,
            {"text": 2.0, "money": 1.7}.get(c.kind, 0.8),
            "text" if c.kind == "text" else ("money" if c.kind == "money" else "number"),
            total=c.kind != "text",
        )
        for c in figure.columns
    ]
    return Table(columns=tuple(columns), rows=tuple(figure.rows), caption=figure.title)


def consolidated_report(
    *,
    user: Any,
    plan: Plan,
    period_from: dt.date,
    period_to: dt.date,
    number: int | None = None,
    issued_on: dt.date | None = None,
    proposals: str = "",
) -> AdministrativeDocument:
    """Báo cáo kết quả thực hiện Kế hoạch, from tasks, progress reports, live figures and oversight notes
    visible to ``user`` (the Office sees the whole province)."""
    on = issued_on or today()
    rows = task_rows(task_queryset(user).filter(plan=plan), on)
    rows.sort(key=lambda r: r.task.order)
    top = [r for r in rows if r.task.parent_id is None]
    done = sum(r.task.status == "done" for r in top)
    overdue = [r for r in rows if r.state.state == "overdue"]
    table_rows = [
        {
            "code": r.task.code,
            "title": r.task.title,
            "lead": r.task.lead_label,
            "deadline": short_deadline(r.task),
            "status": ("Quá hạn" if r.state.state == "overdue" else r.task.get_status_display()),
            "percent": r.task.percent,
        }
        for r in top
    ]
    overview = Section(
        heading="I. TÌNH HÌNH TRIỂN KHAI KẾ HOẠCH",
        paragraphs=(
            f"Kế hoạch có {len(top)} nhiệm vụ; đến ngày {_d(on)} đã hoàn thành {done} nhiệm vụ, "
            f"{len(top) - done} nhiệm vụ đang thực hiện hoặc thực hiện thường xuyên, trong đó "
            f"{sum(r.task.parent_id is None for r in overdue)} nhiệm vụ quá hạn. Chi tiết tại Bảng 1.",
        ),
        tables=(
            Table(
                columns=_TASK_COLUMNS,
                rows=tuple(table_rows),
                show_totals=False,
                caption="Bảng 1. Tình hình thực hiện các nhiệm vụ của Kế hoạch",
            ),
        ),
    )
    results = []
    table_no = 2
    for row in top:
        task = row.task
        reports = list(
            progress_for(user, task)
            .filter(reported_on__gte=period_from, reported_on__lte=period_to)
            .order_by("reported_on")
        )
        paragraphs = [
            f"Đơn vị chủ trì: {task.lead_label}. Thời hạn: {task.deadline_text or task.get_deadline_kind_display()}."
        ]
        paragraphs += [
            f"{report.unit.short_name or report.unit.name if report.unit else report.reported_by}"
            f" (ngày {_d(report.reported_on)}, {report.percent}%): {report.text}"
            for report in reports
        ]
        if not reports:
            paragraphs.append("Trong kỳ chưa có báo cáo tiến độ.")
        tables = []
        figure = figure_registry.compute(task.figure, user) if task.figure else None
        if figure is not None:
            table = _figure_table(figure)
            if table is not None:
                from dataclasses import replace

                tables.append(replace(table, caption=f"Bảng {table_no}. {figure.title}"))
                table_no += 1
                paragraphs.append(f"Số liệu từ hệ thống tại Bảng {table_no - 1}.")
            elif figure.message:
                paragraphs.append(figure.message)
        results.append(
            Section(heading=f"{task.code}. {task.title}", paragraphs=tuple(paragraphs), tables=tuple(tables))
        )
    notes = []
    for row in top:
        for note in oversight_for(user, row.task).filter(held_on__gte=period_from, held_on__lte=period_to):
            due = f" (hạn {_d(note.follow_up_due)})" if note.follow_up_due else ""
            follow = f" Kiến nghị: {note.follow_ups.rstrip('.')}{due}." if note.follow_ups else ""
            notes.append(
                f"{note.get_kind_display()} nhiệm vụ {row.task.code} ngày {_d(note.held_on)}: "
                f"{note.findings}{follow}"
            )
    if not notes:
        notes.append("Trong kỳ chưa tổ chức kiểm tra, giám sát.")
    difficulties = [
        f"Nhiệm vụ {r.task.code} ({r.task.lead_label}): {r.state.label.lower()} (hạn {_d(r.state.due)})."
        for r in overdue
        if r.task.parent_id is None
    ]
    if not difficulties:
        difficulties.append("Không có nhiệm vụ quá hạn.")
    head = SteeringMember.objects.filter(committee_role="head").first()
    return build_report(
        issuing_body=DOLISA,
        number=NumberSymbol("BC-SLĐTBXH", number),
        place_date=PlaceDate("Bình Phước", on),
        summary=(
            f"Kết quả thực hiện Kế hoạch số {plan.number_text} từ ngày {_d(period_from)} "
            f"đến ngày {_d(period_to)}"
        ),
        addressees=(PROVINCIAL_COMMITTEE,),
        intro=(
            f"Thực hiện {_first_citation(plan)}; Sở Lao động - Thương binh và Xã hội ban hành Kế hoạch số "
            f"{plan.number_text} {plan.issued_label} để tổ chức thực hiện. Sở Lao động - Thương binh và Xã hội "
            f"báo cáo kết quả thực hiện từ ngày {_d(period_from)} đến ngày {_d(period_to)} như sau:",
        ),
        sections=(
            overview,
            Section(heading="II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", subsections=tuple(results)),
            Section(heading="III. CÔNG TÁC ĐÔN ĐỐC, KIỂM TRA, GIÁM SÁT", paragraphs=tuple(notes)),
            Section(heading="IV. KHÓ KHĂN, VƯỚNG MẮC", paragraphs=tuple(difficulties)),
            Section(
                heading="V. ĐỀ XUẤT, KIẾN NGHỊ",
                paragraphs=(
                    proposals.strip()
                    or "Đề nghị Ủy ban nhân dân tỉnh tiếp tục chỉ đạo các sở, ngành, "
                    "UBND các huyện, thị xã, thành phố phối hợp đẩy nhanh tiến độ hỗ trợ theo từng đợt.",
                ),
            ),
        ),
        closing=("Sở Lao động - Thương binh và Xã hội kính báo cáo Ủy ban nhân dân tỉnh./.",),
        signature=SignatureBlock(position="GIÁM ĐỐC", signer_name=head.full_name if head else ""),
        recipients=("Như trên", "Sở Y tế (phối hợp)", "Ban Giám đốc Sở", "Các phòng, đơn vị thuộc Sở"),
        archive="VT, VP",
    )
