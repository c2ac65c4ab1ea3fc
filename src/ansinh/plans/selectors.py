"""Reads of the plans app, always through `restrict()` (area scope + role)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone

from ansinh.org.roles import Action
from ansinh.plans.deadlines import DeadlineFacts, DeadlineState, deadline_state, effective_due
from ansinh.plans.models import CommuneRegime, OversightNote, Plan, ProgressReport, SteeringMember, Task

SEED_PLAN_CODE = "kh-sldtbxh-2021-09-267"
_STATE_ORDER = {"overdue": 0, "due_soon": 1, "on_track": 2, "no_deadline": 3, "closed": 4}


def today() -> dt.date:
    """The date alerts and the board measure against (time-machine freezes it in tests)."""
    return timezone.localdate()


def plan_list(user: Any) -> QuerySet[Plan]:
    return Plan.objects.restrict(user, Action.VIEW).select_related("issuer").order_by("kind", "-starts_on")


def default_plan(user: Any) -> Plan | None:
    plans = plan_list(user)
    return plans.filter(code=SEED_PLAN_CODE).first() or plans.filter(kind=Plan.Kind.PLAN).first()


def task_queryset(user: Any, action: Action = Action.VIEW) -> QuerySet[Task]:
    return (
        Task.objects.restrict(user, action)
        .select_related("plan", "lead_unit", "area", "parent", "origin_regime")
        .prefetch_related("coordinating_units", "owners")
        .annotate(last_report_on=Max("progress_reports__reported_on"))
    )


def facts_of(task: Task) -> DeadlineFacts:
    return DeadlineFacts(
        kind=task.deadline_kind,
        due_date=task.due_date,
        due_month=task.due_month,
        cycle=task.cycle,
        cycle_day=task.cycle_day,
        starts_on=task.starts_on,
        last_report_on=getattr(task, "last_report_on", None),
    )


def state_of(task: Task, on: dt.date | None = None) -> DeadlineState:
    return deadline_state(facts_of(task), today=on or today(), closed=task.is_closed)


@dataclass
class TaskRow:
    task: Task
    state: DeadlineState

    @property
    def due(self) -> dt.date | None:
        return self.state.due


def task_rows(tasks: Iterable[Task], on: dt.date | None = None) -> list[TaskRow]:
    """Tasks with their deadline state, overdue first, then due soon, then by due date and code."""
    rows = [TaskRow(task, state_of(task, on)) for task in tasks]
    rows.sort(key=lambda r: (_STATE_ORDER[r.state.state], r.due or dt.date.max, r.task.order, r.task.code))
    return rows


@dataclass
class UnitGroup:
    unit: str
    rows: list[TaskRow] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(r.state.state == "overdue" for r in self.rows)


@dataclass
class Board:
    plan: Plan | None
    groups: list[UnitGroup]
    counts: dict[str, int]
    status_counts: dict[str, int]


def board(user: Any, plan: Plan | None, *, status: str = "", on: dt.date | None = None) -> Board:
    """The Office's board: the plan's tasks grouped by lead unit, overdue first (groups with overdue first)."""
    tasks = task_queryset(user)
    if plan is not None:
        tasks = tasks.filter(plan=plan)
    all_rows = task_rows(tasks, on)
    counts: dict[str, int] = defaultdict(int)
    status_counts: dict[str, int] = defaultdict(int)
    for row in all_rows:
        counts[row.state.state] += 1
        status_counts[row.task.status] += 1
    rows = [r for r in all_rows if not status or r.task.status == status or r.state.state == status]
    groups: dict[str, UnitGroup] = {}
    for row in rows:
        label = (
            row.task.lead_unit.short_name
            if row.task.lead_unit_id and not row.task.lead_text
            else row.task.lead_label
        )
        groups.setdefault(label, UnitGroup(label)).rows.append(row)
    ordered = sorted(groups.values(), key=lambda g: (-g.overdue, min(r.task.order for r in g.rows)))
    return Board(plan, ordered, dict(counts), dict(status_counts))


def overdue_task_count(user: Any, on: dt.date | None = None) -> int:
    return sum(r.state.state == "overdue" for r in task_rows(task_queryset(user), on))


def progress_for(user: Any, task: Task) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.restrict(user, Action.VIEW)
        .filter(task=task)
        .select_related("unit", "reported_by", "area")
        .prefetch_related("attachments")
    )


def oversight_for(user: Any, task: Task) -> QuerySet[OversightNote]:
    return (
        OversightNote.objects.restrict(user, Action.VIEW).filter(task=task).select_related("unit", "author")
    )


def steering_members(user: Any) -> QuerySet[SteeringMember]:
    return (
        SteeringMember.objects.restrict(user, Action.VIEW)
        .select_related("unit", "user")
        .prefetch_related(Prefetch("tasks", queryset=Task.objects.select_related("plan").order_by("order")))
    )


def regime_list(user: Any) -> QuerySet[CommuneRegime]:
    return CommuneRegime.objects.restrict(user, Action.VIEW).select_related("commune", "commune__parent")


def current_regimes(user: Any, on: dt.date) -> list[CommuneRegime]:
    """The regime in force on ``on`` in each commune the user may see."""
    rows = regime_list(user).filter(starts_on__lte=on).exclude(ends_on__lt=on).order_by("commune__path")
    return list(rows)


@dataclass
class CalendarEntry:
    day: dt.date
    task: Task
    state: DeadlineState
    label: str


def deadline_calendar(
    user: Any, plan: Plan | None, first: dt.date, last: dt.date, on: dt.date | None = None
) -> list[CalendarEntry]:
    """Deadlines falling between two dates: due dates, month ends, each report of recurring tasks."""
    tasks = task_queryset(user)
    if plan is not None:
        tasks = tasks.filter(plan=plan)
    entries = []
    for task in tasks:
        state = state_of(task, on)
        if task.deadline_kind == Task.DeadlineKind.RECURRING and task.cycle:
            from ansinh.plans.deadlines import next_cycle_date

            day = next_cycle_date(task.cycle, task.cycle_day, first - dt.timedelta(days=1))
            while day <= last:
                entries.append(CalendarEntry(day, task, state, "Báo cáo định kỳ"))
                day = next_cycle_date(task.cycle, task.cycle_day, day)
            continue
        due = effective_due(facts_of(task))
        if due and first <= due <= last:
            entries.append(CalendarEntry(due, task, state, task.get_deadline_kind_display()))
    entries.sort(key=lambda e: (e.day, e.task.order))
    return entries
