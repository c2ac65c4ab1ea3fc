"""Forms of the plans screens (labels in Vietnamese; dates typed as dd/mm/yyyy or picked)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.plans.models import CommuneRegime, OversightNote, Task

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class BootstrapForm(forms.Form):
    """Adds Bootstrap classes to the widgets, so templates can render fields with a plain loop."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                continue
            css = (
                "form-select form-select-sm"
                if isinstance(widget, forms.Select)
                else "form-control form-control-sm"
            )
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class ProgressForm(BootstrapForm):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=Task.Status.choices)
    percent = forms.IntegerField(label=_("Tỷ lệ hoàn thành (%)"), min_value=0, max_value=100)
    reported_on = forms.DateField(label=_("Ngày báo cáo"), widget=DATE_INPUT, initial=timezone.localdate)
    text = forms.CharField(label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 4}))
    attachments = MultipleFileField(
        label=_("Tệp đính kèm (PDF, Word, Excel, ảnh; tối đa 10 MB)"),
        required=False,
    )


class OversightForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=OversightNote.Kind.choices)
    held_on = forms.DateField(label=_("Ngày thực hiện"), widget=DATE_INPUT, initial=timezone.localdate)
    findings = forms.CharField(label=_("Kết quả, phát hiện"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_ups = forms.CharField(
        label=_("Kiến nghị, yêu cầu khắc phục"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_due = forms.DateField(label=_("Hạn khắc phục"), required=False, widget=DATE_INPUT)


class PlanForm(BootstrapForm):
    code = forms.SlugField(
        label=_("Mã nội bộ"), help_text=_("Chữ không dấu, số và dấu gạch ngang, ví dụ kh-phuc-hoi-2021")
    )
    number = forms.CharField(
        label=_("Số"), required=False, max_length=20, help_text=_("Để trống nếu chưa vào số")
    )
    symbol = forms.CharField(label=_("Ký hiệu"), initial="KH-SLĐTBXH", max_length=40)
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}))
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DATE_INPUT)
    starts_on = forms.DateField(label=_("Bắt đầu"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Kết thúc"), widget=DATE_INPUT)
    spreadsheet = forms.FileField(
        label=_("Nhập nhiệm vụ từ tệp Excel/CSV (không bắt buộc)"),
        required=False,
        help_text=_(
            "Cột: Mã, Nhiệm vụ, Nội dung, Đơn vị chủ trì, Đơn vị phối hợp, "
            "Loại thời hạn, Hạn, Tháng, Chu kỳ, Ngày báo cáo, Nhiệm vụ cha"
        ),
    )


class TaskForm(BootstrapForm):
    code = forms.CharField(label=_("Mã"), max_length=30)
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=300)
    content = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = forms.ModelChoiceField(label=_("Đơn vị chủ trì"), queryset=None)
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=None, required=False
    )
    deadline_kind = forms.ChoiceField(label=_("Loại thời hạn"), choices=Task.DeadlineKind.choices)
    due_date = forms.DateField(label=_("Hạn (hạn cố định / đợt hiện tại)"), required=False, widget=DATE_INPUT)
    due_month = forms.DateField(
        label=_("Tháng hoàn thành (chọn một ngày bất kỳ trong tháng)"), required=False, widget=DATE_INPUT
    )
    cycle = forms.ChoiceField(
        label=_("Chu kỳ báo cáo"), choices=[("", "—"), *Task.Cycle.choices], required=False
    )
    cycle_day = forms.IntegerField(
        label=_("Ngày báo cáo (thứ 1–5 hoặc ngày trong tháng)"), required=False, min_value=1, max_value=31
    )
    schedule_reference = forms.CharField(
        label=_("Văn bản / lịch quy định hạn"), required=False, max_length=300
    )
    parent = forms.ModelChoiceField(label=_("Thuộc nhiệm vụ"), queryset=None, required=False)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        from ansinh.org.models import OrgUnit

        units = OrgUnit.objects.exclude(kind=OrgUnit.Kind.COMMUNE).order_by("kind", "name")
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units
        self.fields["parent"].queryset = (
            plan.tasks.filter(parent__isnull=True) if plan else Task.objects.none()
        )


class RegimeForm(BootstrapForm):
    commune = forms.ChoiceField(label=_("Xã, phường, thị trấn"))
    regime = forms.ChoiceField(label=_("Chế độ / cấp độ dịch"), choices=CommuneRegime.Regime.choices)
    starts_on = forms.DateField(label=_("Áp dụng từ ngày"), widget=DATE_INPUT)
    document = forms.CharField(
        label=_("Văn bản quyết định"),
        max_length=300,
        help_text=_("Ví dụ: Quyết định số …/QĐ-UBND ngày … của UBND huyện …"),
    )
    source_url = forms.URLField(label=_("Đường dẫn nguồn"), required=False, assume_scheme="https")

    def __init__(self, *args, communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [(c.code, f"{c.full_name} – {c.parent.name}") for c in communes]


class ReportForm(BootstrapForm):
    period_from = forms.DateField(label=_("Từ ngày"), widget=DATE_INPUT)
    period_to = forms.DateField(label=_("Đến ngày"), widget=DATE_INPUT)
    issued_on = forms.DateField(label=_("Ngày báo cáo"), widget=DATE_INPUT)
    number = forms.IntegerField(label=_("Số báo cáo (để trống nếu chưa vào số)"), required=False, min_value=1)
    proposals = forms.CharField(
        label=_("Đề xuất, kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    output = forms.ChoiceField(
        label=_("Định dạng"),
        choices=[("docx", "Word (.docx)"), ("pdf", "PDF"), ("html", "Xem trước trên trình duyệt")],
        widget=forms.RadioSelect,
        initial="docx",
    )


class DeadlineForm(BootstrapForm):
    due_date = forms.DateField(label=_("Ngày hạn"), required=False, widget=DATE_INPUT)
    note = forms.CharField(
        label=_("Căn cứ (ví dụ: đợt 3 theo CV 1173, lịch phân bổ vắc xin đợt 5)"),
        required=False,
        max_length=200,
    )
