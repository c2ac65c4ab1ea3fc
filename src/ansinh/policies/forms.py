"""Forms of the policies app: a province decision, and the "try it" fields of a policy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.policies.catalogue_schema import InputColumn, Parameter, Policy
from ansinh.policies.engine import input_columns

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
UNIT_NAMES = {
    "vnd": _("đồng"),
    "days": _("ngày"),
    "months": _("tháng"),
    "count": _("số lượng"),
    "percent": _("%"),
    "date": _("ngày tháng"),
    "tiers": _("bảng mức theo bậc"),
    "codes": _("danh sách mã"),
}
UNIT_HINTS = {
    "vnd": _("số tiền, đồng (ví dụ 50.000)"),
    "days": _("số ngày"),
    "months": _("số tháng"),
    "count": _("số lượng"),
    "percent": _("phần trăm"),
    "date": _("ngày dd/mm/yyyy"),
}


def _date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )


class ProvinceDecisionForm(forms.Form):
    """A province decision setting one province-configurable parameter of one policy."""

    parameter = forms.ChoiceField(label=_("Tham số"), widget=forms.HiddenInput)
    value = forms.CharField(label=_("Giá trị mới"), max_length=40)
    valid_from = _date_field(_("Áp dụng từ ngày"))
    valid_to = _date_field(
        _("Áp dụng đến ngày"), required=False, help_text=_("Để trống nếu áp dụng đến khi có quyết định khác.")
    )
    number = forms.CharField(
        label=_("Số quyết định"), max_length=60, widget=forms.TextInput(attrs={"placeholder": "1234/QĐ-UBND"})
    )
    issued_on = _date_field(_("Ngày ban hành"))
    signer = forms.CharField(label=_("Người ký (họ tên, chức vụ)"), max_length=120)
    summary = forms.CharField(label=_("Trích yếu"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, parameters: dict[str, Parameter], chosen: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parameter"].choices = [(name, p.label_vi) for name, p in parameters.items()]
        self.fields["parameter"].initial = chosen
        unit = parameters[chosen].unit
        self.fields["value"].help_text = UNIT_HINTS.get(unit, unit)
        if unit == "date":
            self.fields["value"].widget.attrs["placeholder"] = "dd/mm/yyyy"
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Ngày kết thúc áp dụng phải từ ngày bắt đầu áp dụng trở đi."))
        return data


BOOL_CHOICES = [("", "—"), ("yes", _("Có")), ("no", _("Không"))]


def _field_for(column: InputColumn) -> forms.Field:
    label = column.label_vi
    if column.type == "date":
        return _date_field(label, required=False)
    if column.type == "bool":
        return forms.ChoiceField(label=label, choices=BOOL_CHOICES, required=False)
    if column.type == "int":
        return forms.IntegerField(label=label, required=False, min_value=column.min)
    if column.type == "enum":
        return forms.ChoiceField(
            label=label, required=False, choices=[("", "—"), *[(v, v) for v in column.values or []]]
        )
    return forms.CharField(label=label, required=False, max_length=200)


#: Common columns no rule uses: not asked in the "try it" form (no personal data is typed there).
SKIPPED_COLUMNS = {"record_id", "full_name", "sex", "id_number"}


class TryPolicyForm(forms.Form):
    """The applicant fields of ``policy`` plus the decision date, to see the explanation of one case."""

    as_of = _date_field(
        _("Ngày ra quyết định (chọn phiên bản và tham số)"), required=False, help_text=_("Để trống: hôm nay.")
    )

    def __init__(self, *args: Any, policy: Policy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns = [c for c in input_columns(policy) if c.name not in SKIPPED_COLUMNS]
        for column in self.columns:
            field = _field_for(column)
            if column.required:
                field.label = f"{column.label_vi} *"
            self.fields[column.name] = field
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault(
                "class", css + " form-control-sm" if css == "form-control" else css + " form-select-sm"
            )

    def row(self) -> dict[str, object]:
        """The cleaned fields as an applicant row (absent values left out)."""
        row: dict[str, object] = {}
        for column in self.columns:
            value = self.cleaned_data.get(column.name)
            if value in (None, ""):
                continue
            row[column.name] = value
        return row

    def decision_date(self) -> dt.date | None:
        return self.cleaned_data.get("as_of")
