"""Background jobs of the intake app (thin: they call services)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import_job(job_id: int) -> str:
    from ansinh.intake.services import import_job_run

    return import_job_run(job_id=job_id).status
