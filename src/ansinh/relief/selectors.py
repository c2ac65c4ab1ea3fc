"""Reads of relief data, always through the area scope (restrict/access)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from ansinh.kernel.calendar import working_days_between
from ansinh.org.access import access
from ansinh.org.roles import Action
from ansinh.relief.models import Appeal, Application, Award, Batch, Decision, Payment
from ansinh.relief.policy_steps import policy_steps

OPEN_STATUSES = (
    Batch.Status.DRAFT,
    Batch.Status.SUBMITTED,
    Batch.Status.CONFIRMED,
    Batch.Status.APPRAISED,
    Batch.Status.APPROVED,
)


def batch_list(
    *, user, policy: str = "", status: str = "", due: str = "", query: str = ""
) -> QuerySet[Batch]:
    qs = Batch.objects.restrict(user, Action.VIEW).select_related("submitting_unit", "area")
    if policy:
        qs = qs.filter(policy_code=policy)
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(submitting_unit__name__icontains=query))
    if due in ("overdue", "soon"):
        from ansinh.relief.services._common import today

        now = today()
        qs = qs.filter(status__in=OPEN_STATUSES, due_date__isnull=False)
        qs = qs.filter(due_date__lt=now) if due == "overdue" else qs.filter(due_date__gte=now)
    return qs


def batch_get(*, user, pk) -> Batch:
    return access(
        Batch.objects.select_related("submitting_unit", "area", "appraised_by", "approved_by"), user, pk
    )


def batch_applications(*, user, batch: Batch) -> QuerySet[Application]:
    return (
        Application.objects.restrict(user, Action.VIEW)
        .filter(batch=batch)
        .select_related("person", "area")
        .prefetch_related("appeals")
    )


@dataclass(frozen=True)
class DueInfo:
    state: str  # "overdue", "soon", "ok", ""
    label: str
    working_days_left: int | None


def due_info(batch: Batch, day: dt.date | None = None) -> DueInfo:
    """Overdue / due soon (≤ 1 working day left) / on time, for the badge shown on every batch."""
    from ansinh.relief.services._common import today

    if batch.due_date is None or batch.status not in OPEN_STATUSES:
        return DueInfo("", "", None)
    day = day or today()
    left = working_days_between(day, batch.due_date)
    if batch.due_date < day:
        return DueInfo("overdue", f"Quá hạn {-left} ngày làm việc", left)
    if left <= 1:
        return DueInfo("soon", "Đến hạn hôm nay" if left == 0 else "Còn 1 ngày làm việc", left)
    return DueInfo("ok", f"Còn {left} ngày làm việc", left)


def next_step(batch: Batch) -> str:
    steps = policy_steps(batch.policy_code)
    return {
        Batch.Status.DRAFT: "Gửi đợt",
        Batch.Status.RETURNED: "Bổ sung và gửi lại",
        Batch.Status.SUBMITTED: "BHXH xác nhận" if steps.needs_confirmation else "Thẩm định",
        Batch.Status.CONFIRMED: "Thẩm định",
        Batch.Status.APPRAISED: "Phê duyệt",
        Batch.Status.APPROVED: (
            "Chi trả (xuất lệnh chi, nhập kết quả)"
            if batch.decisions.filter(status=Decision.Status.SIGNED).exists()
            else "Ký quyết định"
        ),
        Batch.Status.PAID: "Xác nhận đã nhận tiền",
    }.get(batch.status, "")


def decision_list(*, user) -> QuerySet[Decision]:
    return Decision.objects.restrict(user, Action.VIEW).select_related(
        "batch", "batch__submitting_unit", "amends"
    )


def decision_get(*, user, pk) -> Decision:
    return access(
        Decision.objects.select_related(
            "batch", "batch__area", "batch__submitting_unit", "amends", "signed_by"
        ),
        user,
        pk,
    )


def payment_list(*, user) -> QuerySet[Payment]:
    return Payment.objects.restrict(user, Action.VIEW).select_related(
        "award__application__batch", "award__person"
    )


def appeal_list(*, user) -> QuerySet[Appeal]:
    return Appeal.objects.restrict(user, Action.VIEW).select_related("application", "application__batch")


def person_relief(*, user, person) -> dict:
    """Everything relief knows of ``person`` in the user's scope: applications, awards, payments, appeals."""
    applications = (
        Application.objects.restrict(user, Action.VIEW)
        .filter(person=person)
        .select_related("batch", "batch__submitting_unit", "area")
        .prefetch_related("appeals", Prefetch("award", queryset=Award.objects.select_related("decision")))
        .order_by("created_at")
    )
    payments = (
        Payment.objects.restrict(user, Action.VIEW)
        .filter(award__person=person)
        .select_related("award__decision", "award__application__batch")
        .order_by("created_at")
    )
    return {"applications": applications, "payments": payments}


# ---- three-way ledger -------------------------------------------------------------------------------


@dataclass
class LedgerLine:
    key: str
    label: str
    approved: int = 0
    disbursed: int = 0
    confirmed: int = 0
    people: int = 0

    @property
    def undisbursed(self) -> int:
        return self.approved - self.disbursed

    @property
    def unconfirmed(self) -> int:
        return self.disbursed - self.confirmed

    @property
    def reconciled(self) -> bool:
        return self.approved == self.disbursed == self.confirmed


@dataclass
class Ledger:
    by_batch: list[LedgerLine] = field(default_factory=list)
    by_policy: list[LedgerLine] = field(default_factory=list)
    by_commune: list[LedgerLine] = field(default_factory=list)
    by_person: list[LedgerLine] = field(default_factory=list)
    total: LedgerLine = field(default_factory=lambda: LedgerLine("", "Tổng cộng"))
    discrepancies: list[dict] = field(default_factory=list)


def ledger(*, user, batch: Batch | None = None) -> Ledger:
    """Approved (awards) vs disbursed vs confirmed received, per batch, policy, commune and person, with
    every discrepancy listed. Money is integer VND."""
    awards = (
        Award.objects.restrict(user, Action.VIEW)
        .select_related("application__batch__submitting_unit", "application__area", "person", "decision")
        .prefetch_related("payments")
    )
    if batch is not None:
        awards = awards.filter(application__batch=batch)
    result = Ledger()
    groups: dict[str, dict[str, LedgerLine]] = {"batch": {}, "policy": {}, "commune": {}, "person": {}}
    for award in awards:
        application = award.application
        payments = list(award.payments.all())
        disbursed = sum(
            p.amount for p in payments if p.status in (Payment.Status.DISBURSED, Payment.Status.CONFIRMED)
        )
        confirmed = sum(p.amount for p in payments if p.status == Payment.Status.CONFIRMED)
        keys = {
            "batch": (str(application.batch_id), f"{application.batch.title}"),
            "policy": (award.policy_code, policy_steps(award.policy_code).name),
            "commune": (application.area.code, application.area.full_name),
            "person": (award.person.person_code, award.person.full_name),
        }
        for group, (key, label) in keys.items():
            line = groups[group].setdefault(key, LedgerLine(key, label))
            line.approved += award.amount
            line.disbursed += disbursed
            line.confirmed += confirmed
            line.people += 1
        result.total.approved += award.amount
        result.total.disbursed += disbursed
        result.total.confirmed += confirmed
        result.total.people += 1
        result.discrepancies += _discrepancies(award, payments, disbursed, confirmed)
    result.by_batch = sorted(groups["batch"].values(), key=lambda line: line.label)
    result.by_policy = sorted(groups["policy"].values(), key=lambda line: line.label)
    result.by_commune = sorted(groups["commune"].values(), key=lambda line: line.label)
    result.by_person = sorted(groups["person"].values(), key=lambda line: line.label)
    return result


def _discrepancies(award: Award, payments: list[Payment], disbursed: int, confirmed: int) -> list[dict]:
    application = award.application
    base = {
        "person": award.person.full_name,
        "person_code": award.person.person_code,
        "batch": application.batch.title,
        "batch_id": application.batch_id,
        "approved": award.amount,
        "disbursed": disbursed,
        "confirmed": confirmed,
    }
    batch_status = application.batch.status
    out = []
    open_failures = [p for p in payments if p.status in (Payment.Status.FAILED, Payment.Status.RETURNED)]
    live = [
        p
        for p in payments
        if p.status in (Payment.Status.PENDING, Payment.Status.DISBURSED, Payment.Status.CONFIRMED)
    ]
    if open_failures and not live:
        out.append(
            {
                **base,
                "issue": f"Chi không thành công/bị trả lại ({open_failures[-1].reference}), chưa chi lại",
            }
        )
    if disbursed > award.amount:
        out.append({**base, "issue": "Số đã chi lớn hơn số được duyệt"})
    elif disbursed and disbursed < award.amount:
        out.append({**base, "issue": "Số đã chi nhỏ hơn số được duyệt"})
    if not disbursed and not out:
        late = batch_status in (Batch.Status.PAID, Batch.Status.RECONCILED)
        out.append(
            {**base, "issue": "Được duyệt nhưng chưa chi" + (" (đợt đã báo chi xong)" if late else "")}
        )
    if disbursed and confirmed < disbursed:
        out.append({**base, "issue": "Đã chi nhưng chưa xác nhận nhận tiền"})
    return out


def batch_counts(*, user) -> dict[str, int]:
    return dict(Batch.objects.restrict(user, Action.VIEW).values_list("status").annotate(n=Count("pk")))
