"""Reads of import jobs, scoped to the user's area."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ansinh.intake.models import ImportJob
from ansinh.org.access import access
from ansinh.org.models import OrgUnit
from ansinh.org.roles import Action


def import_job_list(*, user) -> QuerySet[ImportJob]:
    return ImportJob.objects.restrict(user, Action.VIEW).select_related("unit", "created_by")


def import_job_get(*, user, job_id: int, action: Action = Action.VIEW) -> ImportJob:
    return access(ImportJob, user, job_id, action)


def batches_of_job(*, user, job: ImportJob) -> QuerySet:
    """The batches holding this list's applications: the one it made, or the open one it updated."""
    from ansinh.relief.models import Batch

    made_or_updated = Q(source_import=job) | Q(pk=(job.counts or {}).get("batch") or 0)
    return Batch.objects.restrict(user, Action.VIEW).filter(made_or_updated).order_by("pk")


def sender_units_for(*, user) -> QuerySet[OrgUnit]:
    """Units the user may import for: its own unit and every unit located inside its area."""
    if not user.area_id:
        return OrgUnit.objects.none()
    path = user.area.path
    qs = OrgUnit.objects.filter(Q(area__path=path) | Q(area__path__startswith=path + "/")) | OrgUnit.objects.filter(
        pk=user.org_unit_id)
    return qs.exclude(kind=OrgUnit.Kind.EXTERNAL).distinct().order_by("kind", "name")
