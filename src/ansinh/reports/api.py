"""JSON API: the dashboard figures (area-scoped like the page)."""

from __future__ import annotations

from django.http import Http404
from ninja import Router
from ninja.errors import HttpError

from ansinh.org.roles import Action, Resource
from ansinh.reports import selectors
from ansinh.reports.models import Stage

router = Router(tags=["reports"])


def _row(row: selectors.StageRow) -> dict:
    return {"key": row.key, "label": row.label, "people": row.people, "amount": row.amount}


@router.get("/dashboard")
def dashboard(request, policy: str = "", area: str = "", month_from: str = "", month_to: str = ""):
    """Funnel, by policy, by area, by month, largest batches, timeliness and budgets for the caller's area."""
    user = request.auth
    if not user.can(Resource.REPORT, Action.VIEW):
        raise Http404("Không tìm thấy")
    filters = selectors.DashboardFilters(
        policy_code=policy,
        area_path=area,
        month_from=selectors.parse_month(month_from),
        month_to=selectors.parse_month(month_to),
    )
    try:
        f = selectors.dashboard_figures(user=user, filters=filters)
    except selectors.ReportFilterError as exc:
        raise HttpError(403, str(exc)) from exc
    return {
        "scope": {"area": f.scope_path, "name": f.scope_label},
        "stages": [{"code": s, "label": selectors.STAGE_LABELS[s]} for s in Stage.values],
        "funnel": {"people": f.funnel.people, "amount": f.funnel.amount},
        "by_policy": [_row(r) for r in f.by_policy],
        "by_area": [_row(r) | {"area": r.area_path} for r in f.by_area],
        "by_month": [_row(r) | {"month": r.month.isoformat()} for r in f.over_time],
        "batches": [_row(r) for r in f.batches],
        "timeliness": {
            step: {"finished": v[0], "late": v[1], "mean_working_days": round(v[2], 2)}
            for step, v in f.timeliness_steps.steps.items()
        },
        "open_overdue_batches": f.open_overdue,
        "budgets": f.budgets if f.budget_visible else [],
    }
