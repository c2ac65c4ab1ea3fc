"""Timeliness: working days each finished step of a batch took, against the legal limit of that step.

Limits come from `ansinh.relief.policy_steps` (catalogue `processing_limits`, else the QĐ 23 defaults).
Working days skip weekends and Vietnamese public holidays (`ansinh.kernel.calendar`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from ansinh.kernel.calendar import working_days_between
from ansinh.reports.aggregates.stages import split_path
from ansinh.reports.models import StepTiming

STEP_LABELS = {
    "confirm": "BHXH xác nhận",
    "appraise": "Thẩm định",
    "approve": "Phê duyệt",
    "pay": "Chi trả",
}
_FIELDS = (
    "id",
    "policy_code",
    "area__path",
    "submitting_unit__name",
    "submitted_at",
    "confirmed_at",
    "appraised_at",
    "approved_at",
    "paid_at",
)


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


def _timings(row: dict) -> list[StepTiming]:
    from ansinh.relief.policy_steps import policy_steps

    steps = policy_steps(row["policy_code"])
    submitted, confirmed = _day(row["submitted_at"]), _day(row["confirmed_at"])
    spans = [
        ("confirm", submitted, confirmed),
        ("appraise", confirmed or submitted, _day(row["appraised_at"])),
        ("approve", _day(row["appraised_at"]), _day(row["approved_at"])),
        ("pay", _day(row["approved_at"]), _day(row["paid_at"])),
    ]
    district, _commune = split_path(row["area__path"])
    out = []
    for step, start, end in spans:
        if start is None or end is None:
            continue
        days = working_days_between(start, end)
        limit = steps.limit(step)
        out.append(
            StepTiming(
                batch_id=row["id"],
                policy_code=row["policy_code"],
                district_code=district,
                area_path=row["area__path"],
                unit_name=row["submitting_unit__name"][:200],
                step=step,
                days_taken=days,
                limit_days=limit,
                late=days > limit,
            )
        )
    return out


def timings_refresh(batch_ids: Iterable[int]) -> None:
    """Recompute the step timings of these batches (called when a batch changes state)."""
    from ansinh.relief.models import Batch

    ids = list(batch_ids)
    rows = Batch.objects.filter(pk__in=ids).values(*_FIELDS)
    StepTiming.objects.filter(batch_id__in=ids).delete()
    StepTiming.objects.bulk_create([t for row in rows for t in _timings(row)])


def timings_rebuild() -> int:
    """Recompute every batch's step timings; returns the number of rows."""
    from ansinh.relief.models import Batch

    StepTiming.objects.all().delete()
    made = [
        t
        for row in Batch.objects.filter(submitted_at__isnull=False).values(*_FIELDS).iterator()
        for t in _timings(row)
    ]
    StepTiming.objects.bulk_create(made, batch_size=2000)
    return len(made)
