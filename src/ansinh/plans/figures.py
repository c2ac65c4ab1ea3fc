"""Live figures a task can be bound to: progress as evidence from the system's own data, not a claim.

A provider is `function(user) -> Figure`, registered under a name that `Task.figure` stores. Each
provider reads through `restrict()`, so a district officer's figure counts only its district's records
(the same rule as every list in the system). Providers must be cheap: one or two aggregate queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum

from ansinh.org.roles import Action


@dataclass(frozen=True)
class FigureColumn:
    key: str
    title: str
    kind: str = "number"  # "text" | "number" | "money"


@dataclass
class Figure:
    """A small table (or a message when there is nothing to show yet)."""

    name: str
    title: str
    columns: list[FigureColumn] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    message: str = ""  # e.g. "chưa có dữ liệu"
    source: str = ""  # where the numbers come from, shown under the table
    # Open items with their own deadlines (e.g. batches being appraised), soonest first.
    upcoming: list[dict[str, Any]] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return bool(self.rows) and not self.message


FigureProvider = Callable[[Any], Figure]
FIGURES: dict[str, tuple[str, FigureProvider]] = {}


def register(name: str, title: str) -> Callable[[FigureProvider], FigureProvider]:
    """Decorator: add a provider to the registry under ``name``."""

    def wrap(provider: FigureProvider) -> FigureProvider:
        FIGURES[name] = (title, provider)
        return provider

    return wrap


def figure_choices() -> list[tuple[str, str]]:
    return [("", "— Không gắn số liệu —")] + [(name, title) for name, (title, _) in FIGURES.items()]


def compute(name: str, user: Any) -> Figure | None:
    """The figure ``name`` as ``user`` may see it; None when the name is unknown (or blank)."""
    entry = FIGURES.get(name)
    if entry is None:
        return None
    return entry[1](user)


# Batch statuses that count for each column (relief.models.Batch.Status).
_RECEIVED = {"submitted", "confirmed", "appraised", "approved", "paid", "reconciled", "returned", "rejected"}
_APPRAISED = {"appraised", "approved", "paid", "reconciled"}
_APPROVED = {"approved", "paid", "reconciled"}
_PAID = {"paid", "reconciled"}
_OPEN = ("submitted", "confirmed", "appraised")  # waiting for the next step, each with its due date
_LIVE_PAYMENT = ("disbursed", "confirmed")

BATCH_COLUMNS = [
    FigureColumn("district", "Huyện, thị xã, thành phố", "text"),
    FigureColumn("received", "Đợt đã tiếp nhận"),
    FigureColumn("appraised", "Đã thẩm định"),
    FigureColumn("approved", "Đã phê duyệt"),
    FigureColumn("paid", "Đã chi trả"),
    FigureColumn("people_approved", "Số người được duyệt"),
    FigureColumn("amount_approved", "Kinh phí được duyệt", "money"),
    FigureColumn("amount_paid", "Đã chi (đồng)", "money"),
]


def _districts_in_scope(user: Any) -> list[Any]:
    """2021 districts the user's area covers (its own district when the user works at a commune)."""
    from ansinh.geo.models import AdminUnit, Edition

    path = user.area_path or ""
    if not path:
        return []
    parts = path.split("/")
    qs = AdminUnit.objects.filter(edition=Edition.Y2021, level=AdminUnit.Level.DISTRICT)
    # A district or commune user: its own district; a provincial user: every district of the province.
    qs = qs.filter(path="/".join(parts[:2])) if len(parts) >= 2 else qs.filter(path__startswith=path + "/")
    return list(qs.order_by("name"))


def _district_of(path: str) -> str:
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) >= 2 else path


def relief_batches_figure(
    user: Any, *, name: str, title: str, policy_filter: Callable[[str], bool], source: str
) -> Figure:
    """Per district: batches received / appraised / approved / paid, people and amounts (scoped)."""
    from ansinh.relief.models import Batch, Payment

    figure = Figure(name=name, title=title, columns=list(BATCH_COLUMNS), source=source)
    districts = _districts_in_scope(user)
    batches = Batch.objects.restrict(user, Action.VIEW).exclude(status="draft")
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in batches.values("area__path", "status", "policy_code").annotate(
        n=Count("id"), people=Sum("people_count"), amount=Sum("amount_total")
    ):
        if not policy_filter(row["policy_code"]):
            continue
        bucket = counts[_district_of(row["area__path"])]
        status = row["status"]
        for key, statuses in (
            ("received", _RECEIVED),
            ("appraised", _APPRAISED),
            ("approved", _APPROVED),
            ("paid", _PAID),
        ):
            if status in statuses:
                bucket[key] += row["n"]
        if status in _APPROVED:
            bucket["people_approved"] += row["people"] or 0
            bucket["amount_approved"] += row["amount"] or 0
    payments = Payment.objects.restrict(user, Action.VIEW).filter(status__in=_LIVE_PAYMENT)
    for row in payments.values("award__application__area__path", "award__policy_code").annotate(
        amount=Sum("amount")
    ):
        if policy_filter(row["award__policy_code"]):
            counts[_district_of(row["award__application__area__path"])]["amount_paid"] += row["amount"] or 0
    for district in districts:
        bucket = counts.get(district.path, {})
        figure.rows.append(
            {"district": district.full_name, **{c.key: bucket.get(c.key, 0) for c in BATCH_COLUMNS[1:]}}
        )
    figure.totals = {c.key: sum(int(r[c.key]) for r in figure.rows) for c in BATCH_COLUMNS[1:]}
    # Each batch has its own deadline (CV 1173/SLĐTBXH-LĐVL: "hoàn thành từng đợt"): list the open ones.
    open_batches = (
        batches.filter(status__in=_OPEN, due_date__isnull=False)
        .select_related("submitting_unit")
        .order_by("due_date", "pk")
    )
    labels = dict(Batch.Status.choices)
    for batch in open_batches[:50]:
        if policy_filter(batch.policy_code) and len(figure.upcoming) < 10:
            figure.upcoming.append(
                {
                    "label": f"{batch.submitting_unit.short_name or batch.submitting_unit.name} · "
                    f"{batch.policy_code} · đợt {batch.sequence}",
                    "status": str(labels.get(batch.status, batch.status)),
                    "due_date": batch.due_date,
                }
            )
    if not districts:
        figure.message = "Tài khoản chưa được gán địa bàn."
    return figure


def _is_nq68(code: str) -> bool:
    # NQ 68 policies, plus the free-worker support Bình Phước pays under NQ 68 point 12 (policies.md §2.1).
    return code.startswith("nq68-") or code == "bp-lao-dong-tu-do"


@register("relief_batches_by_district", "Tiến độ các đợt hỗ trợ theo NQ 68 theo huyện")
def relief_batches_by_district(user: Any) -> Figure:
    return relief_batches_figure(
        user,
        name="relief_batches_by_district",
        title="Tiến độ các đợt hỗ trợ theo NQ 68/NQ-CP, theo huyện",
        policy_filter=_is_nq68,
        source="Số liệu trực tiếp từ các đợt hồ sơ, quyết định và chi trả trong hệ thống (phạm vi địa bàn của bạn).",
    )


@register("relief_batches_cv2642", "Tiến độ hỗ trợ người dân khó khăn ngoài tỉnh (CV 2642) theo huyện")
def relief_batches_cv2642(user: Any) -> Figure:
    return relief_batches_figure(
        user,
        name="relief_batches_cv2642",
        title="Hỗ trợ người dân Bình Phước khó khăn ở TP. HCM, Bình Dương, Đồng Nai (CV 2642/UBND-KGVX), theo huyện",
        policy_filter=lambda code: code == "bp-cv2642",
        source="Số liệu trực tiếp từ các đợt hồ sơ chính sách bp-cv2642 (phạm vi địa bàn của bạn).",
    )


@register("vaccination_coverage", "Tỷ lệ tiêm chủng tại các cơ sở, trung tâm")
def vaccination_coverage(user: Any) -> Figure:
    # The facilities module (residents, staff, doses) does not exist yet; say so instead of inventing numbers.
    return Figure(
        name="vaccination_coverage",
        title="Tỷ lệ tiêm chủng vắc xin Covid-19 tại các cơ sở, trung tâm",
        message="Chưa có dữ liệu: hệ thống chưa có phân hệ quản lý cơ sở, trung tâm (tiêm chủng).",
        source="Sẽ lấy từ phân hệ Cơ sở khi có.",
    )
