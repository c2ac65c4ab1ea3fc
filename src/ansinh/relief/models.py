"""Relief: applications grouped in batches, approved by numbered decisions, paid and reconciled.

Statuses change only through `relief.services` (one service per transition, audited). The database
guarantees the money invariants: one award per person × policy × period (`Award`), so nobody is
approved — and therefore paid — twice for the same thing, whatever two clerks do at the same moment.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.org.access import AreaScope, ScopedManager
from ansinh.org.roles import Resource
from ansinh.relief.errors import ReliefError


class ImmutableDecisionError(ReliefError):
    """A signed decision was about to be changed or deleted."""


class Batch(models.Model):
    """Đợt: one list sent by one unit for one policy, appraised and approved as a whole."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang lập")
        SUBMITTED = "submitted", _("Đã gửi")
        CONFIRMED = "confirmed", _("Đã xác nhận (BHXH)")
        APPRAISED = "appraised", _("Đã thẩm định")
        APPROVED = "approved", _("Đã phê duyệt")
        PAID = "paid", _("Đã chi trả")
        RECONCILED = "reconciled", _("Đã đối soát")
        RETURNED = "returned", _("Trả lại đơn vị gửi")
        REJECTED = "rejected", _("Từ chối")

    policy_code = models.CharField(max_length=40, db_index=True)
    sequence = models.PositiveIntegerField(help_text=_("Số thứ tự đợt của đơn vị cho chính sách này"))
    submitting_unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="batches")
    area = models.ForeignKey(
        "geo.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Địa bàn của đơn vị gửi; quyết định phạm vi xem"),
    )
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    cutoff_date = models.DateField(null=True, blank=True)
    period_key = models.CharField(
        max_length=20,
        default="2021",
        help_text=_("Kỳ hưởng: một người chỉ được duyệt một lần mỗi chính sách mỗi kỳ"),
    )
    source_import = models.ForeignKey(
        "intake.ImportJob", null=True, blank=True, on_delete=models.PROTECT, related_name="batches"
    )
    people_count = models.PositiveIntegerField(default=0)
    amount_total = models.BigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    appraised_at = models.DateTimeField(null=True, blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True, help_text=_("Hạn của bước hiện tại (ngày làm việc)"))
    confirmation_ref = models.CharField(
        max_length=80, blank=True, help_text=_("Số văn bản xác nhận của cơ quan BHXH")
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    reconciled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    area_scope = AreaScope(Resource.BATCH, "area__path")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy_code", "submitting_unit", "sequence"], name="relief_batch_seq_unique"
            )
        ]
        verbose_name = _("đợt")
        verbose_name_plural = _("đợt")

    def __str__(self) -> str:
        return f"{self.policy_code} · {self.submitting_unit} · đợt {self.sequence}"


class Application(models.Model):
    """Hồ sơ: one person asking for one policy for one period, inside a batch."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ thẩm định")
        ACCEPTED = "accepted", _("Đạt (thẩm định)")
        REJECTED = "rejected", _("Không đạt")
        RETURNED = "returned", _("Trả lại để bổ sung")
        APPROVED = "approved", _("Đã phê duyệt")
        PAID = "paid", _("Đã chi trả")
        WITHDRAWN = "withdrawn", _("Rút hồ sơ")

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    area = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    policy_code = models.CharField(max_length=40, db_index=True)
    period_key = models.CharField(max_length=20, default="2021")
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    source_row = models.PositiveIntegerField(null=True, blank=True, help_text=_("Số dòng trong tệp gốc"))
    data = models.JSONField(default=dict, help_text=_("Các trường đã chuẩn hóa của dòng danh sách"))
    requested_amount = models.BigIntegerField(null=True, blank=True)
    computed_amount = models.BigIntegerField(default=0)
    eligible = models.BooleanField(default=False)
    failed_conditions = models.JSONField(default=list, blank=True)
    policy_version = models.CharField(max_length=40, blank=True)
    flags = models.JSONField(default=list, blank=True, help_text=_("Cảnh báo từ đối chiếu trùng lặp"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()
    area_scope = AreaScope(Resource.APPLICATION, "area__path")

    class Meta:
        ordering = ["batch", "source_row", "pk"]
        indexes = [models.Index(fields=["policy_code", "period_key", "status"], name="relief_app_policy_idx")]
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")

    def __str__(self) -> str:
        return f"{self.policy_code} #{self.pk}"


class Award(models.Model):
    """An approved entitlement. Unique per person × policy × period: the database, not the code,
    guarantees nobody is approved (and so paid) twice for the same support."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="awards")
    policy_code = models.CharField(max_length=40)
    period_key = models.CharField(max_length=20)
    amount = models.BigIntegerField()
    decision = models.ForeignKey("relief.Decision", on_delete=models.PROTECT, related_name="awards")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    area_scope = AreaScope(Resource.PAYMENT, "application__area__path")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "policy_code", "period_key"], name="relief_one_award_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.policy_code} {self.period_key}"


class Decision(models.Model):
    """Quyết định phê duyệt: numbered, dated, signed; immutable once signed (corrections amend it)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SIGNED = "signed", _("Đã ký")

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="decisions")
    amends = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments"
    )
    number = models.CharField(max_length=40, blank=True, help_text=_("Ví dụ: 123/QĐ-UBND"))
    issued_on = models.DateField(null=True, blank=True)
    signer_name = models.CharField(max_length=100, blank=True)
    signer_title = models.CharField(max_length=100, blank=True)
    legal_bases = models.JSONField(default=list)
    people_count = models.PositiveIntegerField(default=0)
    amount_total = models.BigIntegerField(default=0)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    pdf = models.FileField(upload_to="decisions/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verification_id = models.UUIDField(
        null=True, blank=True, unique=True, help_text=_("Mã tra cứu trên trang xác minh văn bản công khai")
    )
    reason = models.TextField(blank=True, help_text=_("Lý do (quyết định sửa đổi, bổ sung)"))
    removed_applications = models.JSONField(
        default=list, blank=True, help_text=_("Hồ sơ bị loại khỏi danh sách theo quyết định sửa đổi")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    area_scope = AreaScope(Resource.DECISION, "batch__area__path")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="relief_decision_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.number or f"Dự thảo #{self.pk}"

    def save(self, *args, **kwargs):
        """A signed decision is frozen: any later change is a new decision that amends it (NĐ 30/2020)."""
        if self.pk is not None:
            stored = type(self)._default_manager.filter(pk=self.pk).values("status").first()
            if stored and stored["status"] == self.Status.SIGNED:
                raise ImmutableDecisionError(
                    f"Quyết định {self} đã ký, không được sửa; hãy ban hành quyết định sửa đổi, bổ sung."
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == self.Status.SIGNED:
            raise ImmutableDecisionError(f"Quyết định {self} đã ký, không được xóa.")
        return super().delete(*args, **kwargs)


class Payment(models.Model):
    """One disbursement attempt for one award, through one channel; failed ones can be reissued."""

    class Channel(models.TextChoices):
        EMPLOYER = "employer", _("Qua người sử dụng lao động")
        COMMUNE_CASH = "commune_cash", _("Tiền mặt tại xã")
        BANK = "bank", _("Chuyển khoản")
        POST = "post", _("Bưu điện")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ chi")
        DISBURSED = "disbursed", _("Đã chi")
        CONFIRMED = "confirmed", _("Đã xác nhận nhận tiền")
        FAILED = "failed", _("Chi không thành công")
        RETURNED = "returned", _("Bị trả lại")

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="payments")
    channel = models.CharField(max_length=14, choices=Channel.choices)
    amount = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    reference = models.CharField(max_length=80, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    reissue_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(
        null=True, blank=True, help_text=_("Ngày người hưởng xác nhận đã nhận tiền")
    )
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    area_scope = AreaScope(Resource.PAYMENT, "award__application__area__path")

    class Meta:
        constraints = [
            # At most one live (not failed/returned) payment per award: a reissue needs the old one closed.
            models.UniqueConstraint(
                fields=["award"],
                condition=models.Q(status__in=["pending", "disbursed", "confirmed"]),
                name="relief_one_live_payment_per_award",
            )
        ]

    def __str__(self) -> str:
        return f"{self.award_id} {self.channel} {self.status}"


class Appeal(models.Model):
    """Khiếu nại: an applicant disputes a decision on their application, naming the failed condition."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang xử lý")
        UPHELD = "upheld", _("Chấp nhận")
        DISMISSED = "dismissed", _("Không chấp nhận")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="appeals")
    disputed_condition = models.CharField(max_length=60, blank=True)
    text = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(blank=True)
    filed_at = models.DateTimeField(auto_now_add=True)
    due_date = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager()
    area_scope = AreaScope(Resource.APPLICATION, "application__area__path")

    def __str__(self) -> str:
        return f"Khiếu nại #{self.pk}"
