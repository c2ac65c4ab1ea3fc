"""Produce the files of one report run: figures → xlsx (formula-safe cells) and PDF (NĐ 30 layout)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from ansinh.documents.pdf import render_pdf, weasyprint_available
from ansinh.documents.spreadsheet import tables_xlsx
from ansinh.reports.models import ReportRun
from ansinh.reports.official import (
    loan_grid,
    loan_tables,
    periodic_figures,
    periodic_tables,
    report_document,
)


def report_files(run: ReportRun) -> tuple[bytes, bytes | None, dict]:
    """(xlsx bytes, pdf bytes or None when WeasyPrint is missing, figures as JSON)."""
    issued_on = timezone.localdate()
    period = f"{run.period_from:%d/%m/%Y} – {run.period_to:%d/%m/%Y}"
    if run.kind == ReportRun.Kind.LOANS:
        rows = loan_grid(area=run.area, period_from=run.period_from, period_to=run.period_to)
        tables = loan_tables(rows)
        figures_json = {"loans": rows}
        document = report_document(
            kind=run.kind,
            area=run.area,
            period_from=run.period_from,
            period_to=run.period_to,
            issued_on=issued_on,
            loans=rows,
        )
        title = "BÁO CÁO KẾT QUẢ CHO VAY TRẢ LƯƠNG (BA GIAI ĐOẠN)"
    else:
        figures = periodic_figures(
            area=run.area, period_from=run.period_from, period_to=run.period_to, policy_code=run.policy_code
        )
        tables = list(periodic_tables(figures))
        figures_json = figures.to_json()
        document = report_document(
            kind=run.kind,
            area=run.area,
            period_from=run.period_from,
            period_to=run.period_to,
            issued_on=issued_on,
            figures=figures,
        )
        title = "BÁO CÁO KẾT QUẢ THỰC HIỆN CHÍNH SÁCH HỖ TRỢ (NQ 68/NQ-CP VÀ CÁC CHÍNH SÁCH CỦA TỈNH)"
    xlsx = tables_xlsx(
        tables, title=title, subtitle=f"{run.area.full_name} · Kỳ báo cáo {period}", sheet_name="Báo cáo"
    )
    available, _reason = weasyprint_available()
    pdf = render_pdf(document) if available else None
    return xlsx, pdf, figures_json


def report_generate(run_id: int) -> ReportRun:
    """Generate and store the files of run ``run_id``; a failure is recorded on the run, not raised."""
    from ansinh.reports.services import report_run_finish

    run = ReportRun.objects.select_related("area").get(pk=run_id)
    run.status = ReportRun.Status.RUNNING
    run.save(update_fields=["status"])
    try:
        xlsx, pdf, figures = report_files(run)
    except Exception as exc:  # recorded for the user; the job itself must not crash the worker
        report_run_finish(run, ok=False, message=f"Không tạo được báo cáo: {exc}")
        return run
    stem = f"bao-cao-{run.kind}-{run.area.code}-{run.period_from:%Y%m%d}-{run.period_to:%Y%m%d}-{run.pk}"
    run.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
    message = ""
    if pdf is not None:
        run.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    else:
        message = "Chưa tạo được tệp PDF (thiếu thư viện WeasyPrint trên máy chủ); tệp Excel đã sẵn sàng."
    run.figures = figures
    report_run_finish(run, ok=True, message=message)
    return run


def previous_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the month before ``today``."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last
