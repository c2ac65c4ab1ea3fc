"""The nightly job: counters rebuilt (catching any change made outside the services), then the monthly
province reports (periodic + loans) for the previous month, once each."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ansinh.reports.aggregates import reports_rebuild
from ansinh.reports.generation import previous_month
from ansinh.reports.models import ReportRun


def reports_nightly(today: dt.date | None = None) -> dict:
    """Returns what it did, for the job log."""
    from ansinh.geo.models import AdminUnit, Edition
    from ansinh.reports.services import report_run_create

    result = reports_rebuild()
    today = today or timezone.localdate()
    first, last = previous_month(today)
    province = AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.PROVINCE)
    queued = []
    for kind in (ReportRun.Kind.PERIODIC, ReportRun.Kind.LOANS):
        exists = ReportRun.objects.filter(
            kind=kind, area=province, period_from=first, period_to=last, scheduled=True
        ).exists()
        if not exists:
            run = report_run_create(
                kind=kind, area=province, period_from=first, period_to=last, actor=None, scheduled=True
            )
            queued.append(run.pk)
    return {"stage_rows": result.stage_rows, "timing_rows": result.timing_rows, "queued_reports": queued}
