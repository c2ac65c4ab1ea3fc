"""Reports pages: parse → scope check → selector/service → render. All reads are area-scoped."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render

from ansinh.audit import events
from ansinh.documents.spreadsheet import tables_xlsx
from ansinh.org.access import access
from ansinh.org.roles import Action, Resource
from ansinh.reports import selectors
from ansinh.reports.models import ReportRun
from ansinh.reports.presenters import dashboard_context


def _require(request: HttpRequest, resource: Resource, action: Action) -> None:
    if not request.user.can(resource, action):
        raise PermissionDenied("Vai trò của bạn không được xem trang này.")


def _filters(request: HttpRequest) -> selectors.DashboardFilters:
    return selectors.DashboardFilters(
        policy_code=request.GET.get("policy", "").strip()[:40],
        area_path=request.GET.get("area", "").strip()[:64],
        month_from=selectors.parse_month(request.GET.get("from")),
        month_to=selectors.parse_month(request.GET.get("to")),
    )


def _area_choices(user) -> list[tuple[str, str]]:
    """Districts (province users) or communes (district users) inside the user's area, for the filter."""
    from ansinh.reports.units import children_of

    if not user.area_path:
        return []
    return [(u.path, u.name) for u in children_of(user.area_path)]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require(request, Resource.REPORT, Action.VIEW)
    filters = _filters(request)
    try:
        figures = selectors.dashboard_figures(user=request.user, filters=filters)
    except selectors.ReportFilterError as exc:
        return HttpResponseBadRequest(str(exc))
    context = dashboard_context(figures)
    context |= {
        "area_choices": _area_choices(request.user),
        "policy_choices": _policy_choices(),
        "from_value": request.GET.get("from", ""),
        "policy_title": selectors.policy_label(filters.policy_code) if filters.policy_code else "",
        "to_value": request.GET.get("to", ""),
    }
    return render(request, "reports/dashboard.html", context)


def _policy_choices() -> list[tuple[str, str]]:
    """Every policy of the catalogue (no query: the catalogue is loaded once)."""
    from ansinh.relief.policy_steps import FALLBACK

    codes = set(FALLBACK)
    try:
        from ansinh.policies.catalogue import load_catalogue

        codes |= set(load_catalogue().policies)
    except Exception:  # noqa: S110 - the catalogue is optional here; the relief table names the main policies
        pass
    return sorted(((code, selectors.policy_label(code)) for code in codes), key=lambda item: item[1])


@login_required
def drilldown(request: HttpRequest) -> HttpResponse:
    """The applications behind one figure of the dashboard or of a report."""
    _require(request, Resource.APPLICATION, Action.VIEW)
    filters = _filters(request)
    stage = request.GET.get("stage", "")
    try:
        qs = selectors.drilldown_applications(
            user=request.user,
            policy_code=filters.policy_code,
            area_path=filters.area_path,
            stage=stage,
            month_from=filters.month_from,
            month_to=filters.month_to,
        )
    except selectors.ReportFilterError as exc:
        return HttpResponseBadRequest(str(exc))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/drilldown.html",
        {
            "page": page,
            "stage_label": selectors.STAGE_LABELS.get(stage, "Tất cả giai đoạn"),
            "policy_label": selectors.policy_label(filters.policy_code)
            if filters.policy_code
            else "Mọi chính sách",
            "filters": filters,
            "query": filters.query(stage=stage),
        },
    )


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    from ansinh.reports.services import ReportError, report_run_create

    _require(request, Resource.REPORT, Action.VIEW)
    if request.method == "POST":
        _require(request, Resource.REPORT, Action.EXPORT)
        try:
            period_from = dt.date.fromisoformat(request.POST.get("period_from", ""))
            period_to = dt.date.fromisoformat(request.POST.get("period_to", ""))
        except ValueError:
            messages.error(request, "Kỳ báo cáo chưa đúng: nhập ngày theo dạng dd/mm/yyyy.")
            return redirect("reports:report_list")
        area = _report_area(request)
        try:
            run = report_run_create(
                kind=request.POST.get("kind", ""),
                area=area,
                period_from=period_from,
                period_to=period_to,
                actor=request.user,
                policy_code=request.POST.get("policy", "")[:40],
            )
        except ReportError as exc:
            messages.error(request, str(exc))
            return redirect("reports:report_list")
        messages.success(request, "Đã đưa báo cáo vào hàng đợi; tệp sẽ có sau ít phút.")
        return redirect("reports:report_detail", pk=run.pk)
    runs = ReportRun.objects.restrict(request.user, Action.VIEW).select_related("area", "created_by")[:50]
    return render(
        request,
        "reports/report_list.html",
        {
            "runs": runs,
            "kinds": ReportRun.Kind.choices,
            "area_choices": _area_choices(request.user),
            "policy_choices": _policy_choices(),
            "can_export": request.user.can(Resource.REPORT, Action.EXPORT),
        },
    )


def _report_area(request: HttpRequest):
    from ansinh.geo.models import AdminUnit, Edition

    path = request.POST.get("area", "")
    if not path:
        return request.user.area
    unit = AdminUnit.objects.filter(edition=Edition.Y2021, path=path).first()
    if unit is None:
        raise Http404("Không tìm thấy")
    return unit


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = access(ReportRun, request.user, pk)
    template = "reports/partials/report_status.html" if request.htmx else "reports/report_detail.html"
    keys = ("submitted", "approved", "approved_amount", "paid", "paid_amount")
    totals = {
        part: {k: sum(int(r.get(k) or 0) for r in run.figures.get(part, [])) for k in keys}
        for part in ("by_policy", "by_area")
    }
    return render(request, template, {"run": run, "figures": run.figures, "totals": totals})


@login_required
def report_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    run = access(ReportRun, request.user, pk, Action.EXPORT)
    file = run.xlsx if fmt == "xlsx" else run.pdf if fmt == "pdf" else None
    if not file:
        raise Http404("Không tìm thấy")
    events.record(actor=request.user, action=events.EXPORT, obj=run, summary=f"Tải báo cáo ({fmt})")
    return FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/", 1)[-1])


@login_required
def outreach(request: HttpRequest) -> HttpResponse:
    """Likely eligible people with no application, per commune (masked IDs unless asked and allowed)."""
    from ansinh.reports.outreach import outreach_list

    _require(request, Resource.PERSON, Action.VIEW)
    policy = request.GET.get("policy", "")[:40]
    commune = request.GET.get("commune", "")[:10]
    rows, coverage = outreach_list(user=request.user, commune_code=commune, policy_code=policy)
    if request.GET.get("format") == "xlsx":
        return _outreach_xlsx(request, rows)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/outreach.html",
        {
            "page": page,
            "coverage": coverage,
            "total": len(rows),
            "policy": policy,
            "commune": commune,
            "commune_choices": _commune_choices(request.user),
            "policy_choices": [
                (s.policy_code, selectors.policy_label(s.policy_code)) for s in _outreach_policies()
            ],
            "can_export": request.user.can(Resource.PERSON, Action.EXPORT),
            "can_unmask": request.user.can(Resource.PERSON, Action.VIEW_PERSONAL),
        },
    )


def _commune_choices(user) -> list[tuple[str, str]]:
    """Communes inside the user's area: (code, "Commune (District)")."""
    from ansinh.reports.units import units_2021

    if not user.area_path:
        return []
    units = units_2021()
    by_path = {u.path: u for u in units.values()}
    out = []
    for unit in units.values():
        if unit.level == 3 and (unit.path + "/").startswith(user.area_path + "/"):
            district = by_path.get(unit.path.rsplit("/", 1)[0])
            out.append((unit.code, f"{unit.name} ({district.name})" if district else unit.name))
    return sorted(out, key=lambda item: item[1])


def _outreach_policies():
    from ansinh.reports.outreach import POPULATION_SOURCES

    seen, out = set(), []
    for source in POPULATION_SOURCES:
        if source.policy_code not in seen:
            seen.add(source.policy_code)
            out.append(source)
    return out


def _outreach_xlsx(request: HttpRequest, rows) -> HttpResponse:
    from ansinh.documents.nd30.model import Column, Table
    from ansinh.registry.masking import mask_id_number

    _require(request, Resource.PERSON, Action.EXPORT)
    unmasked = request.GET.get("unmasked") == "1" and request.user.can(Resource.PERSON, Action.VIEW_PERSONAL)
    columns = (
        Column("index", "STT", 0.4, "index"),
        Column("commune", "Xã, phường, thị trấn", 1.4),
        Column("name", "Họ và tên", 1.6),
        Column("dob", "Ngày sinh", 0.9, "date"),
        Column("id", "Số CCCD/CMND", 1.1, "code"),
        Column("policy", "Chính sách có thể được hưởng", 2.0),
        Column("reason", "Lý do có thể đủ điều kiện", 3.5),
        Column("source", "Nguồn danh sách", 2.0),
    )
    table = Table(
        columns,
        [
            {
                "commune": r.commune_name,
                "name": r.full_name,
                "dob": r.date_of_birth,
                "id": r.id_number if unmasked else mask_id_number(r.id_number),
                "policy": selectors.policy_label(r.policy_code) + (" [giả định]" if r.assumption else ""),
                "reason": r.reason,
                "source": r.source,
            }
            for r in rows
        ],
        show_totals=False,
    )
    content = tables_xlsx(
        [table],
        title="DANH SÁCH NGƯỜI CÓ THỂ ĐỦ ĐIỀU KIỆN NHƯNG CHƯA CÓ HỒ SƠ",
        subtitle=f"{request.user.area.full_name if request.user.area_id else ''} · "
        f"{'Số định danh đầy đủ' if unmasked else 'Số định danh đã che'}",
        sheet_name="Rà soát bỏ sót",
    )
    events.record(
        actor=request.user,
        action=events.EXPORT,
        object_type="reports.outreach",
        object_id="-",
        summary=f"Xuất danh sách rà soát bỏ sót ({len(rows)} người, {'không che' if unmasked else 'che'} số định danh)",
        area_path=request.user.area_path,
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="ra-soat-bo-sot.xlsx"'
    return response


@login_required
def multi_policy(request: HttpRequest) -> HttpResponse:
    from ansinh.reports.outreach import multi_policy_review

    _require(request, Resource.PAYMENT, Action.VIEW)
    rows = multi_policy_review(user=request.user)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/multi_policy.html",
        {
            "page": page,
            "total": len(rows),
            "conflicts": sum(1 for r in rows if r.conflicts),
            "policy_label": selectors.policy_label,
        },
    )


@login_required
def budget_list(request: HttpRequest) -> HttpResponse:
    """Allocations per policy and year (province-wide); province users with report rights enter them."""
    from ansinh.reports.models import Budget
    from ansinh.reports.services import ReportError, budget_set

    _require(request, Resource.REPORT, Action.VIEW)
    if request.method == "POST":
        try:
            allocated = int(request.POST.get("allocated", "").replace(".", "").replace(",", "").strip())
            year = int(request.POST.get("year", ""))
            budget_set(
                policy_code=request.POST.get("policy", "")[:40],
                year=year,
                allocated=allocated,
                source=request.POST.get("source", "")[:300],
                actor=request.user,
            )
        except ValueError:
            messages.error(request, "Năm và kinh phí phải là số (kinh phí tính bằng đồng).")
        except ReportError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Đã ghi kinh phí được giao.")
        return redirect("reports:budget_list")
    can_edit = (
        request.user.can(Resource.REPORT, Action.CREATE)
        and request.user.area_path
        and "/" not in (request.user.area_path or "/")
    )
    return render(
        request,
        "reports/budget_list.html",
        {
            "budgets": Budget.objects.order_by("year", "policy_code"),
            "policy_choices": _policy_choices(),
            "can_edit": can_edit,
            "policy_label": selectors.policy_label,
        },
    )
