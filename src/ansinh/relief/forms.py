"""Small forms of the relief pages (validation and accessible labels)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmForm(forms.Form):
    reference = forms.CharField(label=_("Số văn bản xác nhận của BHXH"), max_length=80)


class RowDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Đạt")), ("reject", _("Không đạt")), ("return", _("Trả lại"))]
    )
    reason = forms.CharField(label=_("Lý do / ghi chú"), required=False, max_length=500)


class SignForm(forms.Form):
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=100, initial="Phó Chủ tịch")


class AmendForm(forms.Form):
    reason = forms.CharField(label=_("Lý do sửa đổi, bổ sung"), widget=forms.Textarea(attrs={"rows": 2}))


class ExportForm(forms.Form):
    fmt = forms.ChoiceField(
        label=_("Định dạng"),
        choices=[
            ("xlsx", _("Tệp ngân hàng (.xlsx)")),
            ("csv", _("Tệp ngân hàng (.csv)")),
            ("cash_xlsx", _("Danh sách chi tiền mặt có cột ký nhận (.xlsx)")),
            ("cash_pdf", _("Danh sách chi tiền mặt có cột ký nhận (PDF)")),
        ],
    )


class ReturnsForm(forms.Form):
    file = forms.FileField(label=_("Tệp kết quả chi trả (.csv, .xlsx)"))


class AppealForm(forms.Form):
    disputed_condition = forms.CharField(label=_("Điều kiện bị khiếu nại"), max_length=60)
    text = forms.CharField(label=_("Nội dung khiếu nại"), widget=forms.Textarea(attrs={"rows": 3}))


class AppealAnswerForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Kết quả"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Chấp nhận — thẩm định lại")), ("0", _("Không chấp nhận"))],
    )
    response = forms.CharField(label=_("Trả lời, lý do"), widget=forms.Textarea(attrs={"rows": 3}))
