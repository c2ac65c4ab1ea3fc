"""JSON API of the plans app (/api/v1/plans/…): plans, tasks with their deadline state and live
figure, progress reports. Every read goes through `restrict()`/`access()`; writes through services."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema
from ninja.errors import HttpError

from ansinh.org.access import access
from ansinh.org.roles import Action
from ansinh.plans import figures as figure_registry
from ansinh.plans import selectors
from ansinh.plans.models import Plan, Task
from ansinh.plans.services.errors import PlanError

router = Router(tags=["plans"])


class PlanOut(Schema):
    code: str
    number: str
    title: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    references: list[str]


class TaskOut(Schema):
    id: int
    plan: str
    code: str
    parent: str | None
    title: str
    lead: str
    deadline_kind: str
    deadline_text: str
    due: dt.date | None
    deadline_state: str
    status: str
    percent: int
    figure: str
    owners: list[str]


class FigureOut(Schema):
    name: str
    title: str
    columns: list[dict]
    rows: list[dict]
    totals: dict
    message: str


class TaskDetailOut(TaskOut):
    content: str
    live_figure: FigureOut | None


class ProgressIn(Schema):
    status: str
    percent: int
    text: str
    reported_on: dt.date | None = None


class ProgressOut(Schema):
    id: int
    task: str
    unit: str
    reported_on: dt.date
    status: str
    percent: int
    text: str


def _plan_out(plan: Plan) -> dict:
    return {
        "code": plan.code,
        "number": plan.number_text,
        "title": plan.title,
        "kind": plan.kind,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "references": [str(r) for r in plan.references.all()],
    }


def _task_out(task: Task) -> dict:
    state = selectors.state_of(task)
    return {
        "id": task.pk,
        "plan": task.plan.code,
        "code": task.code,
        "parent": task.parent.code if task.parent_id else None,
        "title": task.title,
        "lead": task.lead_label,
        "deadline_kind": task.deadline_kind,
        "deadline_text": task.deadline_text,
        "due": state.due,
        "deadline_state": state.state,
        "status": task.status,
        "percent": task.percent,
        "figure": task.figure,
        "owners": [m.full_name for m in task.owners.all()],
    }


def _progress_out(report) -> dict:
    return {
        "id": report.pk,
        "task": report.task.code,
        "unit": str(report.unit or ""),
        "reported_on": report.reported_on,
        "status": report.status,
        "percent": report.percent,
        "text": report.text,
    }


@router.get("/", response=list[PlanOut])
def plans(request):
    return [_plan_out(p) for p in selectors.plan_list(request.auth).prefetch_related("references")]


@router.get("/{code}/tasks", response=list[TaskOut])
def plan_tasks(request, code: str, state: str = ""):
    plan = access(Plan, request.auth, None, Action.VIEW, code=code)
    rows = selectors.task_rows(selectors.task_queryset(request.auth).filter(plan=plan))
    return [_task_out(r.task) for r in rows if not state or r.state.state == state]


@router.get("/tasks/{task_id}", response=TaskDetailOut)
def task_detail(request, task_id: int):
    task = access(selectors.task_queryset(request.auth), request.auth, task_id)
    figure = figure_registry.compute(task.figure, request.auth) if task.figure else None
    live = None
    if figure is not None:
        live = {
            "name": figure.name,
            "title": figure.title,
            "rows": figure.rows,
            "totals": figure.totals,
            "message": figure.message,
            "columns": [{"key": c.key, "title": c.title, "kind": c.kind} for c in figure.columns],
        }
    return {**_task_out(task), "content": task.content, "live_figure": live}


@router.get("/tasks/{task_id}/progress", response=list[ProgressOut])
def task_progress(request, task_id: int):
    task = access(Task, request.auth, task_id)
    return [_progress_out(r) for r in selectors.progress_for(request.auth, task)]


@router.post("/tasks/{task_id}/progress", response={201: ProgressOut})
def task_progress_create(request, task_id: int, payload: ProgressIn):
    from ansinh.plans.services.work import progress_report_create

    task = access(Task, request.auth, task_id, Action.CHANGE)
    try:
        report = progress_report_create(
            actor=request.auth,
            task=task,
            status=payload.status,
            percent=payload.percent,
            text=payload.text,
            reported_on=payload.reported_on,
        )
    except PlanError as error:
        raise HttpError(400, str(error)) from error
    return 201, _progress_out(report)
