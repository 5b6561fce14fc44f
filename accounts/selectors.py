"""Reads of accounts shared by the apps above: the one spelling of who the district staff are."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import User
from .roles import Role


def user_list_district_staff(*, with_superusers: bool) -> QuerySet[User]:
    """Active users with the district-staff role (staff accounts in its group), ordered by id.

    `with_superusers` adds every active superuser: for what any administrator may answer (an
    applicant's message); without them for the steps the district's officers take (offers, leases).
    """
    role = Q(is_staff=True, groups__name=Role.DISTRICT_STAFF.value)
    who = role | Q(is_superuser=True) if with_superusers else role
    return User.objects.filter(who, is_active=True).distinct().order_by("pk")
