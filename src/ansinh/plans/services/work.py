"""Plans and tasks entered in the UI, progress reports and oversight notes. One service per write:
permission check, area check, change, audit event, in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ansinh.audit import events
from ansinh.geo.models import AdminUnit, Edition
from ansinh.org.models import OrgUnit, User
from ansinh.org.roles import Action, Resource
from ansinh.plans.models import OversightNote, Plan, ProgressAttachment, ProgressReport, Task
from ansinh.plans.scope import path_related
from ansinh.plans.services.errors import PlanError

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ALLOWED_ATTACHMENT_SUFFIXES = (
    ".pdf",
    ".docx",
    ".doc",
    ".xlsx",
    ".xls",
    ".csv",
    ".jpg",
    ".jpeg",
    ".png",
    ".odt",
)


def _require(actor: User, resource: Resource, action: Action, message: str) -> None:
    if not actor.can(resource, action):
        raise PlanError(message)


def _province() -> AdminUnit:
    return AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.PROVINCE)


@transaction.atomic
def plan_create(
    *,
    actor: User,
    code: str,
    title: str,
    symbol: str,
    starts_on: dt.date,
    ends_on: dt.date,
    number: str = "",
    issued_on: dt.date | None = None,
    issuer: OrgUnit | None = None,
    purpose: str = "",
    source: str = "",
) -> Plan:
    """A new plan of the Department (the Office enters it); its tasks come from the form or a spreadsheet."""
    _require(actor, Resource.PLAN, Action.CREATE, "Bạn không có quyền tạo kế hoạch.")
    if ends_on < starts_on:
        raise PlanError("Ngày kết thúc phải sau ngày bắt đầu.")
    if Plan.objects.filter(code=code).exists():
        raise PlanError(f"Mã kế hoạch “{code}” đã có.")
    plan = Plan.objects.create(
        code=code,
        title=title.strip(),
        symbol=symbol.strip() or "KH-SLĐTBXH",
        number=number.strip(),
        issued_on=issued_on,
        issuer=issuer or OrgUnit.objects.get(code="so-ldtbxh"),
        area=_province(),
        starts_on=starts_on,
        ends_on=ends_on,
        purpose=purpose,
        source=source,
        created_by=actor,
    )
    events.record(actor=actor, action=events.CREATE, obj=plan, summary=f"Tạo kế hoạch {plan.number_text}")
    return plan


@transaction.atomic
def task_create(
    *,
    actor: User | None,
    plan: Plan,
    code: str,
    title: str,
    deadline_kind: str,
    lead_unit: OrgUnit | None = None,
    lead_text: str = "",
    content: str = "",
    coordinating_units: Iterable[OrgUnit] = (),
    coordination_text: str = "",
    due_date: dt.date | None = None,
    due_month: dt.date | None = None,
    cycle: str = "",
    cycle_day: int | None = None,
    schedule_reference: str = "",
    deadline_text: str = "",
    parent: Task | None = None,
    figure: str = "",
    area: AdminUnit | None = None,
    origin_regime: Any = None,
    audit: bool = True,
) -> Task:
    """One task of ``plan``; checks the deadline fields match the deadline kind."""
    if actor is not None:  # None = the system (playbook tasks created by a regime change)
        _require(actor, Resource.TASK, Action.CREATE, "Bạn không có quyền thêm nhiệm vụ.")
    _check_deadline(deadline_kind, due_date, due_month, cycle)
    if Task.objects.filter(plan=plan, code=code).exists():
        raise PlanError(f"Kế hoạch đã có nhiệm vụ mã {code}.")
    if not (lead_unit or lead_text):
        raise PlanError("Cần ghi đơn vị chủ trì.")
    order = (plan.tasks.order_by("-order").values_list("order", flat=True).first() or 0) + 10
    task = Task.objects.create(
        plan=plan,
        code=code,
        order=order,
        title=title.strip(),
        content=content.strip(),
        lead_unit=lead_unit,
        lead_text=lead_text,
        coordination_text=coordination_text,
        deadline_kind=deadline_kind,
        due_date=due_date,
        due_month=due_month,
        cycle=cycle,
        cycle_day=cycle_day,
        schedule_reference=schedule_reference,
        deadline_text=deadline_text,
        parent=parent,
        figure=figure,
        starts_on=plan.starts_on,
        area=area or plan.area,
        origin_regime=origin_regime,
    )
    task.coordinating_units.set(list(coordinating_units))
    if audit:
        events.record(
            actor=actor,
            action=events.CREATE,
            obj=task,
            summary=f"Thêm nhiệm vụ {code} vào {plan.number_text}",
        )
    return task


def _check_deadline(kind: str, due_date: dt.date | None, due_month: dt.date | None, cycle: str) -> None:
    if kind not in Task.DeadlineKind.values:
        raise PlanError(f"Loại thời hạn “{kind}” không hợp lệ.")
    if kind == Task.DeadlineKind.FIXED and not due_date:
        raise PlanError("Nhiệm vụ có hạn cố định cần ngày hoàn thành.")
    if kind == Task.DeadlineKind.WITHIN_MONTH and not due_month:
        raise PlanError("Nhiệm vụ “trong tháng” cần tháng hoàn thành.")
    if kind == Task.DeadlineKind.RECURRING and cycle not in Task.Cycle.values:
        raise PlanError("Nhiệm vụ định kỳ cần chu kỳ báo cáo (hằng tuần / hằng tháng).")


def _check_task_area(actor: User, task: Task) -> None:
    if not path_related(actor.area_path, task.area.path):
        raise PlanError("Nhiệm vụ này không thuộc địa bàn của bạn.")


@transaction.atomic
def progress_report_create(
    *,
    actor: User,
    task: Task,
    status: str,
    percent: int,
    text: str,
    reported_on: dt.date | None = None,
    files: Sequence[UploadedFile] = (),
) -> ProgressReport:
    """A unit reports progress on a task. Reports made at the task's own level (the lead unit, the Office)
    set the task's status and percentage; a district's or commune's report is its part and is kept beside."""
    _require(actor, Resource.TASK, Action.CHANGE, "Bạn không có quyền báo cáo tiến độ nhiệm vụ.")
    _check_task_area(actor, task)
    if status not in Task.Status.values:
        raise PlanError("Trạng thái không hợp lệ.")
    if not 0 <= int(percent) <= 100:
        raise PlanError("Tỷ lệ hoàn thành phải từ 0 đến 100%.")
    if not text.strip():
        raise PlanError("Cần ghi nội dung kết quả thực hiện.")
    for upload in files:
        _check_attachment(upload)
    report = ProgressReport.objects.create(
        task=task,
        unit=actor.org_unit,
        area=actor.area,
        reported_by=actor,
        reported_on=reported_on or timezone.localdate(),
        status=status,
        percent=int(percent),
        text=text.strip(),
    )
    for upload in files:
        ProgressAttachment.objects.create(
            report=report, file=upload, name=upload.name[:200], size=upload.size or 0
        )
    if actor.area_id == task.area_id:
        before = {"status": task.status, "percent": task.percent}
        task.status, task.percent = status, int(percent)
        task.completed_on = report.reported_on if status == Task.Status.DONE else None
        task.save(update_fields=["status", "percent", "completed_on", "updated_at"])
        events.record(
            actor=actor,
            action=events.TRANSITION,
            obj=task,
            before=before,
            after={"status": status, "percent": int(percent)},
            summary=f"Cập nhật tiến độ nhiệm vụ {task.code}: {task.get_status_display()} {percent}%",
        )
    events.record(
        actor=actor,
        action=events.CREATE,
        obj=report,
        summary=f"Báo cáo tiến độ nhiệm vụ {task.code} ({actor.org_unit or actor.username})",
    )
    return report


def _check_attachment(upload: UploadedFile) -> None:
    name = (upload.name or "").lower()
    if not name.endswith(ALLOWED_ATTACHMENT_SUFFIXES):
        raise PlanError(f"Tệp “{upload.name}”: chỉ nhận PDF, Word, Excel, CSV, ODT hoặc ảnh.")
    if (upload.size or 0) > MAX_ATTACHMENT_BYTES:
        raise PlanError(f"Tệp “{upload.name}” lớn hơn 10 MB.")


@transaction.atomic
def oversight_note_create(
    *,
    actor: User,
    task: Task,
    kind: str,
    held_on: dt.date,
    findings: str,
    follow_ups: str = "",
    follow_up_due: dt.date | None = None,
) -> OversightNote:
    """The Office records an inspection (kiểm tra) or supervision (giám sát) of a task (plan part III.2)."""
    _require(
        actor, Resource.PLAN, Action.CHANGE, "Chỉ Văn phòng Sở và Lãnh đạo Sở ghi kết quả kiểm tra, giám sát."
    )
    _check_task_area(actor, task)
    if kind not in OversightNote.Kind.values:
        raise PlanError("Hình thức không hợp lệ (kiểm tra / giám sát).")
    if not findings.strip():
        raise PlanError("Cần ghi kết quả kiểm tra, giám sát.")
    if follow_up_due and follow_up_due < held_on:
        raise PlanError("Hạn khắc phục phải sau ngày kiểm tra, giám sát.")
    note = OversightNote.objects.create(
        task=task,
        kind=kind,
        held_on=held_on,
        unit=actor.org_unit,
        area=actor.area,
        findings=findings.strip(),
        follow_ups=follow_ups.strip(),
        follow_up_due=follow_up_due,
        author=actor,
    )
    events.record(
        actor=actor,
        action=events.CREATE,
        obj=note,
        summary=f"{note.get_kind_display()} nhiệm vụ {task.code} ngày {held_on:%d/%m/%Y}",
    )
    return note


@transaction.atomic
def task_deadline_set(*, actor: User, task: Task, due_date: dt.date | None, note: str = "") -> Task:
    """Set the dated deadline of a task: the current batch's deadline (per batch), the vaccine allocation's
    date (external schedule) or a fixed date. The Office and leaders may, and so may the lead unit."""
    is_lead = actor.org_unit_id is not None and actor.org_unit_id == task.lead_unit_id
    if not (actor.can(Resource.PLAN, Action.CHANGE) or (is_lead and actor.can(Resource.TASK, Action.CHANGE))):
        raise PlanError("Chỉ Văn phòng Sở, Lãnh đạo Sở hoặc đơn vị chủ trì được đổi hạn nhiệm vụ.")
    _check_task_area(actor, task)
    if task.deadline_kind in (
        Task.DeadlineKind.CONTINUOUS,
        Task.DeadlineKind.WITHIN_MONTH,
        Task.DeadlineKind.RECURRING,
    ):
        raise PlanError("Nhiệm vụ thường xuyên, trong tháng hoặc định kỳ không nhập ngày hạn riêng.")
    if due_date is None and task.deadline_kind == Task.DeadlineKind.FIXED:
        raise PlanError("Nhiệm vụ có hạn cố định cần ngày hạn.")
    before = {"due_date": task.due_date}
    task.due_date = due_date
    task.save(update_fields=["due_date", "updated_at"])
    events.record(
        actor=actor,
        action=events.UPDATE,
        obj=task,
        before=before,
        after={"due_date": due_date},
        summary=f"Đổi hạn nhiệm vụ {task.code}" + (f": {note.strip()}" if note.strip() else ""),
    )
    return task
