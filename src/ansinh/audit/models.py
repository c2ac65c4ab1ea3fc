"""The append-only, hash-chained audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansinh.org.access import AreaScope, ScopedManager
from ansinh.org.roles import Resource


class AuditEvent(models.Model):
    """One change or one view of a personal record: who, when, from where, what, before → after.

    `seq` is gap-free and each event stores the hash of the previous one, so `ansinh audit verify`
    detects an edited, deleted or reordered event. Database triggers refuse UPDATE and DELETE.
    """

    class Kind(models.TextChoices):
        CREATE = "create", _("Tạo")
        UPDATE = "update", _("Sửa")
        DELETE = "delete", _("Xóa")
        TRANSITION = "transition", _("Chuyển trạng thái")
        VIEW = "view", _("Xem hồ sơ cá nhân")
        LOGIN = "login", _("Đăng nhập")
        EXPORT = "export", _("Xuất dữ liệu")

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", db_constraint=False)
    actor_repr = models.CharField(max_length=150, blank=True)
    ip = models.CharField(max_length=45, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    area_path = models.CharField(max_length=64, blank=True, db_index=True)
    summary = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = ScopedManager()
    area_scope = AreaScope(Resource.AUDIT, "area_path")

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký")

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.object_type}:{self.object_id}"
