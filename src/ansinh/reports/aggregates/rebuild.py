"""Recompute every counter from the applications (after imports, nightly, and in tests)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from ansinh.reports.aggregates.snapshot import contributions
from ansinh.reports.aggregates.stages import split_path
from ansinh.reports.aggregates.timing import timings_rebuild
from ansinh.reports.models import BatchContribution, BatchCounter, StageCounter


@dataclass(frozen=True)
class RebuildResult:
    stage_rows: int
    batch_rows: int
    timing_rows: int


def reports_rebuild() -> RebuildResult:
    """Replace all counters and timings with values computed from scratch, in one transaction."""
    from ansinh.relief.models import Application

    with transaction.atomic():
        fresh = contributions(Application.objects.all())
        StageCounter.objects.all().delete()
        BatchCounter.objects.all().delete()
        BatchContribution.objects.all().delete()
        stage_rows = []
        for (policy, path, period, stage), (people, amount) in fresh.stages.items():
            district, commune = split_path(path)
            stage_rows.append(
                StageCounter(
                    policy_code=policy,
                    district_code=district,
                    commune_code=commune,
                    area_path=path,
                    period=period,
                    stage=stage,
                    people=people,
                    amount=amount,
                )
            )
        StageCounter.objects.bulk_create(stage_rows, batch_size=2000)
        BatchCounter.objects.bulk_create(
            [
                BatchCounter(
                    batch_id=b, policy_code=policy, area_path=path, stage=stage, people=people, amount=amount
                )
                for (b, policy, path, stage), (people, amount) in fresh.batches.items()
            ],
            batch_size=2000,
        )
        BatchContribution.objects.bulk_create(
            [
                BatchContribution(
                    batch_id=b,
                    policy_code=policy,
                    area_path=path,
                    period=period,
                    stage=stage,
                    people=people,
                    amount=amount,
                )
                for (b, policy, path, period, stage), (people, amount) in fresh.parts.items()
            ],
            batch_size=2000,
        )
        timing_rows = timings_rebuild()
    return RebuildResult(len(stage_rows), len(fresh.batches), timing_rows)


def counters_as_dict() -> dict:
    """Every non-zero counter, for comparing incremental with rebuilt values."""
    stages = {
        (c.policy_code, c.area_path, c.period, c.stage): (c.people, c.amount)
        for c in StageCounter.objects.all()
        if (c.people, c.amount) != (0, 0)
    }
    batches = {
        (c.batch_id, c.stage): (c.people, c.amount)
        for c in BatchCounter.objects.all()
        if (c.people, c.amount) != (0, 0)
    }
    parts = {
        (c.batch_id, c.policy_code, c.area_path, c.period, c.stage): (c.people, c.amount)
        for c in BatchContribution.objects.all()
        if (c.people, c.amount) != (0, 0)
    }
    return {"stages": stages, "batches": batches, "parts": parts}
