"""Queries compiled once (portal/compiled.py) answer as the ORM's own query does, for any values."""

import datetime

import pytest

from billing import services
from billing.services.invoices import _INVOICE_EXISTS_AND_LATE_DAYS, _invoice_exists_and_late_days_query
from portal.compiled import CompiledQuery
from tenants.models import Lease
from tests.factories import BillingLeaseFactory

pytestmark = pytest.mark.django_db


def test_the_invoice_check_answers_as_the_orm_for_each_lease_month_and_day():
    """Whether a month is invoiced and whether late-charge days wait to be billed: the compiled statement and the
    ORM's agree before and after an invoice, and before and after its late charges accrue."""
    invoiced, plain = BillingLeaseFactory(), BillingLeaseFactory()
    services.invoice_issue_for_lease(lease_id=invoiced.pk, year=2026, month=12, today=datetime.date(2026, 12, 1))
    services.late_charges_accrue(today=datetime.date(2027, 1, 10))
    for lease in (invoiced, plain):
        for year, month in ((2026, 12), (2027, 1)):
            for today in (datetime.date(2026, 12, 1), datetime.date(2027, 1, 10)):
                values = {"lease_id": lease.pk, "year": year, "month": month, "today": today}
                expected = tuple(bool(v) for v in _invoice_exists_and_late_days_query(**values).get())
                assert tuple(bool(v) for v in _INVOICE_EXISTS_AND_LATE_DAYS.rows(**values)[0]) == expected
    values = {"lease_id": invoiced.pk, "year": 2026, "month": 12, "today": datetime.date(2027, 1, 10)}
    assert tuple(_INVOICE_EXISTS_AND_LATE_DAYS.rows(**values)[0]) == (True, True)


def test_a_sample_the_query_does_not_use_or_two_samples_alike_are_refused():
    unused = CompiledQuery(lambda pk, other: Lease.objects.filter(pk=pk).values_list("pk"), pk=-5, other=-6)
    with pytest.raises(ValueError, match="other"):
        unused.rows(pk=1, other=2)
    alike = CompiledQuery(lambda a, b: Lease.objects.filter(pk=a, unit_id=b).values_list("pk"), a=-5, b=-5)
    with pytest.raises(ValueError, match="share"):
        alike.rows(a=1, b=2)
