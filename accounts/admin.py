"""Admin of users (e-mail login, roles as groups), their consents and the security-event log.

Users and permissions belong to superusers. District staff create evaluator and staff accounts (a role
chosen from a list, never a groups or permissions widget), edit names and contact details, deactivate
accounts and reset evaluators' two-factor authentication; they never see or post permission fields,
change a superuser, set anyone's password in the admin or change their own account's standing.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.admin import BoundedDateHierarchyMixin, ReadOnlyAdminMixin
from portal.exceptions import DomainError
from portal.exports import csv_response, register

from .models import ConsentRecord, SecurityEvent, User
from .notifications import account_notify_two_factor_reset
from .roles import STAFF_ASSIGNABLE_ROLES, Role
from .services import two_factor_reset, user_grant_role

# django-otp's device admin shows and edits the secret keys and lets a device be added for anyone: devices
# are set up by their owner through an e-mailed link and reset from the user list (logged, owner told).
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


class ConsentRecordInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    can_delete = False
    fields = ["purpose", "version", "given_at", "withdrawn_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class UserAddForm(AdminUserCreationForm):
    """The add form: the account's role is one choice, which the admin turns into its group (and staff
    status for district staff). `role_choices` is set per request: staff assign only STAFF_ASSIGNABLE_ROLES."""

    role_choices = Role.choices
    role = forms.ChoiceField(label=_("role"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "---------"), *self.role_choices]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "phone", "preferred_language", "is_staff", "is_active", "email_verified_at",
                    "date_joined"]
    list_select_related: list[str] = []
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "preferred_language"]
    search_fields = ["email", "name", "phone"]
    readonly_fields = ["last_login", "date_joined", "email_verified_at", "anonymised_at", "two_factor"]
    autocomplete_fields: list[str] = []
    inlines = [ConsentRecordInline]
    actions = ["reset_two_factor"]
    add_form = UserAddForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name", "phone", "preferred_language", "email_verified_at",
                                         "anonymised_at")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions",
                                       "two_factor")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    # What district staff see of an account: no password, no permission fields; the roles as text.
    staff_fieldsets = (
        (None, {"fields": ("email",)}),
        (_("Personal info"), {"fields": ("name", "phone", "preferred_language", "email_verified_at",
                                         "anonymised_at")}),
        (_("Permissions"), {"fields": ("is_active", "roles", "two_factor")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "role", "password1", "password2")}),
    )

    def get_queryset(self, request):
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_two_factor=Exists(confirmed))

    def get_list_display(self, request):
        return [*super().get_list_display(request), "two_factor"]

    @admin.display(description=_("two-factor authentication"), boolean=True, ordering="has_two_factor")
    def two_factor(self, obj):
        if hasattr(obj, "has_two_factor"):
            return obj.has_two_factor
        return TOTPDevice.objects.filter(user=obj, confirmed=True).exists()

    @admin.display(description=_("roles"))
    def roles(self, obj):
        labels = dict(Role.choices)
        names = sorted(obj.groups.values_list("name", flat=True))
        return ", ".join(str(labels.get(name, name)) for name in names) or "-"

    # ---- what district staff may do --------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.staff_fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser or obj is None:
            return fields
        fields += ["email", "roles"]
        if obj.pk == request.user.pk:
            fields.append("is_active")  # staff do not switch off their own account
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None and not request.user.is_superuser:
            form = type(form.__name__, (form,), {"role_choices": [
                (role.value, role.label) for role in STAFF_ASSIGNABLE_ROLES]})
        return form

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        """Only superusers set passwords here; everyone else changes their own on the portal's page, and
        a forgotten one is reset by e-mail."""
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        if not change and obj.email_verified_at is None:
            # Staff who create an account vouch for its address (evaluators, staff colleagues).
            obj.email_verified_at = timezone.now()
        super().save_model(request, obj, form, change)
        if not change:
            user_grant_role(user=obj, role=Role(form.cleaned_data["role"]))

    # ---- two-factor authentication -----------------------------------------------------------------

    def has_two_factor_reset_permission(self, request):
        return request.user.is_district_staff

    @admin.action(description=_("Reset two-factor authentication of the selected accounts"),
                  permissions=["two_factor_reset"])
    def reset_two_factor(self, request, queryset):
        """Remove the accounts' authenticator devices (a lost phone): each owner sets up a new one through
        an e-mailed link at their next login. Staff reset evaluators' devices; superusers anyone's."""
        for user in queryset.order_by("email"):
            try:
                with transaction.atomic():
                    removed = two_factor_reset(user=user, actor=request.user, request=request)
                    if removed:
                        account_notify_two_factor_reset(user=user)
            except DomainError as error:
                self.message_user(request, f"{user}: {error.message}", messages.ERROR)
                continue
            if removed:
                self.message_user(request, _("%(user)s: two-factor authentication was reset; the owner was "
                                             "told by e-mail.") % {"user": user}, messages.SUCCESS)
            else:
                self.message_user(request, _("%(user)s: no authenticator app was set up.") % {"user": user},
                                  messages.WARNING)


@admin.register(ConsentRecord)
class ConsentRecordAdmin(BoundedDateHierarchyMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "purpose", "version", "given_at", "withdrawn_at"]
    list_select_related = ["user"]
    list_filter = ["purpose", "version", "withdrawn_at"]
    search_fields = ["user__email", "user__name"]
    readonly_fields = ["user", "purpose", "version", "given_at", "withdrawn_at"]
    autocomplete_fields: list[str] = []
    date_hierarchy = "given_at"


CSV_COLUMNS = ["at", "kind", "user_id", "email", "ip", "user_agent", "details"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(BoundedDateHierarchyMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "kind", "email", "user", "ip", "short_user_agent"]
    list_select_related = ["user"]
    list_filter = ["kind", "at"]
    search_fields = ["email", "user__email", "ip"]
    readonly_fields = ["at", "kind", "user", "email", "ip", "user_agent", "details"]
    autocomplete_fields: list[str] = []
    date_hierarchy = "at"
    actions = ["export_csv"]

    @admin.display(description=_("user agent"))
    def short_user_agent(self, obj):
        return obj.user_agent[:60]

    @admin.action(description=_("Export the selected events as CSV"), permissions=["view"])
    @register("security-events")
    def export_csv(self, request, queryset):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        rows = ([timezone.localtime(event.at).isoformat(), event.kind, event.user_id or "", event.email,
                 event.ip or "", event.user_agent, event.details] for event in queryset.order_by("at", "id").iterator())
        return csv_response(f"security-events-{stamp}.csv", CSV_COLUMNS, rows)

