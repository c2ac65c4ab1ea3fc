"""Background jobs (django-tasks): generate one report; the nightly job that rebuilds counters and makes
the scheduled monthly reports."""

from __future__ import annotations

from django_tasks import task


@task()
def report_generate_task(run_id: int) -> str:
    from ansinh.reports.generation import report_generate

    return report_generate(run_id).status


@task()
def reports_nightly_task() -> dict:
    """Rebuild every counter from scratch, then queue last month's province reports if not made yet."""
    from ansinh.reports.scheduling import reports_nightly

    return reports_nightly()
