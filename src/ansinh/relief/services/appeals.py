"""Appeals (khiếu nại) against the appraisal of one application, naming the failed condition disputed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ansinh.audit import events
from ansinh.org.roles import Action, Resource
from ansinh.relief.errors import ReliefError
from ansinh.relief.models import Appeal, Application
from ansinh.relief.services._common import reports_counters_after_status, require, require_status, today

# Luật Khiếu nại 2011, Điều 28: a first-instance complaint is settled within 30 days of acceptance
# (45 days in remote areas); we keep the general 30 calendar days.
APPEAL_DAYS = 30


def _condition_codes(application: Application) -> list[str]:
    codes = []
    for item in application.failed_conditions or []:
        codes.append(str(item.get("code")) if isinstance(item, dict) else str(item))
    return codes


@transaction.atomic
def appeal_file(*, application: Application, actor, disputed_condition: str, text: str) -> Appeal:
    """Record an applicant's appeal; the disputed condition must be one the application failed."""
    require(actor, Resource.APPLICATION, Action.CREATE, application.area.path)
    if application.status not in (Application.Status.REJECTED, Application.Status.RETURNED):
        raise ReliefError("Chỉ khiếu nại được hồ sơ không đạt hoặc bị trả lại.")
    codes = _condition_codes(application)
    if codes and disputed_condition not in codes:
        raise ReliefError(
            f"Điều kiện “{disputed_condition}” không nằm trong các điều kiện hồ sơ không đạt: {', '.join(codes)}."
        )
    if not text.strip():
        raise ReliefError("Cần ghi nội dung khiếu nại.")
    if application.appeals.filter(status=Appeal.Status.OPEN).exists():
        raise ReliefError("Hồ sơ này đang có một khiếu nại chưa giải quyết.")
    appeal = Appeal.objects.create(
        application=application,
        disputed_condition=disputed_condition,
        text=text.strip(),
        due_date=today() + dt.timedelta(days=APPEAL_DAYS),
    )
    events.record(
        actor=actor,
        action=events.CREATE,
        obj=appeal,
        summary=f"Khiếu nại hồ sơ #{application.pk} về điều kiện {disputed_condition}",
    )
    return appeal


@transaction.atomic
def appeal_answer(*, appeal: Appeal, actor, upheld: bool, response: str) -> Appeal:
    """Answer an appeal. Upheld: the disputed condition is set aside and the application goes back for
    appraisal (Chờ thẩm định). Dismissed: the reasons are recorded."""
    application = appeal.application
    require(actor, Resource.APPLICATION, Action.APPRAISE, application.area.path)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    require_status(appeal, (Appeal.Status.OPEN,), "trả lời khiếu nại")
    if not response.strip():
        raise ReliefError("Cần ghi nội dung trả lời (lý do chấp nhận hoặc không chấp nhận).")
    appeal.response = response.strip()
    appeal.decided_at = timezone.now()
    appeal.decided_by = actor
    before = {"status": appeal.status}
    appeal.status = Appeal.Status.UPHELD if upheld else Appeal.Status.DISMISSED
    appeal.save(update_fields=["status", "response", "decided_at", "decided_by"])
    events.record(
        actor=actor,
        action=events.TRANSITION,
        obj=appeal,
        before=before,
        after={"status": appeal.status},
        summary=f"Trả lời khiếu nại #{appeal.pk}",
    )
    if upheld:
        application = Application.objects.select_for_update().get(pk=application.pk)
        remaining = [
            c
            for c in application.failed_conditions or []
            if (c.get("code") if isinstance(c, dict) else c) != appeal.disputed_condition
        ]
        app_before = {"status": application.status, "failed_conditions": application.failed_conditions}
        application.failed_conditions = remaining
        application.eligible = not remaining
        application.status = Application.Status.PENDING
        application.note = f"Thẩm định lại theo khiếu nại #{appeal.pk}"
        application.save(update_fields=["failed_conditions", "eligible", "status", "note", "updated_at"])
        events.record(
            actor=actor,
            action=events.TRANSITION,
            obj=application,
            before=app_before,
            after={"status": application.status, "failed_conditions": remaining},
            summary=f"Hồ sơ #{application.pk} thẩm định lại sau khiếu nại",
        )
        # Reports (issue 8): dashboard counters.
        reports_counters_after_status(application, app_before["status"], application.status)
    return appeal
