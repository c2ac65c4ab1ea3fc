"""Screens of the plans app: the Office's board, the task page (live figure, progress, oversight),
the Gantt view, the calendar of deadlines, the steering committee, epidemic regimes and the report.
Views are thin: parse → access → service → render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ansinh.audit import events
from ansinh.org.access import access
from ansinh.org.roles import Action, Resource
from ansinh.plans import figures as figure_registry
from ansinh.plans import selectors
from ansinh.plans.forms import (
    DeadlineForm,
    OversightForm,
    PlanForm,
    ProgressForm,
    RegimeForm,
    ReportForm,
    TaskForm,
)
from ansinh.plans.models import Plan, Task
from ansinh.plans.services.errors import PlanError
from ansinh.plans.timeline import gantt_for, month_grid


def _require(request: HttpRequest, resource: Resource, action: Action) -> None:
    if not request.user.can(resource, action):
        raise PermissionDenied


def _plan_from(request: HttpRequest) -> Plan | None:
    code = request.GET.get("plan") or request.POST.get("plan")
    if code:
        return access(Plan, request.user, None, Action.VIEW, code=code)
    return selectors.default_plan(request.user)


def _today(request: HttpRequest) -> dt.date:
    """Today, or the date in ?on=YYYY-MM-DD ("how did the board look on 15/10/2021?")."""
    text = request.GET.get("on", "")
    try:
        return dt.date.fromisoformat(text) if text else selectors.today()
    except ValueError:
        return selectors.today()


@login_required
def board(request: HttpRequest) -> HttpResponse:
    _require(request, Resource.PLAN, Action.VIEW)
    plan = _plan_from(request)
    status = request.GET.get("status", "")
    data = selectors.board(request.user, plan, status=status, on=_today(request))
    # In-app alert: the user's own unit's overdue and due-soon tasks, on top of the board.
    mine = [
        row
        for group in data.groups
        for row in group.rows
        if row.task.lead_unit_id
        and row.task.lead_unit_id == request.user.org_unit_id
        and row.state.state in ("overdue", "due_soon")
    ]
    return render(
        request,
        "plans/board.html",
        {
            "plan": plan,
            "board": data,
            "mine": mine,
            "plans": selectors.plan_list(request.user),
            "status": status,
            "status_choices": Task.Status.choices,
            "today": _today(request),
            "can_create": request.user.can(Resource.PLAN, Action.CREATE),
        },
    )


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = access(selectors.task_queryset(request.user), request.user, pk)
    figure = figure_registry.compute(task.figure, request.user) if task.figure else None
    can_report = request.user.can(Resource.TASK, Action.CHANGE)
    can_oversee = request.user.can(Resource.PLAN, Action.CHANGE)
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "today": _today(request),
            "state": selectors.state_of(task, _today(request)),
            "figure": figure,
            **_figure_cells(figure),
            "reports": selectors.progress_for(request.user, task),
            "notes": selectors.oversight_for(request.user, task),
            "subtasks": selectors.task_rows(selectors.task_queryset(request.user).filter(parent=task)),
            "progress_form": ProgressForm(initial={"status": task.status, "percent": task.percent})
            if can_report
            else None,
            "oversight_form": OversightForm() if can_oversee else None,
            "deadline_form": DeadlineForm(initial={"due_date": task.due_date})
            if task.deadline_kind in ("fixed", "per_batch", "external")
            and (can_oversee or (can_report and request.user.org_unit_id == task.lead_unit_id))
            else None,
        },
    )


@login_required
@require_POST
def deadline_set(request: HttpRequest, pk: int) -> HttpResponse:
    from ansinh.plans.services.work import task_deadline_set

    task = access(Task, request.user, pk, Action.CHANGE)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        try:
            task_deadline_set(actor=request.user, task=task, **form.cleaned_data)
            messages.success(request, "Đã cập nhật hạn nhiệm vụ.")
        except PlanError as error:
            messages.error(request, str(error))
    return redirect("plans:task", pk=task.pk)


def _figure_cells(figure) -> dict:
    """Rows of the live figure as (kind, value) cells, in column order, for the template."""
    if figure is None or figure.message:
        return {"figure_rows": [], "figure_totals": []}
    rows = [[{"kind": c.kind, "value": row.get(c.key)} for c in figure.columns] for row in figure.rows]
    totals = [{"kind": c.kind, "value": figure.totals.get(c.key, "")} for c in figure.columns]
    return {"figure_rows": rows, "figure_totals": totals}


@login_required
@require_POST
def progress_create(request: HttpRequest, pk: int) -> HttpResponse:
    from ansinh.plans.services.work import progress_report_create

    task = access(Task, request.user, pk, Action.CHANGE)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            progress_report_create(
                actor=request.user,
                task=task,
                status=form.cleaned_data["status"],
                percent=form.cleaned_data["percent"],
                text=form.cleaned_data["text"],
                reported_on=form.cleaned_data["reported_on"],
                files=form.cleaned_data["attachments"],
            )
            messages.success(request, "Đã ghi báo cáo tiến độ.")
        except PlanError as error:
            messages.error(request, str(error))
    else:
        messages.error(
            request, "Báo cáo chưa hợp lệ: " + "; ".join(e for errs in form.errors.values() for e in errs)
        )
    return redirect("plans:task", pk=task.pk)


@login_required
@require_POST
def oversight_create(request: HttpRequest, pk: int) -> HttpResponse:
    from ansinh.plans.services.work import oversight_note_create

    task = access(Task, request.user, pk, Action.VIEW)
    form = OversightForm(request.POST)
    if form.is_valid():
        try:
            oversight_note_create(actor=request.user, task=task, **form.cleaned_data)
            messages.success(request, "Đã ghi kết quả kiểm tra, giám sát.")
        except PlanError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Chưa hợp lệ: " + "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("plans:task", pk=task.pk)


@login_required
def gantt(request: HttpRequest) -> HttpResponse:
    _require(request, Resource.PLAN, Action.VIEW)
    plan = _plan_from(request)
    chart = (
        gantt_for(selectors.task_queryset(request.user).filter(plan=plan), plan, today=_today(request))
        if plan
        else None
    )
    return render(request, "plans/gantt.html", {"plan": plan, "chart": chart, "chart_today": _today(request)})


@login_required
def deadline_calendar(request: HttpRequest) -> HttpResponse:
    _require(request, Resource.PLAN, Action.VIEW)
    plan = _plan_from(request)
    month_text = request.GET.get("month", "")
    try:
        first = dt.date.fromisoformat(month_text + "-01") if month_text else None
    except ValueError:
        first = None
    if first is None:
        first = (plan.starts_on if plan else _today(request)).replace(day=1)
    weeks, last = month_grid(first)
    entries = selectors.deadline_calendar(request.user, plan, first, last, on=_today(request))
    by_day: dict[dt.date, list] = {}
    for entry in entries:
        by_day.setdefault(entry.day, []).append(entry)
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = last + dt.timedelta(days=1)
    return render(
        request,
        "plans/calendar.html",
        {
            "plan": plan,
            "first": first,
            "weeks": [[(d, by_day.get(d, []), d.month == first.month) for d in w] for w in weeks],
            "entries": entries,
            "prev_month": prev_month,
            "next_month": next_month,
            "today": _today(request),
        },
    )


@login_required
def steering(request: HttpRequest) -> HttpResponse:
    _require(request, Resource.PLAN, Action.VIEW)
    return render(request, "plans/steering.html", {"members": selectors.steering_members(request.user)})


@login_required
def regimes(request: HttpRequest) -> HttpResponse:
    from ansinh.geo.models import AdminUnit, Edition
    from ansinh.plans.services.regimes import commune_regime_set

    _require(request, Resource.PLAN, Action.VIEW)
    on = _today(request)
    can_set = request.user.can(Resource.PLAN, Action.CHANGE)
    communes = []
    if can_set and request.user.area_path:
        path = request.user.area_path
        communes = list(
            AdminUnit.objects.filter(edition=Edition.Y2021, level=AdminUnit.Level.COMMUNE)
            .filter(path__startswith=path + "/")
            .select_related("parent")
            .order_by("parent__name", "name")
        )
    form = RegimeForm(request.POST or None, communes=communes) if can_set else None
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied
        if form.is_valid():
            commune = next(c for c in communes if c.code == form.cleaned_data["commune"])
            try:
                regime, tasks = commune_regime_set(
                    commune=commune,
                    regime=form.cleaned_data["regime"],
                    starts_on=form.cleaned_data["starts_on"],
                    document=form.cleaned_data["document"],
                    source_url=form.cleaned_data["source_url"],
                    actor=request.user,
                )
                messages.success(request, f"Đã ghi {regime}. Tạo {len(tasks)} nhiệm vụ theo phương án.")
                return redirect(reverse("plans:regimes") + f"?on={regime.starts_on.isoformat()}")
            except PlanError as error:
                messages.error(request, str(error))
    current = selectors.current_regimes(request.user, on)
    history = selectors.regime_list(request.user).order_by("-starts_on", "commune__path")[:300]
    return render(
        request, "plans/regimes.html", {"current": current, "history": history, "on": on, "form": form}
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    from ansinh.plans.services.importer import plan_import_spreadsheet
    from ansinh.plans.services.work import plan_create as create

    _require(request, Resource.PLAN, Action.CREATE)
    form = PlanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = create(
                actor=request.user,
                code=data["code"],
                title=data["title"],
                symbol=data["symbol"],
                number=data["number"],
                issued_on=data["issued_on"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except PlanError as error:
            messages.error(request, str(error))
        else:
            upload = data.get("spreadsheet")
            if upload:
                try:
                    result = plan_import_spreadsheet(
                        actor=request.user, plan=plan, content=upload.read(), filename=upload.name
                    )
                except PlanError as error:
                    messages.error(request, str(error))
                else:
                    for error in result.errors:
                        messages.error(request, error)
                    if result.ok:
                        messages.success(request, f"Đã nhập {len(result.created)} nhiệm vụ từ {upload.name}.")
            return redirect(reverse("plans:plan_edit", args=[plan.code]))
    return render(request, "plans/plan_form.html", {"form": form})


@login_required
def plan_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Add tasks to a plan one by one, or import more rows from a spreadsheet."""
    from ansinh.plans.services.importer import plan_import_spreadsheet
    from ansinh.plans.services.work import task_create

    _require(request, Resource.TASK, Action.CREATE)
    plan = access(Plan, request.user, None, Action.VIEW, code=code)
    posted_task = request.method == "POST" and "spreadsheet" not in request.FILES
    form = TaskForm(request.POST if posted_task else None, plan=plan)
    if request.method == "POST" and "spreadsheet" in request.FILES:
        upload = request.FILES["spreadsheet"]
        try:
            result = plan_import_spreadsheet(
                actor=request.user, plan=plan, content=upload.read(), filename=upload.name
            )
            for error in result.errors:
                messages.error(request, error)
            if result.ok:
                messages.success(request, f"Đã nhập {len(result.created)} nhiệm vụ từ {upload.name}.")
        except PlanError as error:
            messages.error(request, str(error))
        return redirect(reverse("plans:plan_edit", args=[plan.code]))
    if posted_task and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            task_create(actor=request.user, plan=plan, **data)
            messages.success(request, f"Đã thêm nhiệm vụ {data['code']}.")
            return redirect(reverse("plans:plan_edit", args=[plan.code]))
        except PlanError as error:
            messages.error(request, str(error))
    tasks = selectors.task_rows(selectors.task_queryset(request.user).filter(plan=plan))
    tasks.sort(key=lambda r: r.task.order)
    return render(request, "plans/plan_edit.html", {"plan": plan, "form": form, "rows": tasks})


@login_required
def report(request: HttpRequest) -> HttpResponse:
    from ansinh.documents.pdf import render_pdf, weasyprint_available
    from ansinh.documents.word import render_docx
    from ansinh.plans.services.report import consolidated_report

    _require(request, Resource.REPORT, Action.CREATE)
    plan = _plan_from(request)
    # A finished plan is reported up to its end date, not up to today.
    until = min(_today(request), plan.ends_on) if plan else _today(request)
    initial = {
        "period_from": plan.starts_on if plan else None,
        "period_to": until,
        "issued_on": until,
        "output": "docx",
    }
    form = ReportForm(request.POST or None, initial=initial)
    pdf_ok, pdf_reason = weasyprint_available()
    if request.method == "POST" and form.is_valid() and plan:
        data = form.cleaned_data
        document = consolidated_report(
            user=request.user,
            plan=plan,
            period_from=data["period_from"],
            period_to=data["period_to"],
            number=data["number"],
            issued_on=data["issued_on"],
            proposals=data["proposals"],
        )
        stem = f"bao-cao-ke-hoach-{data['issued_on']:%Y%m%d}"
        if data["output"] == "html":
            from ansinh.documents.html import render_html

            return HttpResponse(render_html(document))
        if data["output"] == "pdf":
            if not pdf_ok:
                messages.error(request, f"Không tạo được PDF: {pdf_reason}")
                return redirect(reverse("plans:report") + f"?plan={plan.code}")
            body, mime, name = render_pdf(document), "application/pdf", f"{stem}.pdf"
        else:
            body = render_docx(document)
            mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            name = f"{stem}.docx"
        events.record(
            actor=request.user,
            action=events.EXPORT,
            obj=plan,
            summary=f"Xuất báo cáo tổng hợp {plan.number_text} ({name})",
        )
        response = HttpResponse(body, content_type=mime)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request, "plans/report.html", {"plan": plan, "form": form, "pdf_ok": pdf_ok, "pdf_reason": pdf_reason}
    )
