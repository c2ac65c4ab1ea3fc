"""Guards shared by every transition: role, area, order, separation of duties; and the audited status change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone

from ansinh.audit import events
from ansinh.org.access import user_in_area
from ansinh.org.roles import Action, Resource
from ansinh.relief.errors import OutOfOrderError, PermissionRefused, ReliefError

ACTION_LABELS = {
    Action.CREATE: "lập",
    Action.SUBMIT: "gửi",
    Action.APPRAISE: "thẩm định",
    Action.APPROVE: "phê duyệt",
    Action.SIGN: "ký",
    Action.PAY: "chi trả",
    Action.EXPORT: "xuất",
    Action.CHANGE: "sửa",
}


def full_name(user) -> str:
    """Vietnamese order: family and middle names, then the given name ("Trần Văn Giám")."""
    if user is None:
        return "hệ thống"
    return " ".join(p for p in (user.last_name, user.first_name) if p) or user.username


def today() -> dt.date:
    return timezone.localdate()


def require(actor, resource: Resource, action: Action, area_path: str | None) -> None:
    """Role then area; a refusal names what was refused, in Vietnamese."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionRefused("Bạn cần đăng nhập để thực hiện thao tác này.")
    if not actor.can(resource, action):
        raise PermissionRefused(
            f"Vai trò của bạn không được {ACTION_LABELS.get(action, str(action))} ({resource})."
        )
    if not user_in_area(actor, area_path):
        raise PermissionRefused("Hồ sơ này không thuộc địa bàn bạn phụ trách.")


def require_status(obj: models.Model, allowed: tuple[str, ...], step: str) -> None:
    """Refuse an out-of-order step, naming the current status."""
    if obj.status not in allowed:
        label = obj.get_status_display()  # type: ignore[attr-defined]
        raise OutOfOrderError(f"Không thể {step}: {obj._meta.verbose_name} đang ở trạng thái “{label}”.")


def require_other_person(actor, earlier, what: str) -> None:
    """Separation of duties: the one who appraised may not approve or sign."""
    if earlier is not None and actor is not None and earlier.pk == actor.pk:
        raise ReliefError(f"Tách bạch nhiệm vụ: người đã thẩm định đợt này không được {what}.")


def set_status(
    obj: models.Model,
    new_status: str,
    *,
    actor,
    summary: str,
    extra: dict[str, Any] | None = None,
    fields: tuple[str, ...] = (),
) -> None:
    """The only place a relief status changes: save and audit (before → after) in the caller's transaction."""
    before = {"status": obj.status}
    obj.status = new_status
    obj.save(update_fields=["status", *fields])
    events.record(
        actor=actor,
        action=events.TRANSITION,
        obj=obj,
        summary=summary,
        before=before,
        after={"status": new_status, **(extra or {})},
    )
    # Reports (issue 8): keep the dashboard counters current in this same transaction.
    reports_counters_after_status(obj, before["status"], new_status)


def reports_counters_after_status(obj: models.Model, old_status: str, new_status: str) -> None:
    """Dashboard counters (ansinh.reports.aggregates): a batch is recounted (one grouped query over the batch);
    one application adds its own change. Payments are recounted per batch by the payment services."""
    from ansinh.relief.models import Application, Batch
    from ansinh.reports.aggregates import batch_counters_refresh, relief_counters_changed

    if isinstance(obj, Batch):
        batch_counters_refresh(obj.pk)
    elif isinstance(obj, Application):
        relief_counters_changed(obj, old_status, new_status)
