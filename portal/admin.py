"""Shared pieces of the admin: read-only mixins, the one status-change inline, the workflow mixin, the file-size
column, and the admin of the portal's own outbox."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.admin import GenericTabularInline
from django.http import Http404, HttpResponseRedirect
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_celery_beat.admin import PeriodicTaskAdmin
from django_celery_beat.models import PeriodicTask

from .exceptions import DomainError
from .formatting import format_file_size
from .models import Closure, PendingTask, StatusChange
from .workflow import Kind, Transition, Workflow, transition_apply, workflow_for


class ReadOnlyAdminMixin:
    """Records written only by services (logs, audit trails): staff read them, never add, edit or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInlineMixin(ReadOnlyAdminMixin):
    """An inline of rows written elsewhere: shown, never added to, edited or deleted from here."""

    extra = 0
    can_delete = False
    show_change_link = False


def file_size_column(field: str = "size"):
    """A column or read-only field showing a size stored in bytes as KB or MB (`format_file_size`): declare
    `file_size = file_size_column()` on the admin or inline and name "file_size" in its fields."""

    @admin.display(description=_("size"), ordering=field)
    def file_size(self, obj):
        return format_file_size(getattr(obj, field))

    return file_size


class StatusChangeInline(ReadOnlyInlineMixin, GenericTabularInline):
    """The history of a workflow model's status (portal.StatusChange), under its change form."""

    model = StatusChange
    verbose_name_plural = _("status changes (who, when, from, to, why)")
    fields = ["at", "actor", "get_from_status_display", "get_to_status_display", "action", "reasons"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        """Whoever may see the record may see its history."""
        opts = self.parent_model._meta
        return request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or request.user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def get_formset(self, request, obj=None, **kwargs):
        """The form prefix is the name of the model's GenericRelation ("transitions"), as a foreign key's would be."""
        formset = super().get_formset(request, obj, **kwargs)
        relation = next((f.name for f in self.parent_model._meta.private_fields
                         if getattr(f, "related_model", None) is StatusChange), None)
        if relation:
            formset = type(formset.__name__, (formset,), {"get_default_prefix": classmethod(lambda cls: relation)})
        return formset

    @admin.display(description=_("reason or message"))
    def reasons(self, obj):
        """The reason, and its English where a decision's notice has an English translation."""
        if not obj.reason_en:
            return obj.reason
        return format_html('{}<br><span lang="en">{}: {}</span>', linebreaksbr(obj.reason), gettext("In English"),
                           linebreaksbr(obj.reason_en))

    @admin.display(description=_("action"))
    def action(self, obj):
        workflow = workflow_for(self.parent_model)
        transition = workflow.transitions.get(obj.name) if workflow else None
        return transition.label if transition else obj.name or "—"


class WorkflowReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason or message"), widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
                             max_length=5000)


class WorkflowAdminMixin:
    """The admin of a workflow model, read from its table (portal.workflow): the status read-only, the history
    inline, a button per transition staff may take from the current status (primary for a step forward, danger
    for a refusal or cancellation, by the transition's `kind`), bulk actions (the service once per object, each
    reported), and a reason page where the transition needs one.

    Declare `workflow`. Optional, only where the model differs:
    - `workflow_role`: the role staff play in the table;
    - `workflow_services`: a transition's name → the app's service `(obj, actor, reason) -> obj` where it does
      more than the engine (or override `workflow_apply`);
    - `workflow_pages`: a transition's name → the name of this admin's method that serves the transition's own
      page instead of the generic reason page (a form the generic page lacks: items to reopen, checks to
      read). It is called as `page(request, objects=, transition=, data=, action=, cancel_url=)`, `data` being
      the submitted form (None on the first visit), and returns the page, or None once it has applied the
      transition (report each object with `workflow_report`);
    - `workflow_bulk`: the names of the transitions offered as bulk actions; by default every staff transition
      without its own page, whose needs the generic reason page meets (an own page named here must then serve
      many objects too); `()` offers none;
    - `has_workflow_permission(request, obj=None)`: who may take the transitions (by default whoever may change
      the record).
    """

    workflow: Workflow
    workflow_role = "staff"
    workflow_services: dict = {}
    workflow_pages: dict[str, str] = {}
    workflow_bulk: tuple[str, ...] | None = None
    workflow_page_template = "admin/portal/workflow_reason.html"
    change_form_template = "admin/portal/workflow_change_form.html"

    def has_workflow_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def workflow_transitions(self, status: str | None = None) -> list[Transition]:
        if status is None:
            return [t for t in self.workflow.transitions.values() if t.actor == self.workflow_role]
        return self.workflow.transitions_from(status, actor=self.workflow_role)

    def workflow_bulk_transitions(self) -> list[Transition]:
        names = self.workflow_bulk
        return [t for t in self.workflow_transitions()
                if (t.name in names if names is not None else t.name not in self.workflow_pages)]

    def workflow_apply(self, request, obj, transition: Transition, reason: str = "", **data):
        service = self.workflow_services.get(transition.name)
        if service is not None:
            return service(obj, request.user, reason)
        return transition_apply(workflow=self.workflow, instance=obj, name=transition.name, actor=request.user,
                                reason=reason)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if self.workflow.field in fields else [*fields, self.workflow.field]

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        return inlines if StatusChangeInline in inlines else [*inlines, StatusChangeInline]

    def _workflow_url_name(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_workflow"

    def get_urls(self):
        return [
            path("<path:object_id>/workflow/<str:name>/", self.admin_site.admin_view(self.workflow_view),
                 name=self._workflow_url_name()),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.has_workflow_permission(request, obj):
            context["workflow_buttons"] = [
                {"transition": t, "url": reverse(f"admin:{self._workflow_url_name()}", args=[obj.pk, t.name]),
                 "page": t.needs_reason or t.name in self.workflow_pages,
                 "css": {Kind.FORWARD: "default", Kind.REFUSAL: "danger"}.get(t.kind, "")}
                for t in self.workflow_transitions(getattr(obj, self.workflow.field))
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_report(self, request, obj, transition: Transition, reason: str = "", **data) -> bool:
        """Apply the transition to one object and say how it went; a refusal is reported, not raised."""
        try:
            self.workflow_apply(request, obj, transition, reason, **data)
        except DomainError as exc:
            self.message_user(request, f"{obj}: {exc.message}", messages.ERROR)
            return False
        self.message_user(request, f"{obj}: {transition.label}", messages.SUCCESS)
        return True

    def workflow_page_render(self, request, *, objects, transition, form, action: str = "", cancel_url: str):
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": transition.label,
                   "objects": objects, "transition": transition, "form": form, "action": action,
                   "cancel_url": cancel_url}
        return TemplateResponse(request, self.workflow_page_template, context)

    def workflow_reason_page(self, request, *, objects, transition, data, action: str = "", cancel_url: str):
        """The generic page: a transition without a reason applies at once; one with a reason asks for it."""
        if not transition.needs_reason and (data is not None or action):
            for obj in objects:
                self.workflow_report(request, obj, transition, (data or {}).get("reason", ""))
            return None
        form = WorkflowReasonForm(data)
        if data is not None and form.is_valid():
            for obj in objects:
                self.workflow_report(request, obj, transition, form.cleaned_data["reason"])
            return None
        return self.workflow_page_render(request, objects=objects, transition=transition, form=form, action=action,
                                         cancel_url=cancel_url)

    def _workflow_page(self, transition: Transition):
        name = self.workflow_pages.get(transition.name)
        return getattr(self, name) if name else self.workflow_reason_page

    def workflow_view(self, request, object_id, name: str):
        """One object: POST applies the transition (after its page when it has one or needs a reason)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_workflow_permission(request, obj):
            raise Http404
        back = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        transition = self.workflow.transitions.get(name)
        if transition is None or transition.actor != self.workflow_role:
            self.message_user(request, gettext("This action is not available to staff."), messages.ERROR)
            return HttpResponseRedirect(back)
        response = self._workflow_page(transition)(
            request, objects=[obj], transition=transition, data=request.POST if request.method == "POST" else None,
            cancel_url=back)
        return response or HttpResponseRedirect(back)

    def _workflow_bulk_action(self, transition: Transition):
        def action(modeladmin, request, queryset):
            # the service per object, never queryset.update()
            return modeladmin._workflow_page(transition)(
                request, objects=list(queryset.order_by("pk")), transition=transition,
                data=request.POST if "apply" in request.POST else None, action=f"workflow_{transition.name}",
                cancel_url=reverse(f"admin:{modeladmin.opts.app_label}_{modeladmin.opts.model_name}_changelist"),
            )

        action.__name__ = f"workflow_{transition.name}"
        return admin.action(description=transition.label, permissions=["workflow"])(action)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_workflow_permission(request):
            for transition in self.workflow_bulk_transitions():
                func = self._workflow_bulk_action(transition)
                actions[func.__name__] = (func, func.__name__, func.short_description)
        return actions


class BoundedDateHierarchyMixin:
    """For a list with `date_hierarchy`: a year, month or day in the address that is no date, or whose next
    day, month or year is none (`?starts_at__year=9999`), answers Django's "incorrect filter" page (`?e=1`)
    like any other malformed filter, instead of a server error. Every admin with a date hierarchy uses it
    (tests/security/test_query_parameters.py finds them from the admin site)."""

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)

        class BoundedChangeList(changelist):
            def get_filters(self, request):
                try:
                    return super().get_filters(request)
                except (ValueError, OverflowError) as exc:
                    raise IncorrectLookupParameters(exc) from exc

        return BoundedChangeList


# django-celery-beat's own admin of the schedules has a date hierarchy too.
admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class BoundedPeriodicTaskAdmin(BoundedDateHierarchyMixin, PeriodicTaskAdmin):
    pass


class PendingTaskStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("pending", _("pending")), ("done", _("done"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(done_at__isnull=True)
        if self.value() == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset


@admin.register(Closure)
class ClosureAdmin(BoundedDateHierarchyMixin, admin.ModelAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(PendingTask)
class PendingTaskAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox (portal/queue.py): what still waits for the broker or a worker, and why."""

    list_display = ["name", "kwargs", "created_at", "sent_at", "attempts", "last_error", "done_at"]
    list_filter = [PendingTaskStateFilter, "name"]
    search_fields = ["name"]
    fields = ["name", "kwargs", "key", "created_at", "sent_at", "attempts", "last_error", "done_at"]
    readonly_fields = fields
