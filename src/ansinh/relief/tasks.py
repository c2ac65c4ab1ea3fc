"""Background jobs of the relief app (django-tasks)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def esc_cutoff_task(day: str | None = None) -> dict[str, int]:
    """Run at each ESC cut-off (the 5th and the 20th, QĐ 23 Art. 24): send and reopen the termination batch."""
    from ansinh.relief.services.esc import esc_cutoff_run

    return esc_cutoff_run(dt.date.fromisoformat(day) if day else None)
