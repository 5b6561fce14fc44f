"""Forms of helpdesk: a notice's attachment in the admin, the search boxes, the inquiry and its reopening."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from portal.forms import ErrorSummaryMixin
from portal.uploads import sanitize_filename, validate_upload

from . import selectors
from .models import Inquiry, NoticeAttachment, Topic

NOTICE_FORMATS = ["hwp", "hwpx", "pdf"]
INQUIRY_FORMATS = ["pdf", "hwp", "hwpx", "jpeg", "png"]


def _max_bytes() -> int:
    return settings.HELPDESK_ATTACHMENT_MAX_MB * 1024 * 1024


class NoticeAttachmentForm(forms.ModelForm):
    """An attachment checked by content like every upload (HWP, HWPX or PDF)."""

    class Meta:
        model = NoticeAttachment
        fields = ["file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the file already stored
            validate_upload(allowed_formats=NOTICE_FORMATS, max_bytes=_max_bytes())(upload)
        return upload

    def save(self, commit=True):
        attachment = super().save(commit=False)
        if "file" in self.changed_data:
            upload = self.cleaned_data["file"]
            attachment.name = sanitize_filename(upload.name)[:255]
            attachment.size = upload.size or 0
        if commit:
            attachment.save()
        return attachment


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories")), *categories]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class InquiryForm(ErrorSummaryMixin, forms.ModelForm):
    attachments = MultipleFileField(label=_("Attachments"), required=False, help_text=_(
        "Up to %(count)s files: PDF, HWP, HWPX, JPEG or PNG, %(size)s MB each.") % {
            "count": settings.HELPDESK_ATTACHMENT_MAX_FILES, "size": settings.HELPDESK_ATTACHMENT_MAX_MB})

    class Meta:
        model = Inquiry
        fields = ["category", "subject", "body", "application", "invoice", "booking"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = Topic.choices
        # Only the user's own objects are offered, and only those are accepted.
        querysets = {
            "application": selectors.askable_applications(user=user),
            "invoice": selectors.askable_invoices(user=user),
            "booking": selectors.askable_bookings(user=user),
        }
        for name, queryset in querysets.items():
            if queryset.exists():
                self.fields[name].queryset = queryset
                self.fields[name].required = False
            else:
                del self.fields[name]
        if "application" in self.fields:
            self.fields["application"].label_from_instance = lambda a: f"{a.receipt_number or _('draft')} · {a.call}"
        if "booking" in self.fields:
            self.fields["booking"].label_from_instance = lambda b: f"{b.room} · {localtime(b.starts_at):%Y-%m-%d %H:%M}"

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > settings.HELPDESK_ATTACHMENT_MAX_FILES:
            raise ValidationError(_("Attach at most %(count)s files.") % {
                "count": settings.HELPDESK_ATTACHMENT_MAX_FILES}, code="too_many")
        validator = validate_upload(allowed_formats=INQUIRY_FORMATS, max_bytes=_max_bytes())
        for upload in files:
            validator(upload)
        return files


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("What is still unanswered?"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 4}))
