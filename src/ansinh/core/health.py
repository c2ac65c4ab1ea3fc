"""Health of the database and the background worker, for /healthz and monitoring."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from ansinh.core.models import WorkerHeartbeat

WORKER_STALE_AFTER = timedelta(seconds=60)


def health_report() -> dict:
    report: dict = {"database": {"ok": False, "vendor": connection.vendor}, "worker": {"ok": False}}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        report["database"]["ok"] = True
    except Exception as exc:
        report["database"]["error"] = str(exc)[:200]
        report["ok"] = False
        return report
    beat = WorkerHeartbeat.objects.order_by("-seen_at").first()
    if beat:
        age = (timezone.now() - beat.seen_at).total_seconds()
        report["worker"] = {"ok": age <= WORKER_STALE_AFTER.total_seconds(), "worker_id": beat.worker_id,
                            "last_seen": beat.seen_at.isoformat(), "age_seconds": round(age, 1)}
    else:
        report["worker"] = {"ok": False, "last_seen": None}
    report["ok"] = report["database"]["ok"] and report["worker"]["ok"]
    return report
