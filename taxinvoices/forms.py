"""Forms of tax invoices: Hometax's result file, a modified tax invoice's reason code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.uploads import archive_bounds_error
from premises.models import Lessor

from .models import ModifyReason

MAX_RESULT_BYTES = 5 * 1024 * 1024


class HometaxResultForm(forms.Form):
    lessor = forms.ModelChoiceField(label=_("Lessor (supplier)"), queryset=Lessor.objects.order_by("name"))
    file = forms.FileField(
        label=_("Hometax's result file"),
        help_text=_("The list of issued tax invoices downloaded from Hometax as Excel (XLSX) or CSV."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_RESULT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not file.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload the file as XLSX or CSV."))
        data = file.read()
        file.seek(0)
        error = archive_bounds_error(data)  # an XLSX is a ZIP: bounded before openpyxl unpacks it
        if error is not None:
            raise error
        return file


class ModifyReasonForm(forms.Form):
    code = forms.TypedChoiceField(label=_("Reason code (수정사유)"), choices=ModifyReason.choices, coerce=int)
