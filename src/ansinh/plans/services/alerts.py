"""Deadline alerts: overdue and due-soon tasks (working days), shown in the app and sent by e-mail.

The daily job (`plans.tasks.send_deadline_alerts`, or `ansinh plans alerts`) sends each recipient one
digest, at most once a day per task and kind (TaskAlert rows), to: the lead unit's address, the active
users of the lead unit, the steering-committee members who own the task, and — for overdue tasks — the
Office, which urges units on (plan part III.2).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from ansinh.org.models import User
from ansinh.plans.deadlines import DeadlineState
from ansinh.plans.models import Task, TaskAlert
from ansinh.plans.selectors import state_of, today

OFFICE_UNIT_CODE = "van-phong"


@dataclass(frozen=True)
class Alert:
    task: Task
    state: DeadlineState

    @property
    def kind(self) -> str:
        return TaskAlert.Kind.OVERDUE if self.state.state == "overdue" else TaskAlert.Kind.DUE_SOON


def open_tasks():
    """Every open task with its last report date (system-wide: the job runs for the whole Department)."""
    from django.db.models import Max

    return (
        Task.objects.exclude(status__in=[Task.Status.DONE, Task.Status.SUSPENDED])
        .select_related("plan", "lead_unit", "area")
        .prefetch_related("owners__user")
        .annotate(last_report_on=Max("progress_reports__reported_on"))
    )


def deadline_alerts(on: dt.date | None = None) -> list[Alert]:
    """Overdue and due-soon tasks on ``on`` (default today), overdue first."""
    on = on or today()
    alerts = [
        Alert(task, state)
        for task in open_tasks()
        if (state := state_of(task, on)).state in ("overdue", "due_soon")
    ]
    alerts.sort(key=lambda a: (a.kind != TaskAlert.Kind.OVERDUE, a.state.due, a.task.code))
    return alerts


def recipients_for(alert: Alert) -> set[str]:
    task = alert.task
    emails: set[str] = set()
    if task.lead_unit_id:
        if task.lead_unit.email:
            emails.add(task.lead_unit.email)
        emails |= set(
            User.objects.filter(org_unit=task.lead_unit, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    for member in task.owners.all():
        if member.user_id and member.user.email and member.user.is_active:
            emails.add(member.user.email)
    if alert.kind == TaskAlert.Kind.OVERDUE:
        emails |= set(
            User.objects.filter(org_unit__code=OFFICE_UNIT_CODE, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    return emails


def _line(alert: Alert) -> str:
    from django.urls import reverse

    task = alert.task
    due = alert.state.due.strftime("%d/%m/%Y") if alert.state.due else ""
    link = getattr(settings, "SITE_BASE_URL", "").rstrip("/") + reverse("plans:task", args=[task.pk])
    return (
        f"- [{task.plan.number_text}] Nhiệm vụ {task.code}: {task.title}\n"
        f"  Chủ trì: {task.lead_label}. Hạn: {due} — {alert.state.label}.\n"
        f"  {link}"
    )


def send_deadline_alerts(on: dt.date | None = None) -> dict[str, int]:
    """Send today's alerts not sent yet. Returns counts: alerts (new), emails, recipients."""
    on = on or today()
    digests: dict[str, list[Alert]] = defaultdict(list)
    fresh: list[Alert] = []
    for alert in deadline_alerts(on):
        recipients = sorted(recipients_for(alert))
        try:
            with transaction.atomic():
                TaskAlert.objects.create(
                    task=alert.task,
                    kind=alert.kind,
                    due_date=alert.state.due,
                    sent_on=on,
                    recipients=recipients,
                )
        except IntegrityError:
            continue  # already sent today
        fresh.append(alert)
        for email in recipients:
            digests[email].append(alert)
    sent = 0
    for email, alerts in sorted(digests.items()):
        overdue = [a for a in alerts if a.kind == TaskAlert.Kind.OVERDUE]
        soon = [a for a in alerts if a.kind == TaskAlert.Kind.DUE_SOON]
        parts = [f"Ngày {on:%d/%m/%Y}, hệ thống An Sinh nhắc các nhiệm vụ sau:"]
        if overdue:
            parts += ["", f"QUÁ HẠN ({len(overdue)}):", *map(_line, overdue)]
        if soon:
            parts += ["", f"SẮP ĐẾN HẠN ({len(soon)}):", *map(_line, soon)]
        parts += [
            "",
            "Vui lòng cập nhật tiến độ trên hệ thống An Sinh (mục Kế hoạch).",
            "Thư gửi tự động; Văn phòng Sở đôn đốc theo mục III.2 của Kế hoạch.",
        ]
        subject = f"[An Sinh] {len(overdue)} nhiệm vụ quá hạn, {len(soon)} nhiệm vụ sắp đến hạn"
        sent += send_mail(subject, "\n".join(parts), settings.DEFAULT_FROM_EMAIL, [email])
    return {"alerts": len(fresh), "emails": sent, "recipients": len(digests)}
