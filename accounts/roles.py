"""The portal's roles, kept as auth groups, and the permissions district staff hold."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    TENANT_MEMBER = "tenant_member", _("Tenant member")
    EVALUATOR = "evaluator", _("Evaluator")
    DISTRICT_STAFF = "district_staff", _("District staff")


# The roles district staff may give the accounts they create; every other role, staff status beyond
# the district-staff role, superuser status and permissions are the superusers' (accounts/admin.py).
STAFF_ASSIGNABLE_ROLES = (Role.EVALUATOR, Role.DISTRICT_STAFF)

# Apps whose models district staff manage in the admin.
STAFF_MANAGED_APPS = (
    "accounts",
    "privacy",
    "notifications",
    "decisions",
    "premises",
    "applications",
    "evaluations",
    "tenants",
    "billing",
    "receipts",
    "taxinvoices",
    "exemptions",
    "privacy",
    "helpdesk",
    "outreach",
    "messaging",
    "compute",
    "django_celery_beat",
)
# Permissions of those apps that staff do not get: accounts are deactivated, never deleted, by staff.
STAFF_WITHHELD_PERMISSIONS = (
    ("accounts", "delete_user"),
    # An inquiry and its notes are the record of a request the district answered.
    ("helpdesk", "delete_inquiry"), ("helpdesk", "delete_inquirynote"),
)


def sync_staff_permissions(sender=None, using="default", **kwargs) -> None:
    """After every migrate, give the district-staff group every permission of the portal's apps but the
    withheld ones."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.using(using).get_or_create(name=Role.DISTRICT_STAFF.value)
    perms = Permission.objects.using(using).filter(content_type__app_label__in=STAFF_MANAGED_APPS)
    for app_label, codename in STAFF_WITHHELD_PERMISSIONS:
        perms = perms.exclude(content_type__app_label=app_label, codename=codename)
    group.permissions.set(perms)


def role_home_url(user) -> str:
    """Where a user lands after logging in without a `next` address: where their work is. The pages are
    named in ``PORTAL_ROLE_HOME`` (settings), first role first: staff, evaluator, tenant member, applicant."""
    from django.conf import settings
    from django.urls import reverse

    if user.is_district_staff:
        role = Role.DISTRICT_STAFF.value
    else:
        role = next((r.value for r in (Role.EVALUATOR, Role.TENANT_MEMBER, Role.APPLICANT) if user.has_role(r)), "")
    return reverse(settings.PORTAL_ROLE_HOME.get(role, settings.LOGIN_REDIRECT_URL))
