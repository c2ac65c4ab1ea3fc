"""Background jobs of the plans app (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_deadline_alerts() -> dict[str, int]:
    """Daily: e-mail overdue and due-soon tasks (working days) to their units, owners and the Office."""
    from ansinh.plans.services.alerts import send_deadline_alerts as send

    return send()
