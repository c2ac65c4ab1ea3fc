"""Load the seed plan (data/seed_plan.yaml): the plan, its parent documents, the steering committee
of QĐ 64/QĐ-SLĐTBXH and every task. Idempotent: running it again updates, never duplicates, and keeps
what units have reported (status, percentage, progress reports)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from ansinh.audit import events
from ansinh.geo.models import AdminUnit, Edition
from ansinh.org.models import OrgUnit, User
from ansinh.plans.models import Plan, PlanReference, SteeringMember, Task

SEED_PLAN_PATH = Path(__file__).resolve().parent.parent / "data" / "seed_plan.yaml"


def read_seed(path: Path = SEED_PLAN_PATH) -> dict[str, Any]:
    """The YAML document as plain data."""
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _province() -> AdminUnit:
    return AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.PROVINCE)


def _unit(code: str | None) -> OrgUnit | None:
    return OrgUnit.objects.get(code=code) if code else None


@transaction.atomic
def seed_plan_load(*, path: Path = SEED_PLAN_PATH, actor: User | None = None) -> dict[str, int]:
    """Create or update the seed plan. Returns counts: tasks, subtasks, members, created (new rows)."""
    data = read_seed(path)
    province = _province()
    spec = data["plan"]
    plan, plan_created = Plan.objects.update_or_create(
        code=spec["code"],
        defaults={
            "kind": Plan.Kind.PLAN,
            "number": spec.get("number", ""),
            "symbol": spec["symbol"],
            "title": " ".join(spec["title"].split()),
            "issued_label": spec.get("issued_label", ""),
            "issued_on": _date(spec.get("issued_on")),
            "issuer": _unit(spec["issuer"]),
            "area": province,
            "starts_on": _date(spec["starts_on"]),
            "ends_on": _date(spec["ends_on"]),
            "purpose": spec.get("purpose", ""),
            "organisation": spec.get("organisation", ""),
            "recipients": spec.get("recipients", []),
            "signer_position": spec.get("signer_position", ""),
            "signer_name": spec.get("signer_name", ""),
            "source": spec.get("source", ""),
        },
    )
    by_key: dict[str, PlanReference] = {}
    for order, ref in enumerate(spec.get("references", [])):
        reference, _ = PlanReference.objects.update_or_create(
            plan=plan,
            number=ref["number"],
            defaults={
                "order": order,
                "doc_type": ref["doc_type"],
                "issued_on": _date(ref.get("issued_on")),
                "issuer": ref["issuer"],
                "summary": ref.get("summary", ""),
                "parent": by_key.get(ref.get("implements", "")),
            },
        )
        by_key[ref["key"]] = reference

    members = _load_steering(data.get("steering", {}), province)
    created = int(plan_created)
    top = sub = 0
    for order, task_spec in enumerate(data["tasks"], start=1):
        task, was_created = _upsert_task(plan, task_spec, order * 10, members, province, parent=None)
        created += int(was_created)
        top += 1
        for sub_order, sub_spec in enumerate(task_spec.get("subtasks", []), start=1):
            merged = {
                "deadline_kind": task_spec["deadline_kind"],
                "due_month": task_spec.get("due_month"),
                "deadline_text": task_spec.get("deadline_text", ""),
                "section": task_spec.get("section", ""),
                **sub_spec,
            }
            _, sub_created = _upsert_task(
                plan, merged, order * 10 + sub_order, members, province, parent=task
            )
            created += int(sub_created)
            sub += 1
    if created:
        events.record(
            actor=actor,
            action=events.CREATE,
            obj=plan,
            summary=f"Nạp kế hoạch mẫu {plan.number_text}: {top} nhiệm vụ, {sub} nhiệm vụ con",
        )
    return {"tasks": top, "subtasks": sub, "members": len(members), "created": created}


def _upsert_task(
    plan: Plan,
    spec: dict[str, Any],
    order: int,
    members: dict[str, SteeringMember],
    province: AdminUnit,
    *,
    parent: Task | None,
) -> tuple[Task, bool]:
    defaults = {
        "parent": parent,
        "order": order,
        "section": spec.get("section", ""),
        "title": spec["title"],
        "content": " ".join(str(spec.get("content", "")).split()),
        "lead_unit": _unit(spec.get("lead")),
        "lead_text": spec.get("lead_text", ""),
        "coordination_text": spec.get("coordination_text", ""),
        "deadline_kind": spec["deadline_kind"],
        "deadline_text": spec.get("deadline_text", ""),
        "due_date": _date(spec.get("due_date")),
        "due_month": _date(spec.get("due_month")),
        "cycle": spec.get("cycle", ""),
        "cycle_day": spec.get("cycle_day"),
        "schedule_reference": spec.get("schedule_reference", ""),
        "figure": spec.get("figure", ""),
        "starts_on": _date(spec.get("starts_on")) or plan.starts_on,
        "area": province,
    }
    task, created = Task.objects.get_or_create(plan=plan, code=str(spec["code"]), defaults=defaults)
    if not created:
        # Keep what units reported (status, percent); refresh the text of the plan.
        for key, value in defaults.items():
            setattr(task, key, value)
        task.save()
    task.coordinating_units.set(OrgUnit.objects.filter(code__in=spec.get("coordinating", [])))
    task.owners.set([members[code] for code in spec.get("owners", []) if code in members])
    return task, created


def _load_steering(spec: dict[str, Any], province: AdminUnit) -> dict[str, SteeringMember]:
    members: dict[str, SteeringMember] = {}
    for order, row in enumerate(spec.get("members", [])):
        user = User.objects.filter(username=row["user"]).first() if row.get("user") else None
        member, _ = SteeringMember.objects.update_or_create(
            code=row["code"],
            defaults={
                "decision": spec.get("decision", ""),
                "full_name": row["full_name"],
                "position": row["position"],
                "committee_role": row["committee_role"],
                "unit": _unit(row["unit"]),
                "responsibilities": row.get("responsibilities", ""),
                "user": user,
                "is_demo": True,
                "order": order,
                "area": province,
            },
        )
        members[row["code"]] = member
    return members
