"""Turn dashboard figures into charts and table rows with drill-down links (no queries here)."""

from __future__ import annotations

from django.urls import reverse

from ansinh.reports import charts
from ansinh.reports.models import Stage
from ansinh.reports.selectors import STAGE_LABELS, DashboardFigures


def drill_url(figures: DashboardFigures, **override) -> str:
    return reverse("reports:drilldown") + "?" + figures.filters.query(**override)


def dashboard_context(figures: DashboardFigures) -> dict:
    """Charts (SVG) and rows for the dashboard template."""
    f = figures
    funnel = [
        charts.Bar(
            STAGE_LABELS[s],
            f.funnel.people[s],
            f"{charts.number(f.funnel.people[s])} người",
            drill_url(f, stage=s),
        )
        for s in Stage.values
    ]
    approved_by_policy = [
        charts.Bar(
            r.label,
            r.amount[Stage.APPROVED],
            charts.short_vnd(r.amount[Stage.APPROVED]),
            drill_url(f, policy=r.key, stage=Stage.APPROVED),
        )
        for r in sorted(f.by_policy, key=lambda r: -r.amount[Stage.APPROVED])
    ]
    people_by_area = [
        charts.Bar(
            r.label,
            r.people[Stage.APPROVED],
            f"{charts.number(r.people[Stage.APPROVED])} người",
            reverse("reports:dashboard") + "?" + f.filters.query(area=r.area_path),
        )
        for r in f.by_area
        if r.area_path
    ]
    months = [r.label for r in f.over_time]
    over_time = charts.column_chart(
        months,
        [
            ("Kinh phí phê duyệt", [r.amount[Stage.APPROVED] for r in f.over_time]),
            ("Kinh phí đã chi trả", [r.amount[Stage.PAID] for r in f.over_time]),
        ],
        title="Kinh phí phê duyệt và đã chi trả theo tháng gửi hồ sơ",
    )
    area_rows = [
        {
            "row": r,
            "dash": reverse("reports:dashboard") + "?" + f.filters.query(area=r.area_path),
            "drill": drill_url(f, area=r.area_path, stage=Stage.APPROVED),
        }
        for r in f.by_area
    ]
    policy_rows = [
        {
            "row": r,
            "drill": drill_url(f, policy=r.key, stage=Stage.APPROVED),
            "drill_paid": drill_url(f, policy=r.key, stage=Stage.PAID),
        }
        for r in f.by_policy
    ]
    step_rows = [
        {"step": step, "label": label, "finished": v[0], "late": v[1], "mean": v[2], "limit": None}
        for step, label in _steps()
        if (v := f.timeliness_steps.steps.get(step))
    ]
    return {
        "f": f,
        "funnel_svg": charts.funnel_chart(funnel, title="Phễu xử lý hồ sơ: từ gửi đến xác nhận nhận tiền"),
        "policy_svg": charts.hbar_chart(approved_by_policy, title="Kinh phí phê duyệt theo chính sách"),
        "area_svg": charts.hbar_chart(
            people_by_area,
            title=f"Số người được phê duyệt theo {f.area_level_label.lower()}",
            color=charts.PALETTE[2],
        ),
        "time_svg": over_time,
        "policy_rows": policy_rows,
        "area_rows": area_rows,
        "step_rows": step_rows,
        "stage_labels": STAGE_LABELS,
        "stages": [(s, STAGE_LABELS[s]) for s in Stage.values],
    }


def _steps():
    from ansinh.reports.aggregates.timing import STEP_LABELS

    return list(STEP_LABELS.items())
