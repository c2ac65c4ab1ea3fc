"""The employment service centre's twice-monthly cut-offs for termination cases (QĐ 23/2021/QĐ-TTg Điều 24:
the centre compiles eligible workers and sends the list to the Department before the 5th and the 20th)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ansinh.audit import events
from ansinh.geo.models import AdminUnit, Edition
from ansinh.org.models import OrgUnit
from ansinh.relief.models import Batch
from ansinh.relief.services._common import today

ESC_UNIT = "ttdvvl"
TERMINATION_POLICY = "nq68-cham-dut"
CUTOFF_DAYS = (5, 20)


def next_esc_cutoff(day: dt.date) -> dt.date:
    """The next cut-off on or after ``day``: the 5th or the 20th of a month."""
    for cutoff_day in CUTOFF_DAYS:
        if day.day <= cutoff_day:
            return day.replace(day=cutoff_day)
    first_next = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first_next.replace(day=CUTOFF_DAYS[0])


def _open_batch(unit: OrgUnit, area: AdminUnit, cutoff: dt.date) -> Batch:
    """The ESC's draft batch collecting cases until ``cutoff`` (created once per cut-off)."""
    from ansinh.relief.services.batches import _create

    existing = Batch.objects.filter(
        policy_code=TERMINATION_POLICY, submitting_unit=unit, cutoff_date=cutoff
    ).first()
    if existing is not None:
        return existing
    return _create(
        policy_code=TERMINATION_POLICY,
        unit=unit,
        area=area,
        rows=[],
        actor=None,
        period_key="2021",
        title=f"Chấm dứt HĐLĐ không hưởng TCTN — TT Dịch vụ việc làm, hạn gửi {cutoff:%d/%m/%Y}",
        cutoff_date=cutoff,
        source_import=None,
    )


@transaction.atomic
def esc_cutoff_run(day: dt.date | None = None) -> dict[str, int]:
    """At a cut-off: send the ESC's open batch of termination cases (if it has any) and open the next one.

    Idempotent: each cut-off has one batch; running twice on the same day changes nothing more.
    """
    from ansinh.relief.services.batches import _submit

    day = day or today()
    unit = OrgUnit.objects.get(code=ESC_UNIT)
    area = unit.area or AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.PROVINCE)
    sent = 0
    due = Batch.objects.filter(
        policy_code=TERMINATION_POLICY, submitting_unit=unit, status=Batch.Status.DRAFT, cutoff_date__lte=day
    )
    for batch in due.select_for_update():
        if batch.applications.exists():
            _submit(batch, None)
            sent += 1
    current = _open_batch(
        unit,
        area,
        next_esc_cutoff(day + dt.timedelta(days=1)) if day.day in CUTOFF_DAYS else next_esc_cutoff(day),
    )
    if sent:
        events.record(
            actor=None,
            action=events.UPDATE,
            obj=current,
            summary=f"Mốc gửi danh sách TTDVVL {day:%d/%m/%Y}: gửi {sent} đợt",
        )
    return {"sent": sent, "open_batch": current.pk}
