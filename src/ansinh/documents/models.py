"""Generated and signed documents kept by the system, and what the public verification page reads.

A stored document is identified by a random UUID (printed in the QR code), so the public page reveals a
document only to someone who holds its code. The page shows the title, number, signer, signing time and
SHA-256 of the stored file — never the annexed personal data.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class GeneratedDocument(models.Model):
    """One file the system produced (decision, submission, payment list), signed or not."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Quyết định")
        SUBMISSION = "submission", _("Tờ trình")
        PAYMENT_LIST = "payment_list", _("Danh sách chi trả")
        OTHER = "other", _("Văn bản khác")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=14, choices=Kind.choices)
    title = models.CharField(max_length=300)
    number = models.CharField(max_length=40, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    file = models.FileField(upload_to="van-ban/%Y/")
    content_type = models.CharField(max_length=80, default="application/pdf")
    sha256 = models.CharField(max_length=64, db_index=True)
    signed = models.BooleanField(default=False)
    signer_name = models.CharField(max_length=150, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    source_type = models.CharField(max_length=60, blank=True, help_text=_("Ví dụ: relief.decision"))
    source_id = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("văn bản đã tạo")
        verbose_name_plural = _("văn bản đã tạo")

    def __str__(self) -> str:
        return self.number or self.title
