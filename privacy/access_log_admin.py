"""The access log in the admin: logging of change pages, the read-only log with its CSV export, the monthly review."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.admin import BoundedDateHierarchyMixin, ReadOnlyAdminMixin
from portal.exports import csv_response, register

from .access_log import (
    AccessLog,
    AccessLogReview,
    Action,
    Subject,
    SubjectKind,
    access_log_daily_counts,
    access_log_record,
    access_log_verify,
)


class AccessLoggedAdminMixin:
    """A ModelAdmin whose change page shows someone's personal data: each GET of it is logged as a view and
    each saved change as a change. Whose data the page shows: declare `access_log_company` or `access_log_user`,
    the lookup from the model to the tenant company or the account (e.g. "invoice__company", "recipient"), with
    `access_log_name` for a field naming the person beside the company; or define `access_log_subject(obj)`."""

    access_log_company = ""
    access_log_user = ""
    access_log_name = ""  # a field naming the person beside the company (a depositor, an invitee), for the label

    def access_log_subject(self, obj) -> Subject:
        if self.access_log_company:
            company = _follow(obj, self.access_log_company)
            label = " · ".join(str(part) for part in (
                company or "", getattr(obj, self.access_log_name, "") if self.access_log_name else "") if part)
            return Subject(kind=SubjectKind.COMPANY, id=getattr(company, "pk", ""), label=label)
        if self.access_log_user:
            user = _follow(obj, self.access_log_user)
            return Subject(kind=SubjectKind.USER, id=getattr(user, "pk", ""),
                           label=user.get_username() if user is not None else "")
        raise NotImplementedError(f"{type(self).__name__}: declare whose data its change page shows")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = getattr(response, "context_data", {}).get("original")
            if obj is not None:
                access_log_record(request=request, action=Action.VIEW, subject=self.access_log_subject(obj), obj=obj)
        elif request.method == "POST" and response.status_code == 302:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                access_log_record(request=request, action=Action.CHANGE, subject=self.access_log_subject(obj),
                                  obj=obj)
        return response


def _follow(obj, lookup: str):
    """The object at the end of `lookup` ("lease__company"), or None where a link is empty."""
    for name in lookup.split("__"):
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What you checked and what you followed up, if anything."))


CSV_COLUMNS = ["id", "at", "account_id", "account", "role", "ip", "action", "subject_kind", "subject_id",
               "subject", "object_kind", "object_id", "object", "reason", "prev_hash", "hash"]


@admin.register(AccessLog)
class AccessLogAdmin(BoundedDateHierarchyMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    change_list_template = "admin/privacy/accesslog/change_list.html"
    list_display = ["at", "actor_label", "actor_role", "ip", "action", "subject_label", "object_label", "reason"]
    list_filter = ["action", "actor_role", "subject_kind", "at"]
    search_fields = ["actor_label", "subject_label", "subject_id", "object_label", "reason", "ip"]
    readonly_fields = [f.name for f in AccessLog._meta.fields]
    date_hierarchy = "at"
    show_full_result_count = False
    actions = ["export_csv"]

    @admin.action(description=_("Export the selected entries as CSV"), permissions=["view"])
    @register("access-log")
    def export_csv(self, request, queryset):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        rows = ([row.pk, timezone.localtime(row.at).isoformat(), row.actor_id or "", row.actor_label, row.actor_role,
                 row.ip or "", row.action, row.subject_kind, row.subject_id, row.subject_label,
                 row.content_type_id or "", row.object_id, row.object_label, row.reason, row.prev_hash, row.hash]
                for row in queryset.order_by("id").iterator())
        return csv_response(f"access-log-{stamp}.csv", CSV_COLUMNS, rows)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [path("review/", self.admin_site.admin_view(self.review_view), name="{}_{}_review".format(*info)),
                *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        review_url = reverse("admin:privacy_accesslog_review")
        return super().changelist_view(request, {"review_url": review_url, **(extra_context or {})})

    def review_view(self, request):
        """The monthly review: per account and day, how many people's data were read; the chain; the record."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        try:
            month = datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
        except ValueError:
            month = today.replace(day=1)
        form = ReviewForm(request.POST or None)
        if request.method == "POST":
            if not request.user.is_district_staff:
                raise PermissionDenied
            if form.is_valid():
                AccessLogReview.objects.create(month=month, reviewed_by=request.user, chain_ok=access_log_verify().ok,
                                               note=form.cleaned_data["note"])
                self.message_user(request, gettext("The review of %(month)s is recorded.") % {
                    "month": month.strftime("%Y-%m")}, messages.SUCCESS)
                return HttpResponseRedirect(f"{request.path}?month={month:%Y-%m}")
        previous = (month - datetime.timedelta(days=1)).replace(day=1)
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        context = {
            **self.admin_site.each_context(request), "opts": self.opts,
            "title": gettext("Monthly review of the access log"),
            "month": month, "previous": previous, "following": following if following <= today else None,
            "days": access_log_daily_counts(month=month), "verification": access_log_verify(),
            "reviews": AccessLogReview.objects.filter(month=month).select_related("reviewed_by"),
            "form": form, "can_review": request.user.is_district_staff,
            "limit": settings.PRIVACY_ACCESS_LOG_DAILY_SUBJECTS_ALERT,
        }
        return TemplateResponse(request, "admin/privacy/accesslog/review.html", context)


@admin.register(AccessLogReview)
class AccessLogReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["month", "reviewed_by", "reviewed_at", "chain_ok", "note"]
    list_select_related = ["reviewed_by"]
    readonly_fields = ["month", "reviewed_by", "reviewed_at", "chain_ok", "note"]


def _lower_admins_with_access_log():
    """The admins of apps below this one (accounts, notifications) cannot import this mixin: their change pages
    are logged by registering them again, wrapped."""
    from accounts.admin import ConsentRecordAdmin, SecurityEventAdmin, UserAdmin
    from accounts.models import ConsentRecord, SecurityEvent, User
    from notifications.admin import NotificationAdmin
    from notifications.models import Notification

    def user_subject(self, obj) -> Subject:
        return Subject(kind=SubjectKind.USER, id=obj.pk, label=obj.get_username())

    def event_subject(self, obj) -> Subject:
        return Subject(kind=SubjectKind.USER, id=obj.user_id or "", label=obj.user.get_username() if obj.user
                       else obj.email)

    for model, model_admin, declared in (
        (User, UserAdmin, {"access_log_subject": user_subject}),
        (ConsentRecord, ConsentRecordAdmin, {"access_log_user": "user"}),
        (SecurityEvent, SecurityEventAdmin, {"access_log_subject": event_subject}),
        (Notification, NotificationAdmin, {"access_log_user": "recipient"}),
    ):
        wrapped = type(f"AccessLogged{model_admin.__name__}", (AccessLoggedAdminMixin, model_admin),
                       {"__module__": __name__, **declared})
        admin.site.unregister(model)
        admin.site.register(model, wrapped)


_lower_admins_with_access_log()
