"""Import jobs: an uploaded list file, its progress through the pipeline, and its stored rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.org.access import AreaScope, ScopedManager
from ansinh.org.roles import Resource


class ImportJob(models.Model):
    """One uploaded file. Stages: read → normalised → checked → linked → stored; all-or-nothing write.
    The same file (same SHA-256) for the same unit and form is never imported twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Chờ xử lý")
        READING = "reading", _("Đang đọc")
        NORMALISED = "normalised", _("Đã chuẩn hóa")
        CHECKED = "checked", _("Đã kiểm tra")
        LINKED = "linked", _("Đã đối chiếu trùng")
        STORED = "stored", _("Đã lưu")
        FAILED = "failed", _("Lỗi")
        CANCELLED = "cancelled", _("Đã hủy")
        DUPLICATE = "duplicate", _("Tệp đã nhập trước đó")

    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    form_code = models.CharField(max_length=40, blank=True)
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="imports")
    area = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True)
    cancel_requested = models.BooleanField(default=False)
    counts = models.JSONField(default=dict, help_text=_("rows, accepted, warnings, rejected, duplicates"))
    problems = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()
    area_scope = AreaScope(Resource.IMPORT, "area__path")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
