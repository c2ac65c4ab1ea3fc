"""Reports: incrementally kept counters, budgets and generated report files.

The dashboard never scans person-level rows: it reads `StageCounter` (policy × commune × month × stage),
`BatchCounter` (batch × stage) and `StepTiming` (batch × step). `ansinh.reports.aggregates` keeps them
current inside the relief transactions and rebuilds them from scratch (`reports_rebuild`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.org.access import AreaScope, ScopedManager
from ansinh.org.roles import Resource


class Stage(models.TextChoices):
    """The funnel. An application counts in every stage it has reached (cumulative)."""

    SUBMITTED = "submitted", _("Đã gửi")
    APPRAISED = "appraised", _("Đạt thẩm định")
    APPROVED = "approved", _("Đã phê duyệt")
    PAID = "paid", _("Đã chi trả")
    CONFIRMED = "confirmed", _("Đã xác nhận nhận tiền")


class StageCounter(models.Model):
    """People and amount of applications that reached `stage`, by policy, commune and month of submission."""

    policy_code = models.CharField(max_length=40)
    district_code = models.CharField(max_length=10)
    commune_code = models.CharField(max_length=10, blank=True)
    area_path = models.CharField(max_length=64, help_text=_("Đường dẫn địa bàn của hồ sơ (tỉnh/huyện/xã)"))
    period = models.DateField(help_text=_("Ngày đầu tháng gửi hồ sơ"))
    stage = models.CharField(max_length=10, choices=Stage.choices)
    people = models.BigIntegerField(default=0)
    amount = models.BigIntegerField(default=0)

    objects = ScopedManager()
    area_scope = AreaScope(Resource.REPORT, "area_path")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["policy_code", "area_path", "period", "stage"], name="reports_stage_counter_key"
            ),
        ]
        indexes = [models.Index(fields=["area_path"], name="reports_stage_area_idx")]

    def __str__(self) -> str:
        return f"{self.policy_code} {self.area_path} {self.period:%m/%Y} {self.stage}: {self.people}"


class BatchCounter(models.Model):
    """People and amount of one batch's applications that reached `stage` (scoped by the batch's area)."""

    batch_id = models.BigIntegerField()
    policy_code = models.CharField(max_length=40)
    area_path = models.CharField(max_length=64)
    stage = models.CharField(max_length=10, choices=Stage.choices)
    people = models.BigIntegerField(default=0)
    amount = models.BigIntegerField(default=0)

    objects = ScopedManager()
    area_scope = AreaScope(Resource.REPORT, "area_path")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch_id", "stage"], name="reports_batch_counter_key")
        ]

    def __str__(self) -> str:
        return f"batch {self.batch_id} {self.stage}: {self.people}"


class BatchContribution(models.Model):
    """What one batch adds to `StageCounter` (batch × commune × month × stage): lets a relief service refresh
    one batch's counters with a single call after its change (new contribution − stored one)."""

    batch_id = models.BigIntegerField()
    policy_code = models.CharField(max_length=40)
    area_path = models.CharField(max_length=64)
    period = models.DateField()
    stage = models.CharField(max_length=10, choices=Stage.choices)
    people = models.BigIntegerField(default=0)
    amount = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["batch_id", "policy_code", "area_path", "period", "stage"],
                name="reports_batch_contribution_key",
            )
        ]

    def __str__(self) -> str:
        return f"batch {self.batch_id} {self.area_path} {self.stage}: {self.people}"


class StepTiming(models.Model):
    """How long one finished step of one batch took, in working days, against its legal limit."""

    batch_id = models.BigIntegerField()
    policy_code = models.CharField(max_length=40)
    district_code = models.CharField(max_length=10)
    area_path = models.CharField(max_length=64)
    unit_name = models.CharField(max_length=200, help_text=_("Đơn vị gửi đợt"))
    step = models.CharField(max_length=10)
    days_taken = models.IntegerField()
    limit_days = models.IntegerField()
    late = models.BooleanField()

    objects = ScopedManager()
    area_scope = AreaScope(Resource.REPORT, "area_path")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch_id", "step"], name="reports_step_timing_key")]

    def __str__(self) -> str:
        return f"batch {self.batch_id} {self.step}: {self.days_taken}/{self.limit_days}"


class Budget(models.Model):
    """Kinh phí được giao cho một chính sách trong một năm (toàn tỉnh)."""

    policy_code = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    allocated = models.BigIntegerField(help_text=_("Kinh phí được giao (đồng)"))
    source = models.CharField(max_length=300, blank=True, help_text=_("Văn bản giao kinh phí"))
    is_demo = models.BooleanField(default=False, help_text=_("Số liệu giả định để trình diễn"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["policy_code", "year"], name="reports_budget_key")]
        verbose_name = _("kinh phí được giao")

    def __str__(self) -> str:
        return f"{self.policy_code} {self.year}: {self.allocated}"


class ReportRun(models.Model):
    """One generation of an official report (xlsx + PDF), run as a background job."""

    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Báo cáo định kỳ kết quả hỗ trợ (UBND tỉnh, Bộ LĐ-TB&XH)")
        LOANS = "loans", _("Báo cáo cho vay trả lương (ba giai đoạn)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    area = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    period_from = models.DateField()
    period_to = models.DateField()
    policy_code = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True)
    scheduled = models.BooleanField(default=False, help_text=_("Tạo tự động theo lịch"))
    xlsx = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    pdf = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    figures = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()
    area_scope = AreaScope(Resource.REPORT, "area__path")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_from}–{self.period_to}"
