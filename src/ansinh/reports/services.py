"""Writes of the reports app: budgets and report runs (audited)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ansinh.audit import events
from ansinh.org.access import user_in_area
from ansinh.org.roles import Action, Resource
from ansinh.reports.models import Budget, ReportRun


class ReportError(Exception):
    """A report cannot be made as asked; the message is for the user (Vietnamese)."""


# Demo allocations (VND), clearly labelled as assumptions: the real figures come from the provincial
# decisions allocating the NQ 68 funds, which an officer enters.
DEMO_BUDGETS = {
    "nq68-tam-hoan": 12_000_000_000,
    "nq68-ngung-viec": 6_000_000_000,
    "nq68-cham-dut": 5_000_000_000,
    "nq68-ho-kinh-doanh": 3_000_000_000,
    "nq68-tre-em": 8_000_000_000,
    "nq68-f0-f1": 4_000_000_000,
    "bp-lao-dong-tu-do": 10_000_000_000,
    "nq68-nghe-thuat-huong-dan-vien": 500_000_000,
}


def budgets_demo_ensure(year: int = 2021) -> int:
    """Add the labelled demo budgets that are missing (idempotent); returns how many were added."""
    made = 0
    for code, allocated in DEMO_BUDGETS.items():
        _budget, created = Budget.objects.get_or_create(
            policy_code=code,
            year=year,
            defaults={"allocated": allocated, "is_demo": True, "source": "Số liệu giả định để trình diễn"},
        )
        made += created
    return made


@transaction.atomic
def budget_set(*, policy_code: str, year: int, allocated: int, source: str, actor) -> Budget:
    """Record the allocation decided for a policy and year (province-wide: province users only)."""
    if not actor.can(Resource.REPORT, Action.CREATE) or not actor.area_path or "/" in actor.area_path:
        raise ReportError("Chỉ cán bộ cấp tỉnh có quyền lập báo cáo mới được nhập kinh phí được giao.")
    if allocated < 0:
        raise ReportError("Kinh phí được giao không được âm.")
    budget, _created = Budget.objects.update_or_create(
        policy_code=policy_code,
        year=year,
        defaults={"allocated": allocated, "source": source, "is_demo": False},
    )
    events.record(
        actor=actor,
        action=events.UPDATE,
        obj=budget,
        summary=f"Kinh phí {policy_code} năm {year}",
        after={"allocated": allocated, "source": source},
    )
    return budget


@transaction.atomic
def report_run_create(
    *, kind: str, area, period_from, period_to, actor, policy_code: str = "", scheduled: bool = False
) -> ReportRun:
    """Queue the generation of one official report for ``area`` (inside the actor's area)."""
    if kind not in ReportRun.Kind.values:
        raise ReportError("Loại báo cáo không hợp lệ.")
    if period_to < period_from:
        raise ReportError("Kỳ báo cáo: “đến ngày” phải sau “từ ngày”.")
    if actor is not None:
        if not actor.can(Resource.REPORT, Action.EXPORT):
            raise ReportError("Vai trò của bạn không được xuất báo cáo.")
        if not user_in_area(actor, area.path):
            raise ReportError("Địa bàn báo cáo nằm ngoài phạm vi bạn phụ trách.")
    run = ReportRun.objects.create(
        kind=kind,
        area=area,
        period_from=period_from,
        period_to=period_to,
        policy_code=policy_code,
        created_by=actor,
        scheduled=scheduled,
    )
    events.record(
        actor=actor,
        action=events.CREATE,
        obj=run,
        summary=f"Yêu cầu tạo {run.get_kind_display()}",
        after={"area": area.path, "from": str(period_from), "to": str(period_to)},
    )
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from ansinh.reports.tasks import report_generate_task

    report_generate_task.enqueue(run_id)


def report_run_finish(run: ReportRun, *, ok: bool, message: str = "") -> None:
    run.status = ReportRun.Status.DONE if ok else ReportRun.Status.FAILED
    run.message = message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at", "xlsx", "pdf", "figures"])
