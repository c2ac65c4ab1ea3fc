"""The seed plan loads as data, with all its tasks, idempotently."""

from __future__ import annotations

import pytest

from ansinh.plans.models import Plan, PlanReference, SteeringMember, Task
from ansinh.plans.services.seed import seed_plan_load

SEED_CODES = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "4.1", "4.2"]


@pytest.mark.django_db
def test_seed_plan_loads_all_ten_tasks_idempotently(reference_data):
    first = seed_plan_load()
    second = seed_plan_load()
    plan = Plan.objects.get(code="kh-sldtbxh-2021-09-267")
    top = list(plan.tasks.filter(parent__isnull=True).order_by("order").values_list("code", flat=True))
    assert top == SEED_CODES
    assert first["tasks"] == second["tasks"] == 10
    assert second["created"] == 0
    assert Task.objects.filter(plan=plan).count() == 13  # 10 tasks + 3 facility sub-tasks of 4.2
    assert plan.number_text == "…/KH-SLĐTBXH"


@pytest.mark.django_db
def test_seed_plan_keeps_structure_of_the_document(reference_data):
    seed_plan_load()
    plan = Plan.objects.get(code="kh-sldtbxh-2021-09-267")
    refs = {r.number: r for r in PlanReference.objects.filter(plan=plan)}
    assert refs["267/KH-UBND"].issued_on.isoformat() == "2021-08-14"
    assert refs["267/KH-UBND"].parent == refs["05-NQ/TU"]
    t21 = plan.tasks.get(code="2.1")
    assert t21.lead_unit.code == "phong-ldvl"
    assert t21.deadline_kind == "per_batch"
    assert "1173/SLĐTBXH-LĐVL" in t21.deadline_text
    assert t21.figure == "relief_batches_by_district"
    assert plan.tasks.get(code="3.1").deadline_kind == "within_month"
    assert plan.tasks.get(code="1.1").deadline_kind == "continuous"
    assert plan.tasks.get(code="4.1").deadline_kind == "external"
    assert plan.tasks.get(code="4.2.2").parent.code == "4.2"
    assert "chống dịch như chống giặc" in plan.tasks.get(code="1.3").content
    assert SteeringMember.objects.filter(is_demo=True).count() == 8
    assert {m.code for m in t21.owners.all()} == {"pho-ban", "tv-ldvl"}
    assert plan.recipients[0]["name"] == "UBND tỉnh"


@pytest.mark.django_db
def test_load_seed_command_is_idempotent(reference_data, capsys):
    from ansinh.plans.cli import main

    assert main(["load-seed"]) == 0
    assert main(["load-seed"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("Kế hoạch mẫu: 10 nhiệm vụ, 3 nhiệm vụ con, 8 thành viên")
    assert out[-1].endswith("0 bản ghi mới.")
    assert Plan.objects.filter(kind="plan").count() == 1
