"""What a set of applications contributes to the counters, computed in the database in ONE grouped query.

The applications are grouped by batch, commune, month, status and payment flags (a few rows per batch), and
each group's stages come from `stages_reached` — the one definition. The full rebuild is the snapshot of
every application; a batch refresh is the batch's snapshot minus its stored contribution. Same code, so
incremental == rebuilt by construction (and a test checks it).
"""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum

from ansinh.reports.aggregates.stages import (
    PAID_PAYMENT_STATUSES,
    payment_exists,
    period_expression,
    stages_reached,
)
from ansinh.reports.aggregates.store import Delta, add_to


def contributions(applications: QuerySet) -> Delta:
    """Counters of ``applications`` as they are now (stage, batch and batch × commune × month parts)."""
    grouped = (
        applications.annotate(
            month=period_expression(),
            paid_flag=payment_exists(PAID_PAYMENT_STATUSES),
            confirmed_flag=payment_exists(("confirmed",)),
        )
        .values(
            "batch_id",
            "batch__policy_code",
            "batch__area__path",
            "batch__status",
            "policy_code",
            "area__path",
            "month",
            "status",
            "paid_flag",
            "confirmed_flag",
        )
        .annotate(people=Count("id"), amount=Sum("computed_amount"))
        .order_by()
    )
    delta = Delta()
    for row in grouped.iterator():
        payments = ({"disbursed"} if row["paid_flag"] else set()) | (
            {"confirmed"} if row["confirmed_flag"] else set()
        )
        people, amount = row["people"], int(row["amount"] or 0)
        for stage in stages_reached(row["status"], row["batch__status"], payments):
            add_to(delta.stages, (row["policy_code"], row["area__path"], row["month"], stage), people, amount)
            add_to(
                delta.batches,
                (row["batch_id"], row["batch__policy_code"], row["batch__area__path"], stage),
                people,
                amount,
            )
            add_to(
                delta.parts,
                (row["batch_id"], row["policy_code"], row["area__path"], row["month"], stage),
                people,
                amount,
            )
    return delta
