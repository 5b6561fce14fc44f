"""Half-yearly performance indicators reported by a tenant."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from portal.exceptions import DomainError, PermissionRefused

from ..models import Company, PerformanceReport, TeamMembership

FIGURES = ("employees", "foreign_employees", "revenue", "investment", "patents_filed", "patents_granted")


def half_year_of(date) -> tuple[int, int]:
    return date.year, 1 if date.month <= 6 else 2


@transaction.atomic
def performance_report_submit(*, company: Company, actor: User, year: int, half: int, **figures) -> PerformanceReport:
    """Create or correct the company's report for one half-year (not one that has not begun)."""
    membership = TeamMembership.objects.filter(company=company, user=actor).first()
    if membership is None or not membership.can_manage:
        raise PermissionRefused(_("Only the company's owners and administrators can do this."))
    if (year, half) > half_year_of(timezone.localdate()):
        raise DomainError(_("This half-year has not begun yet."), code="future")
    if figures["foreign_employees"] > figures["employees"]:
        raise DomainError(_("Foreign employees cannot outnumber all employees."), code="foreign")
    report = PerformanceReport.objects.select_for_update().filter(company=company, year=year, half=half).first()
    if report is None:
        return PerformanceReport.objects.create(
            company=company, year=year, half=half, submitted_by=actor, **{f: figures[f] for f in FIGURES}
        )
    for field in FIGURES:
        setattr(report, field, figures[field])
    report.submitted_by = actor
    report.save(update_fields=[*FIGURES, "submitted_by", "updated_at"])
    return report
