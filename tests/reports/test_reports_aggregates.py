"""Incremental counters equal a full rebuild after a sequence of status changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from ansinh.reports.aggregates import (
    batch_counters_refresh,
    counters_as_dict,
    counters_tracked,
    relief_counters_changed,
    reports_rebuild,
)
from ansinh.reports.models import Stage, StageCounter

pytestmark = pytest.mark.django_db


def _pay(application, status: str):
    from ansinh.relief.models import Award, Decision, Payment

    decision = Decision.objects.filter(batch=application.batch).first() or Decision.objects.create(
        batch=application.batch
    )
    award = Award.objects.get_or_create(
        application=application,
        defaults={
            "person": application.person,
            "policy_code": application.policy_code,
            "period_key": application.period_key,
            "amount": application.computed_amount,
            "decision": decision,
        },
    )[0]
    return Payment.objects.create(award=award, channel="bank", amount=award.amount, status=status)


def test_incremental_counters_equal_rebuild_after_status_changes(world):
    from ansinh.relief.models import Application, Batch

    first = world.batch(n=6, status="draft")
    second = world.batch(
        policy="nq68-ngung-viec",
        district="Đồng Phú",
        n=4,
        amount=1_000_000,
        submitted=timezone.make_aware(dt.datetime(2021, 9, 30, 23, 30)),
    )
    reports_rebuild()
    assert counters_as_dict() == _rebuilt()

    # Batch submitted (bulk): tracked around the change.
    with transaction.atomic(), counters_tracked(batch_id=first.pk):
        Batch.objects.filter(pk=first.pk).update(status="submitted", submitted_at=timezone.now())
    # One application decided at a time.
    apps = list(Application.objects.filter(batch=second).order_by("pk"))
    for app, new in zip(apps, ["accepted", "accepted", "rejected", "accepted"], strict=True):
        old = app.status
        app.status = new
        app.save(update_fields=["status"])
        relief_counters_changed(app, old, new)
    # Approval in bulk, then payments: disbursed, confirmed, returned.
    with counters_tracked(batch_id=second.pk):
        Application.objects.filter(batch=second, status="accepted").update(status="approved")
        Batch.objects.filter(pk=second.pk).update(status="approved", approved_at=timezone.now())
    accepted = list(Application.objects.filter(batch=second, status="approved").order_by("pk"))
    with counters_tracked(application_ids=[a.pk for a in accepted]):
        _pay(accepted[0], "disbursed")
        _pay(accepted[1], "confirmed")
        _pay(accepted[2], "returned")
    # A withdrawal in the first batch.
    app = Application.objects.filter(batch=first).first()
    app.status = "withdrawn"
    app.save()
    relief_counters_changed(app, "pending", "withdrawn")
    # A payment returned, then a single refresh call after the fact (the relief services' way).
    from ansinh.relief.models import Payment

    Payment.objects.filter(award__application=accepted[0]).update(status="returned")
    batch_counters_refresh(second.pk)
    batch_counters_refresh(second.pk)  # idempotent: nothing changed since

    incremental = counters_as_dict()
    assert incremental == _rebuilt()
    # The figures themselves: 5 of 6 submitted in batch 1, 4 in batch 2; 3 approved, 2 paid, 1 confirmed.
    totals = {
        s: sum(p for (_pol, _path, _m, st), (p, _a) in incremental["stages"].items() if st == s)
        for s in Stage.values
    }
    assert totals == {"submitted": 9, "appraised": 3, "approved": 3, "paid": 1, "confirmed": 1}
    # 23:30 on 30/09 in Vietnam is September, whatever the server's UTC says.
    months = {m for (pol, _p, m, _s) in incremental["stages"] if pol == "nq68-ngung-viec"}
    assert months == {dt.date(2021, 9, 1)}


def _rebuilt() -> dict:
    reports_rebuild()
    return counters_as_dict()


def test_upsert_adds_concurrent_deltas_instead_of_overwriting(world):
    from ansinh.reports.aggregates import Delta, aggregates_apply

    key = ("nq68-tam-hoan", "70/707/25xxx", dt.date(2021, 8, 1), Stage.SUBMITTED.value)
    aggregates_apply(Delta({key: (2, 200)}, {}))
    aggregates_apply(Delta({key: (3, 300)}, {}))
    aggregates_apply(Delta({key: (-1, -100)}, {}))
    row = StageCounter.objects.get(area_path="70/707/25xxx")
    assert (row.people, row.amount, row.district_code, row.commune_code) == (4, 400, "707", "25xxx")


def test_database_stage_filters_agree_with_counters(world, make_user):
    """The drill-down (database filters) lists exactly the applications a counter counts."""
    from ansinh.relief.models import Application
    from ansinh.reports.selectors import drilldown_applications

    batch = world.batch(n=8)
    apps = list(Application.objects.filter(batch=batch).order_by("pk"))
    for app, status in zip(
        apps,
        ["pending", "accepted", "rejected", "approved", "approved", "paid", "approved", "withdrawn"],
        strict=True,
    ):
        app.status = status
        app.save()
    _pay(apps[3], "disbursed")
    _pay(apps[4], "confirmed")
    _pay(apps[6], "failed")
    reports_rebuild()
    leader = make_user("leader")
    counters = counters_as_dict()["stages"]
    for stage in Stage.values:
        counted = sum(p for (_pol, _path, _m, st), (p, _a) in counters.items() if st == stage)
        assert drilldown_applications(user=leader, stage=stage).count() == counted, stage
    assert sum(p for k, (p, _a) in counters.items() if k[3] == "paid") == 3  # paid status + 2 live payments
