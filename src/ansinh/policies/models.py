"""Province decisions that set the province-configurable parameters of the policy catalogue.

The YAML catalogue holds the law; a :class:`ProvinceDecision` row holds one decision of the provincial
People's Committee that sets one parameter from a date. Rows are never changed or deleted: a later
decision supersedes an earlier one only for the dates from its ``valid_from`` (the pure
``ansinh.policies.catalogue.apply_decisions`` does the date arithmetic), so an inspector can see what
applied on any day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImmutableProvinceDecisionError(Exception):
    """A recorded province decision was about to be changed or deleted."""


class ProvinceDecision(models.Model):
    """One province decision (số, ngày, người ký, trích yếu) setting one parameter of one policy."""

    number = models.CharField(_("Số quyết định"), max_length=60, help_text=_("Ví dụ: 1234/QĐ-UBND"))
    issued_on = models.DateField(_("Ngày ban hành"))
    signer = models.CharField(_("Người ký"), max_length=120)
    summary = models.CharField(_("Trích yếu"), max_length=400)
    policy_code = models.CharField(_("Mã chính sách"), max_length=40, db_index=True)
    parameter = models.CharField(_("Tham số"), max_length=60)
    unit = models.CharField(
        _("Đơn vị của tham số"),
        max_length=12,
        help_text=_("Sao từ danh mục khi ghi: vnd, days, months, count, percent, date"),
    )
    # An integer (VND, days, …) or an ISO date string, by `unit`.
    value = models.JSONField(_("Giá trị mới"))
    valid_from = models.DateField(_("Áp dụng từ ngày"))
    valid_to = models.DateField(_("Áp dụng đến ngày"), null=True, blank=True)
    note = models.TextField(_("Ghi chú"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("Người nhập")
    )
    entered_at = models.DateTimeField(_("Thời điểm nhập"), auto_now_add=True)

    class Meta:
        ordering = ["policy_code", "parameter", "valid_from", "issued_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "policy_code", "parameter"], name="policies_decision_once_per_parameter"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="policies_decision_dates_in_order",
            ),
        ]
        verbose_name = _("quyết định của tỉnh về tham số chính sách")
        verbose_name_plural = _("quyết định của tỉnh về tham số chính sách")

    def __str__(self) -> str:
        return f"{self.number} ngày {self.issued_on:%d/%m/%Y} — {self.policy_code}.{self.parameter}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """History is never overwritten: a decision, once recorded, is superseded by a new one, not edited."""
        if self.pk is not None and type(self)._default_manager.filter(pk=self.pk).exists():
            raise ImmutableProvinceDecisionError(
                f"Quyết định {self.number} đã được ghi nhận, không sửa được; hãy nhập quyết định mới thay thế."
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableProvinceDecisionError(f"Quyết định {self.number} đã được ghi nhận, không xóa được.")

    @property
    def typed_value(self) -> int | dt.date:
        """The value as the catalogue holds it: an integer, or a date for date parameters."""
        if self.unit == "date":
            return dt.date.fromisoformat(str(self.value))
        return int(self.value)
