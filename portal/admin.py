"""Shared pieces of the admin: read-only mixins and the one status-change inline of every workflow."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from .models import StatusChange
from .workflow import workflow_for


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


class StatusChangeInline(ReadOnlyInlineMixin, GenericTabularInline):
    """The history of a workflow model's status (portal.StatusChange), under its change form."""

    model = StatusChange
    verbose_name_plural = _("status changes (who, when, from, to, why)")
    fields = ["at", "actor", "get_from_status_display", "get_to_status_display", "action", "reason"]
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

    @admin.display(description=_("action"))
    def action(self, obj):
        workflow = workflow_for(self.parent_model)
        transition = workflow.transitions.get(obj.name) if workflow else None
        return transition.label if transition else obj.name or "—"
