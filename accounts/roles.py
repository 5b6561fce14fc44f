"""The portal's roles, kept as auth groups, and the permissions district staff hold."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    TENANT_MEMBER = "tenant_member", _("Tenant member")
    EVALUATOR = "evaluator", _("Evaluator")
    DISTRICT_STAFF = "district_staff", _("District staff")


# Apps whose models district staff manage in the admin.
STAFF_MANAGED_APPS = (
    "accounts",
    "notifications",
    "premises",
    "applications",
    "evaluations",
    "tenants",
    "billing",
    "exemptions",
    "django_celery_beat",
)


def sync_staff_permissions(sender=None, using="default", **kwargs) -> None:
    """After every migrate, give the district-staff group every permission of the portal's apps."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.using(using).get_or_create(name=Role.DISTRICT_STAFF.value)
    perms = Permission.objects.using(using).filter(content_type__app_label__in=STAFF_MANAGED_APPS)
    group.permissions.set(perms)
