"""Calls the relief services make, inside their transactions, so the counters stay current.

- `batch_counters_refresh(batch_id)`: ONE call at the end of any service that changed a batch or its
  applications/awards/payments (submit, confirm, appraise, approve, pay, returns, reissue, confirm receipt,
  withdrawal, adding rows). It recomputes that batch's contribution (one grouped query over the batch only),
  adds the difference with what the counters hold for it, and refreshes its step timings.
- `relief_counters_changed(application, old_status, new_status)`: one application whose status changed
  (e.g. `application_decide`), without any grouped query — cheap inside loops.
- `counters_tracked(batch_id=… | application_ids=[…])`: a context manager doing the refresh on exit.

Concurrency: the refresh locks the batch row first (SELECT … FOR UPDATE), so two refreshes of one batch run
one after the other and each sees the other's committed result; counters of different batches meet only in
additive upserts.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from ansinh.reports.aggregates.snapshot import contributions
from ansinh.reports.aggregates.stages import period_of, stages_reached
from ansinh.reports.aggregates.store import Delta, add_to, aggregates_apply, subtract
from ansinh.reports.aggregates.timing import timings_refresh
from ansinh.reports.models import BatchContribution


def batch_counters_refresh(batch_id: int) -> None:
    """Bring the counters of one batch up to date (call inside the transaction that changed it)."""
    from ansinh.relief.models import Application, Batch

    batch = Batch.objects.select_for_update().filter(pk=batch_id).values("policy_code", "area__path").first()
    if batch is None:
        return
    stored = {
        (r.batch_id, r.policy_code, r.area_path, r.period, r.stage): (r.people, r.amount)
        for r in BatchContribution.objects.filter(batch_id=batch_id)
    }
    fresh = contributions(Application.objects.filter(batch_id=batch_id)).parts
    parts = subtract(fresh, stored)
    delta = Delta(parts=parts)
    for (b, policy, path, month, stage), (people, amount) in parts.items():
        add_to(delta.stages, (policy, path, month, stage), people, amount)
        add_to(delta.batches, (b, batch["policy_code"], batch["area__path"], stage), people, amount)
    aggregates_apply(delta)
    timings_refresh([batch_id])


@contextmanager
def counters_tracked(
    *, batch_id: int | None = None, application_ids: Sequence[int] | None = None
) -> Iterator[None]:
    """Refresh the counters of the batch (or of the applications' batches) once the wrapped change is done."""
    from ansinh.relief.models import Application

    if batch_id is None and application_ids is None:
        raise ValueError("counters_tracked needs batch_id or application_ids")
    batch_ids = (
        [batch_id]
        if batch_id is not None
        else sorted(
            set(
                Application.objects.filter(pk__in=list(application_ids or ())).values_list(
                    "batch_id", flat=True
                )
            )
        )
    )
    yield
    for bid in batch_ids:
        batch_counters_refresh(bid)


def relief_counters_changed(application, old_status: str, new_status: str) -> None:
    """Add the change of one application's status to the counters (call after saving it)."""
    from ansinh.relief.models import Payment

    if old_status == new_status:
        return
    batch = application.batch
    payments = set(
        Payment.objects.filter(award__application_id=application.pk).values_list("status", flat=True)
    )
    before = stages_reached(old_status, batch.status, payments)
    after = stages_reached(new_status, batch.status, payments)
    if before == after:
        return
    period = period_of(batch.submitted_at, batch.created_at)
    path = application.area.path
    amount = int(application.computed_amount or 0)
    delta = Delta()
    for stage in before ^ after:
        sign = 1 if stage in after else -1
        delta.stages[(application.policy_code, path, period, stage)] = (sign, sign * amount)
        delta.batches[(batch.pk, batch.policy_code, batch.area.path, stage)] = (sign, sign * amount)
        delta.parts[(batch.pk, application.policy_code, path, period, stage)] = (sign, sign * amount)
    aggregates_apply(delta)
