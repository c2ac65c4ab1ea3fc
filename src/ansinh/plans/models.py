"""Plans (kế hoạch), their tasks (nhiệm vụ), progress reports, oversight notes, the steering committee,
and the epidemic regime (chế độ phòng dịch) of each commune over time.

Every model is area-scoped through `PlanScopedManager` (see scope.py): a provincial plan is seen from
every district below it; a district's progress report is seen by that district and the province only.
Writes go through `plans.services` (audited).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.org.access import AreaScope
from ansinh.org.roles import Resource
from ansinh.plans.scope import PlanScopedManager


class Plan(models.Model):
    """Kế hoạch: a numbered document assigning tasks to units, implementing higher documents."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("Kế hoạch")
        PLAYBOOK = "playbook", _("Phương án ứng phó theo cấp độ dịch")

    code = models.SlugField(max_length=60, unique=True, help_text=_("Mã nội bộ, ví dụ kh-267-sldtbxh-2021"))
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PLAN)
    number = models.CharField(max_length=20, blank=True, help_text=_("Số; để trống khi chưa vào số"))
    symbol = models.CharField(max_length=40, default="KH-SLĐTBXH")
    title = models.CharField(max_length=400, help_text=_("Trích yếu"))
    issued_on = models.DateField(null=True, blank=True)
    issued_label = models.CharField(max_length=60, blank=True, help_text=_("Ví dụ: tháng 9 năm 2021"))
    issuer = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="issued_plans")
    area = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    purpose = models.TextField(blank=True, help_text=_("I. Mục đích, yêu cầu"))
    organisation = models.TextField(blank=True, help_text=_("III. Tổ chức thực hiện"))
    recipients = models.JSONField(default=list, blank=True, help_text=_("Nơi nhận: [{name, note}]"))
    signer_position = models.CharField(max_length=100, blank=True)
    signer_name = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=200, blank=True, help_text=_("Nguồn dữ liệu (tệp mẫu, tệp nhập)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanScopedManager()
    area_scope = AreaScope(Resource.PLAN, "area__path")

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")

    def __str__(self) -> str:
        return f"{self.number_text} — {self.title}"

    @property
    def number_text(self) -> str:
        """ "125/KH-SLĐTBXH", or "…/KH-SLĐTBXH" while the number is blank (as in the seed draft)."""
        return f"{self.number or '…'}/{self.symbol}"


class PlanReference(models.Model):
    """A document the plan implements or cites: "Kế hoạch số 267/KH-UBND ngày 14/8/2021 của UBND tỉnh"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="references")
    order = models.PositiveSmallIntegerField(default=0)
    doc_type = models.CharField(max_length=40)
    number = models.CharField(max_length=40)
    issued_on = models.DateField(null=True, blank=True)
    issuer = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        help_text=_("Văn bản mà văn bản này triển khai"),
    )

    class Meta:
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        date = f" ngày {self.issued_on:%d/%m/%Y}" if self.issued_on else ""
        return f"{self.doc_type} số {self.number}{date} của {self.issuer}"


class SteeringMember(models.Model):
    """A member of the Department's COVID-19 steering committee or its standing group (QĐ 64/QĐ-SLĐTBXH)."""

    class CommitteeRole(models.TextChoices):
        HEAD = "head", _("Trưởng ban")
        DEPUTY = "deputy", _("Phó Trưởng ban")
        STANDING = "standing", _("Thành viên thường trực")
        MEMBER = "member", _("Thành viên")

    decision = models.CharField(max_length=60, default="64/QĐ-SLĐTBXH ngày 26/7/2021")
    code = models.SlugField(max_length=40, unique=True)
    full_name = models.CharField(max_length=100)
    position = models.CharField(max_length=150)
    committee_role = models.CharField(max_length=10, choices=CommitteeRole.choices)
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="steering_members")
    responsibilities = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(
        default=True, help_text=_("Tên và phân công minh họa, không phải dữ liệu thật")
    )
    order = models.PositiveSmallIntegerField(default=0)
    area = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")

    objects = PlanScopedManager()
    area_scope = AreaScope(Resource.PLAN, "area__path")

    class Meta:
        ordering = ["order"]
        verbose_name = _("thành viên Ban chỉ đạo")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_committee_role_display()})"


class CommuneRegime(models.Model):
    """The epidemic regime of one commune from a date (until the next one), and the document deciding it.

    Before NQ 128/NQ-CP (11/10/2021): Chỉ thị 15/16/19 and the local "15+", "16+" and lockdown; after:
    the four levels of NQ 128 (policies.md §3).
    """

    class Regime(models.TextChoices):
        CT19 = "ct19", _("Chỉ thị 19/CT-TTg")
        CT15 = "ct15", _("Chỉ thị 15/CT-TTg")
        CT15_PLUS = "ct15plus", _("Chỉ thị 15+ (tăng cường)")
        CT16 = "ct16", _("Chỉ thị 16/CT-TTg")
        CT16_PLUS = "ct16plus", _("Chỉ thị 16+ (tăng cường)")
        LOCKDOWN = "lockdown", _("Phong tỏa")
        LEVEL1 = "l1", _("Cấp độ 1 – nguy cơ thấp (xanh)")
        LEVEL2 = "l2", _("Cấp độ 2 – nguy cơ trung bình (vàng)")
        LEVEL3 = "l3", _("Cấp độ 3 – nguy cơ cao (cam)")
        LEVEL4 = "l4", _("Cấp độ 4 – nguy cơ rất cao (đỏ)")

    commune = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    regime = models.CharField(max_length=10, choices=Regime.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text=_("Ngày cuối áp dụng; trống = đang áp dụng"))
    document = models.CharField(max_length=300, help_text=_("Văn bản quyết định, ví dụ Quyết định số …"))
    source_url = models.URLField(blank=True)
    note = models.CharField(max_length=300, blank=True)
    is_demo = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanScopedManager()
    area_scope = AreaScope(Resource.PLAN, "commune__path")

    class Meta:
        ordering = ["commune__path", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "starts_on"], name="plans_regime_one_per_start"),
        ]
        verbose_name = _("cấp độ dịch của xã")

    def __str__(self) -> str:
        return f"{self.commune.name}: {self.get_regime_display()} từ {self.starts_on:%d/%m/%Y}"

    @property
    def colour(self) -> str:
        return REGIME_COLOURS.get(self.regime, "secondary")


REGIME_COLOURS = {
    "l1": "success",
    "l2": "warning",
    "l3": "orange",
    "l4": "danger",
    "ct16": "danger",
    "ct16plus": "danger",
    "lockdown": "dark",
    "ct15": "warning",
    "ct15plus": "warning",
    "ct19": "info",
}


class Task(models.Model):
    """Nhiệm vụ: one assignment of the plan to a lead unit, with coordinating units and a deadline."""

    class DeadlineKind(models.TextChoices):
        FIXED = "fixed", _("Hạn cố định")
        WITHIN_MONTH = "within_month", _("Trong tháng")
        RECURRING = "recurring", _("Định kỳ, báo cáo theo chu kỳ")
        PER_BATCH = "per_batch", _("Theo từng đợt")
        EXTERNAL = "external", _("Theo lịch của cơ quan khác")
        CONTINUOUS = "continuous", _("Thường xuyên")

    class Cycle(models.TextChoices):
        WEEKLY = "weekly", _("Hằng tuần")
        MONTHLY = "monthly", _("Hằng tháng")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa triển khai")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")
        SUSPENDED = "suspended", _("Tạm dừng")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="subtasks"
    )
    code = models.CharField(max_length=30)
    order = models.PositiveIntegerField(default=0)
    section = models.CharField(max_length=300, blank=True, help_text=_("Mục của kế hoạch, ví dụ II.2"))
    title = models.CharField(max_length=300)
    content = models.TextField(blank=True, help_text=_("Nội dung nguyên văn trong kế hoạch"))
    lead_unit = models.ForeignKey(
        "org.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="led_tasks"
    )
    lead_text = models.CharField(max_length=200, blank=True, help_text=_("Khi chủ trì là nhiều đơn vị"))
    coordinating_units = models.ManyToManyField("org.OrgUnit", blank=True, related_name="coordinated_tasks")
    coordination_text = models.CharField(max_length=300, blank=True)
    deadline_kind = models.CharField(max_length=12, choices=DeadlineKind.choices)
    deadline_text = models.CharField(
        max_length=300, blank=True, help_text=_("Thời gian như ghi trong văn bản")
    )
    due_date = models.DateField(null=True, blank=True)
    due_month = models.DateField(null=True, blank=True, help_text=_("Ngày 1 của tháng phải hoàn thành"))
    cycle = models.CharField(max_length=8, choices=Cycle.choices, blank=True)
    cycle_day = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Ngày báo cáo: thứ (1–5) hoặc ngày trong tháng")
    )
    schedule_reference = models.CharField(
        max_length=300, blank=True, help_text=_("Văn bản / lịch bên ngoài quy định hạn từng đợt")
    )
    starts_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.NOT_STARTED, db_index=True
    )
    percent = models.PositiveSmallIntegerField(default=0)
    completed_on = models.DateField(null=True, blank=True)
    figure = models.CharField(
        max_length=60, blank=True, help_text=_("Số liệu trực tiếp từ hệ thống (figures.py)")
    )
    owners = models.ManyToManyField(SteeringMember, blank=True, related_name="tasks")
    origin_regime = models.ForeignKey(
        CommuneRegime, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    area = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanScopedManager()
    area_scope = AreaScope(Resource.TASK, "area__path")

    class Meta:
        ordering = ["plan", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plans_task_code_unique")]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def lead_label(self) -> str:
        if self.lead_text:
            return self.lead_text
        return self.lead_unit.name if self.lead_unit_id else ""

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.SUSPENDED)


class ProgressReport(models.Model):
    """Báo cáo tiến độ: a unit's status, percentage and text on a task, with attachments."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_reports")
    unit = models.ForeignKey("org.OrgUnit", null=True, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_on = models.DateField(default=timezone.localdate)
    status = models.CharField(max_length=12, choices=Task.Status.choices)
    percent = models.PositiveSmallIntegerField()
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanScopedManager()
    area_scope = AreaScope(Resource.TASK, "area__path")

    class Meta:
        ordering = ["-reported_on", "-created_at"]
        verbose_name = _("báo cáo tiến độ")

    def __str__(self) -> str:
        return f"{self.task.code} · {self.unit} · {self.percent}%"


class ProgressAttachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="plans/progress/%Y/%m/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.name


class OversightNote(models.Model):
    """Kiểm tra / giám sát: the Office's inspection or supervision of a task, findings and follow-ups."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("Kiểm tra")
        SUPERVISION = "supervision", _("Giám sát")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="oversight_notes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    held_on = models.DateField()
    unit = models.ForeignKey(
        "org.OrgUnit",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đơn vị thực hiện kiểm tra, giám sát"),
    )
    area = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    findings = models.TextField()
    follow_ups = models.TextField(blank=True, help_text=_("Kiến nghị, yêu cầu khắc phục"))
    follow_up_due = models.DateField(null=True, blank=True)
    follow_up_done = models.BooleanField(default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanScopedManager()
    area_scope = AreaScope(Resource.TASK, "area__path")

    class Meta:
        ordering = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.task.code} {self.held_on:%d/%m/%Y}"


class TaskAlert(models.Model):
    """One deadline alert sent (so the daily job sends each alert once a day, whatever its schedule)."""

    class Kind(models.TextChoices):
        OVERDUE = "overdue", _("Quá hạn")
        DUE_SOON = "due_soon", _("Sắp đến hạn")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_date = models.DateField()
    sent_on = models.DateField()
    recipients = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "kind", "sent_on"], name="plans_alert_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.task.code} {self.kind} {self.sent_on}"
