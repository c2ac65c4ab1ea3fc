"""Background jobs of the linkage app (thin: they call the registry services)."""

from __future__ import annotations

from django_tasks import task


@task()
def link_import_job(job_id: int) -> dict:
    """Link a stored import job's rows to persons and flag them (enqueue after the job is stored)."""
    from ansinh.intake.models import ImportJob
    from ansinh.registry.services import persons_link_import

    job = ImportJob.objects.select_related("created_by", "area").get(pk=job_id)
    return persons_link_import(job=job, actor=job.created_by).as_dict()
