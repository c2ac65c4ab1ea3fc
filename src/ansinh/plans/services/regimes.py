"""Epidemic regimes of communes over time, and the playbook tasks a change triggers.

Before NQ 128/NQ-CP (11/10/2021) a commune was under Chỉ thị 15/16/19, a local "15+"/"16+" or a
lockdown; after it, under one of the four levels (policies.md §3). `commune_regime_set` records a
change with its deciding document; the measures of the playbook (data/playbooks.yaml) for each unit
located in the commune become tasks due a number of working days after the change. `regimes_for`
gives the history to the policy engine (causes such as "area applying Chỉ thị 16").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from ansinh.audit import events
from ansinh.geo.models import AdminUnit, Edition
from ansinh.org.models import OrgUnit, User
from ansinh.org.roles import Action, Resource
from ansinh.plans.deadlines import due_after_working_days
from ansinh.plans.models import CommuneRegime, Plan, Task
from ansinh.plans.scope import path_related
from ansinh.plans.services.errors import PlanError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PLAYBOOK_PATH = DATA_DIR / "playbooks.yaml"
DEMO_REGIMES_PATH = DATA_DIR / "regimes_demo.yaml"
PLAYBOOK_PLAN_CODE = "phuong-an-cap-do-dich"
NQ128_START = dt.date(2021, 10, 11)
PRE_NQ128 = {"ct15", "ct15plus", "ct16", "ct16plus", "ct19", "lockdown"}
LEVELS = {"l1", "l2", "l3", "l4"}
# The Department's headquarters units share one playbook row ("office").
_HQ_KINDS = {"office", "division", "leadership"}


@lru_cache(maxsize=4)
def read_playbooks(path: Path = PLAYBOOK_PATH) -> dict[str, Any]:
    """The playbook file as plain data (cached: it is code-reviewed data, not user input)."""
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def measures_for(
    regime: str, unit_kind: str, playbooks: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Measures of the playbook for a unit of ``unit_kind`` when its commune enters ``regime``."""
    data = playbooks or read_playbooks()
    return [m for m in data["measures"] if regime in m["regimes"] and unit_kind in m["unit_kinds"]]


def units_located_in(commune: AdminUnit, playbooks: dict[str, Any] | None = None) -> list[OrgUnit]:
    """Units sitting in the commune: its own committee, plus Department units placed there by the playbook."""
    data = playbooks or read_playbooks()
    codes = [
        code for code, commune_code in data.get("locations", {}).items() if str(commune_code) == commune.code
    ]
    units = OrgUnit.objects.filter(area=commune, kind=OrgUnit.Kind.COMMUNE) | OrgUnit.objects.filter(
        code__in=codes
    )
    return list(units.distinct().order_by("kind", "code"))


def playbook_plan() -> Plan:
    """The standing plan that collects the tasks created by regime changes (one per Department)."""
    province = AdminUnit.objects.get(edition=Edition.Y2021, level=AdminUnit.Level.PROVINCE)
    plan, _ = Plan.objects.get_or_create(
        code=PLAYBOOK_PLAN_CODE,
        defaults={
            "kind": Plan.Kind.PLAYBOOK,
            "symbol": "PA-SLĐTBXH",
            "area": province,
            "title": "Phương án ứng phó với từng cấp độ dịch tại các đơn vị (nhiệm vụ 1.2)",
            "issuer": OrgUnit.objects.get(code="so-ldtbxh"),
            "starts_on": dt.date(2021, 7, 26),
            "ends_on": dt.date(2022, 12, 31),
            "purpose": "Khi cấp độ dịch của xã, phường, thị trấn thay đổi, các biện pháp của phương án trở thành "
            "nhiệm vụ có thời hạn (ngày làm việc) của các đơn vị đóng trên địa bàn.",
        },
    )
    return plan


def _check_regime(regime: str, starts_on: dt.date) -> None:
    if regime not in CommuneRegime.Regime.values:
        raise PlanError(f"Chế độ “{regime}” không hợp lệ.")
    # NQ 128/NQ-CP (11/10/2021) replaced CT 15/16/19 with the four levels, and the levels did not exist before.
    if regime in LEVELS and starts_on < NQ128_START:
        raise PlanError("Cấp độ 1–4 chỉ áp dụng từ ngày 11/10/2021 (Nghị quyết số 128/NQ-CP).")


@transaction.atomic
def commune_regime_set(
    *,
    commune: AdminUnit,
    regime: str,
    starts_on: dt.date,
    document: str,
    actor: User | None = None,
    source_url: str = "",
    note: str = "",
    is_demo: bool = False,
) -> tuple[CommuneRegime, list[Task]]:
    """Record that ``commune`` applies ``regime`` from ``starts_on`` (by ``document``) and create the
    playbook tasks of the units located there. Returns the regime row and the tasks created; setting
    the regime already in force creates nothing."""
    if actor is not None:
        if not actor.can(Resource.PLAN, Action.CHANGE):
            raise PlanError("Bạn không có quyền ghi cấp độ dịch.")
        if not path_related(actor.area_path, commune.path):
            raise PlanError("Xã này không thuộc địa bàn của bạn.")
    if commune.level != AdminUnit.Level.COMMUNE:
        raise PlanError("Cấp độ dịch được đánh giá và ghi theo từng xã, phường, thị trấn (NQ 128/NQ-CP).")
    if not document.strip():
        raise PlanError("Cần ghi văn bản quyết định cấp độ dịch.")
    _check_regime(regime, starts_on)
    history = CommuneRegime.objects.filter(commune=commune)
    current = history.filter(starts_on__lte=starts_on).order_by("-starts_on").first()
    if current and current.regime == regime and (current.ends_on is None or current.ends_on >= starts_on):
        return current, []
    if history.filter(starts_on=starts_on).exists():
        raise PlanError(f"Đã có chế độ phòng dịch của {commune.full_name} ghi từ ngày {starts_on:%d/%m/%Y}.")
    following = history.filter(starts_on__gt=starts_on).order_by("starts_on").first()
    if current and (current.ends_on is None or current.ends_on >= starts_on):
        current.ends_on = starts_on - dt.timedelta(days=1)
        current.save(update_fields=["ends_on"])
    new = CommuneRegime.objects.create(
        commune=commune,
        regime=regime,
        starts_on=starts_on,
        document=document.strip(),
        source_url=source_url,
        note=note,
        is_demo=is_demo,
        recorded_by=actor,
        ends_on=following.starts_on - dt.timedelta(days=1) if following else None,
    )
    superseded = 0
    if current:
        superseded = (
            Task.objects.filter(origin_regime=current)
            .exclude(status__in=[Task.Status.DONE, Task.Status.SUSPENDED])
            .update(status=Task.Status.SUSPENDED)
        )
    tasks = _create_playbook_tasks(new, actor) if following is None else []
    events.record(
        actor=actor,
        action=events.CREATE,
        obj=new,
        summary=f"{commune.full_name}: {new.get_regime_display()} từ {starts_on:%d/%m/%Y}; "
        f"{len(tasks)} nhiệm vụ theo phương án; {superseded} nhiệm vụ cũ tạm dừng",
    )
    return new, tasks


def _create_playbook_tasks(regime: CommuneRegime, actor: User | None) -> list[Task]:
    from ansinh.plans.services.work import task_create

    plan = playbook_plan()
    data = read_playbooks()
    tasks = []
    label = regime.get_regime_display()
    number = 0
    for unit in units_located_in(regime.commune, data):
        kind = "office" if unit.kind in _HQ_KINDS else unit.kind
        for measure in measures_for(regime.regime, kind, data):
            number += 1
            # "PA-25195-211029-3": playbook, commune, date of the change, measure number (unique per plan).
            code = f"PA-{regime.commune.code}-{regime.starts_on:%y%m%d}-{number}"
            due = due_after_working_days(regime.starts_on, int(measure["days"]))
            tasks.append(
                task_create(
                    actor=None,
                    plan=plan,
                    code=code,
                    title=measure["title"],
                    deadline_kind=Task.DeadlineKind.FIXED,
                    lead_unit=unit,
                    due_date=due,
                    area=regime.commune,
                    origin_regime=regime,
                    audit=False,
                    content=f"{label} tại {regime.commune.full_name} từ ngày {regime.starts_on:%d/%m/%Y} "
                    f"({regime.document}).",
                    deadline_text=f"Trong {measure['days']} ngày làm việc kể từ ngày {regime.starts_on:%d/%m/%Y}",
                )
            )
    return tasks


@dataclass(frozen=True)
class RegimePeriod:
    """One stretch of a regime in a commune, clipped to the asked interval."""

    commune_code: str
    regime: str
    label: str
    starts_on: dt.date
    ends_on: dt.date | None
    document: str
    is_demo: bool


def regimes_for(commune_code: str, date_from: dt.date, date_to: dt.date) -> list[RegimePeriod]:
    """The regimes a 2021 commune applied between two dates (inclusive), oldest first, clipped to the interval.

    Read-only and unscoped: a commune's regime is a public fact the policy engine needs whoever asks
    (e.g. NQ 68 §1.4: "area applying Chỉ thị 16"); an unknown commune gives [].
    """
    rows = (
        CommuneRegime.objects.filter(
            commune__edition=Edition.Y2021,
            commune__code=commune_code,
            starts_on__lte=date_to,
        )
        .exclude(ends_on__lt=date_from)
        .order_by("starts_on")
    )
    labels = dict(CommuneRegime.Regime.choices)
    return [
        RegimePeriod(
            commune_code,
            row.regime,
            str(labels[row.regime]),
            max(row.starts_on, date_from),
            min(row.ends_on, date_to) if row.ends_on else date_to,
            row.document,
            row.is_demo,
        )
        for row in rows
    ]


def commune_applied(commune_code: str, day: dt.date, regimes: Iterable[str]) -> bool:
    """True when the commune was under one of ``regimes`` on ``day`` (e.g. {"ct16", "ct16plus", "lockdown"})."""
    wanted = set(regimes)
    return any(p.regime in wanted for p in regimes_for(commune_code, day, day))


def regimes_demo_load(say: Callable[[str], None] = print) -> dict[str, int]:
    """Demo history (policies.md §2.6): Chơn Thành and Bù Đăng on CT 16 from 08/09/2021, the province at
    level 2 around 20/10/2021. Idempotent; tasks of the demo history older than the last change are closed
    as superseded, the ones of the last change are left open so the board has something to follow."""
    with DEMO_REGIMES_PATH.open(encoding="utf-8") as handle:
        rows = yaml.safe_load(handle)
    created = tasks = 0
    for row in rows:
        communes = AdminUnit.objects.filter(edition=Edition.Y2021, level=AdminUnit.Level.COMMUNE)
        if row["district"] != "*":
            communes = communes.filter(parent__code=row["district"])
        for commune in communes.order_by("code"):
            starts = row["starts_on"]
            if CommuneRegime.objects.filter(commune=commune, starts_on=starts).exists():
                continue
            _, made = commune_regime_set(
                commune=commune,
                regime=row["regime"],
                starts_on=starts,
                document=row["document"],
                source_url=row.get("source_url", ""),
                note=row.get("note", ""),
                is_demo=True,
            )
            created += 1
            tasks += len(made)
    say(f"Cấp độ dịch (demo): {created} bản ghi mới, {tasks} nhiệm vụ theo phương án.")
    return {"regimes": created, "tasks": tasks}
