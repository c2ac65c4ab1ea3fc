"""Which funnel stages an application has reached — one definition, used by the rebuild (as database
filters) and by the incremental hooks (as the same filters over a few rows, or the Python mirror).

Stages are cumulative: an approved application also counts as submitted and appraised.
- submitted: its batch left the draft state, and it was not withdrawn;
- appraised: appraisal found it eligible (đạt): accepted, approved or paid;
- approved:  approved or paid (an Award exists);
- paid:      status paid, or a disbursed/confirmed payment exists;
- confirmed: the beneficiary's receipt of the money is confirmed (Payment.status confirmed).
The month is the month the batch was submitted (or created, for a batch never submitted), local time:
a cohort view, so an application never moves between months as it advances.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from ansinh.reports.models import Stage

APPRAISED_STATUSES = ("accepted", "approved", "paid")
APPROVED_STATUSES = ("approved", "paid")
PAID_PAYMENT_STATUSES = ("disbursed", "confirmed")


def payment_exists(statuses: tuple[str, ...]) -> Exists:
    from ansinh.relief.models import Payment

    return Exists(Payment.objects.filter(award__application=OuterRef("pk"), status__in=statuses))


def stage_filter(stage: str) -> Q:
    """The database condition for an application to have reached ``stage``."""
    if stage == Stage.SUBMITTED:
        return ~Q(batch__status="draft") & ~Q(status="withdrawn")
    if stage == Stage.APPRAISED:
        return Q(status__in=APPRAISED_STATUSES)
    if stage == Stage.APPROVED:
        return Q(status__in=APPROVED_STATUSES)
    if stage == Stage.PAID:
        return Q(status="paid") | Q(payment_exists(PAID_PAYMENT_STATUSES))
    if stage == Stage.CONFIRMED:
        return Q(payment_exists(("confirmed",)))
    raise ValueError(stage)


def stages_reached(app_status: str, batch_status: str, payment_statuses: set[str]) -> set[str]:
    """The Python mirror of `stage_filter`, for one application whose status is known."""
    reached = set()
    if batch_status != "draft" and app_status != "withdrawn":
        reached.add(Stage.SUBMITTED.value)
    if app_status in APPRAISED_STATUSES:
        reached.add(Stage.APPRAISED.value)
    if app_status in APPROVED_STATUSES:
        reached.add(Stage.APPROVED.value)
    if app_status == "paid" or payment_statuses & set(PAID_PAYMENT_STATUSES):
        reached.add(Stage.PAID.value)
    if "confirmed" in payment_statuses:
        reached.add(Stage.CONFIRMED.value)
    return reached


def period_expression() -> TruncMonth:
    """First day of the (local) month the batch was submitted, as a date."""
    return TruncMonth(Coalesce("batch__submitted_at", "batch__created_at"), output_field=models.DateField())


def period_of(submitted_at: dt.datetime | None, created_at: dt.datetime) -> dt.date:
    """Python mirror of `period_expression`."""
    moment = submitted_at or created_at
    return timezone.localtime(moment).date().replace(day=1)


def split_path(area_path: str) -> tuple[str, str]:
    """ "70/693/25xxx" → ("693", "25xxx"); a district-level path gives an empty commune code."""
    parts = area_path.split("/")
    return (parts[1] if len(parts) > 1 else ""), (parts[2] if len(parts) > 2 else "")
