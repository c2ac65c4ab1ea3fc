"""Epidemic regimes → playbook tasks; regimes_for; deadline alerts with a frozen clock."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from ansinh.geo.models import AdminUnit, Edition
from ansinh.plans.models import CommuneRegime, Task, TaskAlert
from ansinh.plans.services.alerts import deadline_alerts, send_deadline_alerts
from ansinh.plans.services.errors import PlanError
from ansinh.plans.services.regimes import commune_applied, commune_regime_set, regimes_for

pytestmark = pytest.mark.django_db
TAN_PHU = "25195"  # Phường Tân Phú, Đồng Xoài: the Department's headquarters in the demo playbook


def _commune(code: str) -> AdminUnit:
    return AdminUnit.objects.get(edition=Edition.Y2021, code=code)


def test_level_change_creates_playbook_tasks_with_working_day_deadlines(reference_data, make_user):
    office = make_user("office_officer", unit="van-phong")
    commune = _commune(TAN_PHU)
    regime, tasks = commune_regime_set(
        commune=commune,
        regime="l3",
        starts_on=dt.date(2021, 10, 29),
        document="Quyết định số 01/QĐ-UBND (thử)",
        actor=office,
    )
    units = {t.lead_unit.code for t in tasks}
    assert {"ubnd-xa-25195", "van-phong", "phong-ldvl", "ttdvvl"} <= units
    staff = next(t for t in tasks if t.lead_unit.code == "van-phong")
    assert "50% cán bộ" in staff.title
    # 1 working day after Friday 29/10/2021 is Monday 01/11/2021.
    assert staff.due_date == dt.date(2021, 11, 1)
    assert staff.origin_regime == regime and staff.plan.kind == "playbook"
    assert all(t.area == commune for t in tasks)
    # Same regime again: nothing new.
    again, more = commune_regime_set(
        commune=commune, regime="l3", starts_on=dt.date(2021, 11, 2), document="x", actor=office
    )
    assert again == regime and more == []
    # Down to level 1: the level-3 tasks still open are superseded, the level-1 ones are created.
    _, level1 = commune_regime_set(
        commune=commune, regime="l1", starts_on=dt.date(2021, 11, 15), document="y", actor=office
    )
    staff.refresh_from_db()
    assert staff.status == Task.Status.SUSPENDED
    assert any("100% cán bộ" in t.title for t in level1)
    regime.refresh_from_db()
    assert regime.ends_on == dt.date(2021, 11, 14)


def test_levels_exist_only_from_nq128_and_only_for_communes(reference_data):
    with pytest.raises(PlanError, match="11/10/2021"):
        commune_regime_set(
            commune=_commune(TAN_PHU), regime="l2", starts_on=dt.date(2021, 9, 1), document="x"
        )
    district = AdminUnit.objects.get(edition=Edition.Y2021, code="697")
    with pytest.raises(PlanError, match="từng xã"):
        commune_regime_set(commune=district, regime="ct16", starts_on=dt.date(2021, 9, 8), document="x")


def test_regimes_for_gives_the_clipped_history_for_the_policy_engine(reference_data):
    from ansinh.plans.services.regimes import regimes_demo_load

    regimes_demo_load(lambda _line: None)
    chon_thanh = AdminUnit.objects.filter(edition=Edition.Y2021, parent__code="697").order_by("code").first()
    periods = regimes_for(chon_thanh.code, dt.date(2021, 9, 1), dt.date(2021, 10, 31))
    assert [(p.regime, p.starts_on, p.ends_on) for p in periods] == [
        ("ct16", dt.date(2021, 9, 8), dt.date(2021, 10, 19)),
        ("l2", dt.date(2021, 10, 20), dt.date(2021, 10, 31)),
    ]
    assert all(p.is_demo for p in periods)
    assert commune_applied(chon_thanh.code, dt.date(2021, 9, 15), {"ct16", "ct16plus"})
    assert not commune_applied(chon_thanh.code, dt.date(2021, 10, 25), {"ct16"})
    loc_ninh_commune = AdminUnit.objects.filter(edition=Edition.Y2021, parent__name="Lộc Ninh").first()
    assert [
        p.regime for p in regimes_for(loc_ninh_commune.code, dt.date(2021, 9, 1), dt.date(2021, 12, 31))
    ] == ["l2"]
    # idempotent
    regimes_demo_load(lambda _line: None)
    assert CommuneRegime.objects.filter(commune=chon_thanh).count() == 2


def test_overdue_alerts_are_mailed_once_a_day_with_a_frozen_clock(seed_plan, make_user):
    office = make_user("office_officer", unit="van-phong")
    office.email = "vanphong@example.vn"
    office.save()
    ldvl = make_user("division_officer", unit="phong-ldvl")
    ldvl.email = "ldvl@example.vn"
    ldvl.save()
    with time_machine.travel(dt.datetime(2021, 9, 27, 8, 0), tick=False):
        # 30/09/2021 is 3 working days away: 1.2, 3.1, 4.2 (+ sub-tasks) are due soon, nothing overdue.
        soon = deadline_alerts()
        assert {a.task.code for a in soon} >= {"1.2", "3.1", "4.2"}
        assert {a.kind for a in soon} == {"due_soon"}
    with time_machine.travel(dt.datetime(2021, 10, 4, 8, 0), tick=False):
        counts = send_deadline_alerts()
        overdue = {a.task.code for a in deadline_alerts()}
        assert {"1.2", "3.1", "4.2"} <= overdue and "1.1" not in overdue  # continuous work is never overdue
        assert counts["emails"] == len(mail.outbox) >= 2
        to_ldvl = next(m for m in mail.outbox if m.to == ["ldvl@example.vn"])
        assert "QUÁ HẠN" in to_ldvl.body and "Nhiệm vụ 3.1" in to_ldvl.body
        assert "/ke-hoach/nhiem-vu/" in to_ldvl.body
        assert "Nhiệm vụ 1.2" not in to_ldvl.body  # the Office's task goes to the Office
        assert any("Nhiệm vụ 1.2" in m.body for m in mail.outbox if m.to == ["vanphong@example.vn"])
        # Second run the same day sends nothing.
        assert send_deadline_alerts()["emails"] == 0
        assert TaskAlert.objects.filter(task__code="3.1", kind="overdue").count() == 1


def test_done_task_is_not_alerted(seed_plan, make_user):
    from ansinh.plans.services.work import progress_report_create

    ldvl = make_user("division_officer", unit="phong-ldvl")
    task = seed_plan.tasks.get(code="3.1")
    progress_report_create(
        actor=ldvl,
        task=task,
        status="done",
        percent=100,
        text="Đã trình UBND tỉnh",
        reported_on=dt.date(2021, 9, 29),
    )
    with time_machine.travel(dt.datetime(2021, 10, 4, 8, 0), tick=False):
        assert "3.1" not in {a.task.code for a in deadline_alerts()}


def test_alerts_task_and_command(seed_plan, capsys):
    from ansinh.plans.cli import main
    from ansinh.plans.tasks import send_deadline_alerts as job

    with time_machine.travel(dt.datetime(2021, 10, 4, 8, 0), tick=False):
        result = job.enqueue()
        assert result.return_value["alerts"] >= 3
        assert main(["alerts", "--dry-run"]) == 0
    assert "overdue" in capsys.readouterr().out
