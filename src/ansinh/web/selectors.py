"""Reads for the shell pages, always scoped to the user."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ansinh.audit.models import AuditEvent
from ansinh.geo.models import AdminUnit
from ansinh.org.roles import Action


def audit_event_list(*, user) -> QuerySet[AuditEvent]:
    """Audit events of the user's area; province-wide users also see system events (no area)."""
    qs = AuditEvent.objects.restrict(user, Action.VIEW)
    if user.can(AuditEvent.area_scope.resource, Action.VIEW) and user.area_id and \
            user.area.level == AdminUnit.Level.PROVINCE:
        qs = AuditEvent.objects.filter(Q(pk__in=qs.values("pk")) | Q(area_path=""))
    return qs.select_related("actor").order_by("-seq")
