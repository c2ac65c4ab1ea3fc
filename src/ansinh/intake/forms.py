from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp danh sách (xlsx, xls, ods, csv)"))
    unit = forms.ModelChoiceField(queryset=None, label=_("Đơn vị gửi danh sách"))
    form_code = forms.ChoiceField(label=_("Mẫu danh sách"), required=False)

    def __init__(self, *args, units, form_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.attrs["class"] = "form-select"
        self.fields["form_code"].widget.attrs["class"] = "form-select"
        self.fields["form_code"].choices = [("", _("Tự nhận biết theo tiêu đề cột")), *form_choices]

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(_("Tệp «%(name)s» không phải bảng tính (chỉ nhận xlsx, xls, ods, csv)."),
                                        params={"name": f.name})
        if f.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 50 MB)."))
        return f
