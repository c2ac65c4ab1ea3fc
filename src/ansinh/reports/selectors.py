"""Reads for the dashboard, reports and drill-down; every query is area-scoped through `restrict()`.

The dashboard reads only the counter tables (a few thousand rows at most), so its cost does not grow with
the number of applications: a fixed number of grouped queries (checked by a test).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from ansinh.org.roles import Action
from ansinh.reports.models import BatchCounter, Budget, Stage, StageCounter, StepTiming

STAGES = list(Stage.values)
STAGE_LABELS = dict(Stage.choices)
OPEN_BATCH_STATUSES = ("submitted", "confirmed", "appraised", "approved")


class ReportFilterError(ValueError):
    """A filter the user may not apply (an area outside their scope) or cannot be read."""


@dataclass(frozen=True)
class DashboardFilters:
    policy_code: str = ""
    area_path: str = ""  # a district or commune path inside the user's area; "" = the user's whole area
    month_from: dt.date | None = None
    month_to: dt.date | None = None

    def query(self, **override) -> str:
        """Query string for links that keep these filters."""
        from urllib.parse import urlencode

        values = {
            "policy": self.policy_code,
            "area": self.area_path,
            "from": self.month_from.strftime("%Y-%m") if self.month_from else "",
            "to": self.month_to.strftime("%Y-%m") if self.month_to else "",
        }
        values.update(override)
        return urlencode({k: v for k, v in values.items() if v})


@dataclass
class StageRow:
    key: str
    label: str
    people: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))
    amount: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))
    area_path: str = ""
    month: dt.date | None = None


@dataclass
class TimelinessRow:
    key: str
    label: str
    steps: dict[str, tuple[int, int, float]]  # step → (finished, late, mean working days)

    @property
    def finished(self) -> int:
        return sum(v[0] for v in self.steps.values())

    @property
    def late(self) -> int:
        return sum(v[1] for v in self.steps.values())


@dataclass
class DashboardFigures:
    scope_label: str
    scope_path: str
    filters: DashboardFilters
    funnel: StageRow
    by_policy: list[StageRow]
    by_area: list[StageRow]
    area_level_label: str
    over_time: list[StageRow]
    batches: list[StageRow]
    timeliness_steps: TimelinessRow
    timeliness_units: list[TimelinessRow]
    open_overdue: int
    budgets: list[dict]
    budget_visible: bool
    policy_names: dict[str, str]


def parse_month(text: str | None) -> dt.date | None:
    """ "2021-08" → 2021-08-01; anything else → None."""
    if not text:
        return None
    try:
        year, month = text.split("-")[:2]
        return dt.date(int(year), int(month), 1)
    except (ValueError, TypeError):
        return None


def policy_label(code: str) -> str:
    """Short Vietnamese label of a policy, for charts and tables."""
    from ansinh.relief.policy_steps import policy_name

    name = policy_name(code)
    if not name or name == code:
        return code
    short = name.removeprefix("Hỗ trợ ")
    return short[:1].upper() + short[1:]  # keep proper nouns ("Bình Phước") as written


def check_area(user, area_path: str) -> str:
    """The filter area if it lies inside the user's area; else ReportFilterError."""
    from ansinh.org.access import user_in_area

    if not area_path:
        return ""
    if not user_in_area(user, area_path):
        raise ReportFilterError("Địa bàn đã chọn nằm ngoài phạm vi bạn được xem.")
    return area_path


def _in_area(path_field: str, area_path: str) -> Q:
    return Q(**{path_field: area_path}) | Q(**{f"{path_field}__startswith": area_path + "/"})


def scoped_counters(user, filters: DashboardFilters) -> QuerySet[StageCounter]:
    """The stage counters the user may see, narrowed by the filters."""
    qs = StageCounter.objects.restrict(user, Action.VIEW)
    if filters.policy_code:
        qs = qs.filter(policy_code=filters.policy_code)
    if filters.area_path:
        qs = qs.filter(_in_area("area_path", filters.area_path))
    if filters.month_from:
        qs = qs.filter(period__gte=filters.month_from)
    if filters.month_to:
        qs = qs.filter(period__lte=filters.month_to)
    return qs


def _fill(rows: dict, key, label: str, record: dict, **extra) -> None:
    row = rows.get(key)
    if row is None:
        row = rows[key] = StageRow(key=str(key), label=label, **extra)
    row.people[record["stage"]] += int(record["p"] or 0)
    row.amount[record["stage"]] += int(record["a"] or 0)


def _unit_names(codes: set[str]) -> dict[str, tuple[str, str]]:
    from ansinh.reports.units import units_2021

    units = units_2021()
    return {code: (units[code].name, units[code].path) for code in codes if code in units}


def dashboard_figures(*, user, filters: DashboardFilters) -> DashboardFigures:
    """Every figure of the leadership dashboard for ``user`` (area-scoped), from the counters only."""
    from ansinh.relief.models import Batch

    user_path = user.area_path or ""
    check_area(user, filters.area_path)
    counters = scoped_counters(user, filters)
    sums = {"p": Sum("people"), "a": Sum("amount")}

    focus = filters.area_path or user_path
    depth = len(focus.split("/")) if focus else 1
    area_field = "district_code" if depth <= 1 else "commune_code"
    # One grouped query at (policy × district-or-commune × month × stage) feeds the funnel, the policy, area
    # and month breakdowns: a few thousand rows at most, whatever the number of applications.
    funnel = StageRow(key="all", label="Tổng")
    by_policy: dict = {}
    area_rows: dict = {}
    months: dict = {}
    per_year: dict[tuple[str, int, str], int] = defaultdict(int)  # (policy, year, stage) → amount
    grouped = counters.values("policy_code", area_field, "period", "stage").annotate(**sums).order_by()
    for record in grouped:
        per_year[(record["policy_code"], record["period"].year, record["stage"])] += int(record["a"] or 0)
        funnel.people[record["stage"]] += int(record["p"] or 0)
        funnel.amount[record["stage"]] += int(record["a"] or 0)
        _fill(by_policy, record["policy_code"], record["policy_code"], record)
        _fill(area_rows, record[area_field], record[area_field], record)
        _fill(months, record["period"], record["period"].strftime("%m/%Y"), record, month=record["period"])
    for code, row in by_policy.items():
        row.label = policy_label(code)
    names = _unit_names(set(area_rows))
    for code, row in area_rows.items():
        row.label, row.area_path = names.get(code, (code or "Cấp huyện", f"{focus}"))

    batch_qs = BatchCounter.objects.restrict(user, Action.VIEW)
    if filters.policy_code:
        batch_qs = batch_qs.filter(policy_code=filters.policy_code)
    if filters.area_path:
        batch_qs = batch_qs.filter(_in_area("area_path", filters.area_path))
    top_ids = list(
        batch_qs.filter(stage=Stage.SUBMITTED)
        .order_by("-amount", "-batch_id")
        .values_list("batch_id", flat=True)[:10]
    )
    batch_rows: dict = {}
    for record in batch_qs.filter(batch_id__in=top_ids).values(
        "batch_id", "stage", p=Sum("people"), a=Sum("amount")
    ):
        _fill(batch_rows, record["batch_id"], str(record["batch_id"]), record)
    for batch in Batch.objects.filter(pk__in=top_ids).select_related("submitting_unit"):
        row = batch_rows.get(batch.pk)
        if row:
            row.label = (
                f"{batch.submitting_unit.name} · đợt {batch.sequence:02d} · {policy_label(batch.policy_code)}"
            )
    batches = sorted(batch_rows.values(), key=lambda r: -r.amount[Stage.SUBMITTED])

    timing_qs = StepTiming.objects.restrict(user, Action.VIEW)
    if filters.policy_code:
        timing_qs = timing_qs.filter(policy_code=filters.policy_code)
    if filters.area_path:
        timing_qs = timing_qs.filter(_in_area("area_path", filters.area_path))
    step_total = TimelinessRow("all", "Toàn bộ", {})
    units: dict[str, TimelinessRow] = {}
    grouped = (
        timing_qs.values("unit_name", "step")
        .annotate(n=Count("id"), late_n=Count("id", filter=Q(late=True)), days=Sum("days_taken"))
        .order_by()
    )
    for record in grouped:
        unit = units.setdefault(
            record["unit_name"], TimelinessRow(record["unit_name"], record["unit_name"], {})
        )
        unit.steps[record["step"]] = (record["n"], record["late_n"], record["days"] / record["n"])
        n, late, days = step_total.steps.get(record["step"], (0, 0, 0.0))
        total_days = days * n + record["days"]
        step_total.steps[record["step"]] = (
            n + record["n"],
            late + record["late_n"],
            total_days / (n + record["n"]),
        )
    timeliness_units = sorted(units.values(), key=lambda u: (-u.late, u.label))

    open_batches = Batch.objects.restrict(user, Action.VIEW).filter(
        status__in=OPEN_BATCH_STATUSES, due_date__lt=timezone.localdate()
    )
    if filters.policy_code:
        open_batches = open_batches.filter(policy_code=filters.policy_code)
    if filters.area_path:
        open_batches = open_batches.filter(_in_area("area__path", filters.area_path))
    open_overdue = open_batches.count()

    # The budget is allocated to the whole province: shown only to province-wide users without an area filter.
    budget_visible = depth <= 1
    budgets = []
    if budget_visible:
        data_years = {year for (_policy, year, _stage) in per_year}
        budget_qs = Budget.objects.filter(year__in=data_years) if data_years else Budget.objects.all()
        if filters.policy_code:
            budget_qs = budget_qs.filter(policy_code=filters.policy_code)
        for budget in budget_qs.order_by("year", "policy_code"):
            used = per_year[(budget.policy_code, budget.year, Stage.APPROVED.value)]
            paid = per_year[(budget.policy_code, budget.year, Stage.PAID.value)]
            budgets.append(
                {
                    "policy_code": budget.policy_code,
                    "label": policy_label(budget.policy_code),
                    "year": budget.year,
                    "allocated": budget.allocated,
                    "used": used,
                    "paid": paid,
                    "share": (used / budget.allocated) if budget.allocated else 0.0,
                    "percent": (100 * used / budget.allocated) if budget.allocated else 0.0,
                    "is_demo": budget.is_demo,
                    "source": budget.source,
                }
            )

    scope_label = user.area.full_name if user.area_id else ""
    return DashboardFigures(
        scope_label=scope_label,
        scope_path=user_path,
        filters=filters,
        funnel=funnel,
        by_policy=sorted(by_policy.values(), key=lambda r: -r.amount[Stage.SUBMITTED]),
        by_area=sorted(area_rows.values(), key=lambda r: r.key),  # official order: by unit code
        area_level_label="Huyện, thị xã, thành phố"
        if area_field == "district_code"
        else "Xã, phường, thị trấn",
        over_time=sorted(months.values(), key=lambda r: r.month),
        batches=batches,
        timeliness_steps=step_total,
        timeliness_units=timeliness_units,
        open_overdue=open_overdue,
        budgets=budgets,
        budget_visible=budget_visible,
        policy_names={code: policy_label(code) for code in by_policy},
    )


def approved_people_count(*, user) -> int:
    """People approved in the user's area (home counter)."""
    total = (
        StageCounter.objects.restrict(user, Action.VIEW)
        .filter(stage=Stage.APPROVED)
        .aggregate(p=Sum("people"))
    )
    return int(total["p"] or 0)


def drilldown_applications(
    *,
    user,
    policy_code: str = "",
    area_path: str = "",
    stage: str = "",
    month_from: dt.date | None = None,
    month_to: dt.date | None = None,
) -> QuerySet:
    """The applications behind one figure: same stage definition and month as the counters, area-scoped."""
    from ansinh.relief.models import Application
    from ansinh.reports.aggregates.stages import period_expression, stage_filter

    check_area(user, area_path)
    qs = Application.objects.restrict(user, Action.VIEW).select_related("area", "batch", "person")
    if stage:
        if stage not in STAGES:
            raise ReportFilterError("Giai đoạn không hợp lệ.")
        qs = qs.filter(stage_filter(stage))
    if policy_code:
        qs = qs.filter(policy_code=policy_code)
    if area_path:
        qs = qs.filter(_in_area("area__path", area_path))
    if month_from or month_to:
        qs = qs.annotate(month=period_expression())
        if month_from:
            qs = qs.filter(month__gte=month_from)
        if month_to:
            qs = qs.filter(month__lte=month_to)
    return qs.order_by("batch_id", "source_row", "pk")
