"""The tenant's billing page: invoices, status, balance and PDF downloads, for the company's members
only; another company's invoice answers 404."""

import datetime

import pytest

from billing import services
from tests.factories import BillingLeaseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def invoice():
    lease = BillingLeaseFactory(company__name_ko="주식회사 숨소리")
    return services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12, today=TODAY)


@pytest.mark.parametrize("role", ["owner", "admin", "member"])
def test_a_member_sees_invoices_balance_and_downloads_the_pdf(client, invoice, role):
    services.payment_record(invoice=invoice, paid_on=TODAY, amount=16_400, today=TODAY)
    client.force_login(MembershipFactory(company=invoice.company, role=role).user)
    response = client.get("/billing/", follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert invoice.number in html and "1,016,400원" in html and "1,000,000원" in html
    assert "일부 납부" in html or "Partly paid" in html
    assert response.context["balance"] == {"outstanding": 1_000_000, "credit": 0, "balance": 1_000_000}
    pdf = client.get(f"/billing/{invoice.company_id}/invoices/{invoice.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert f'filename="{invoice.number}.pdf"' in pdf["Content-Disposition"]
    assert pdf["Content-Disposition"].startswith("attachment")
    assert pdf["Cache-Control"] == "private, no-store" and pdf["X-Content-Type-Options"] == "nosniff"


def test_another_companys_invoice_answers_404(client, invoice):
    outsider = MembershipFactory(role="owner")
    client.force_login(outsider.user)
    assert client.get(f"/billing/{invoice.company_id}/").status_code == 404
    assert client.get(f"/billing/{invoice.company_id}/invoices/{invoice.pk}/pdf/").status_code == 404
    # nor through the outsider's own company in the address
    assert client.get(f"/billing/{outsider.company_id}/invoices/{invoice.pk}/pdf/").status_code == 404
    own = client.get(f"/billing/{outsider.company_id}/")
    assert own.status_code == 200 and invoice.number not in own.content.decode()


def test_anonymous_visitors_are_sent_to_log_in_and_strangers_see_nothing(client, invoice):
    response = client.get(f"/billing/{invoice.company_id}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(f"/billing/{invoice.company_id}/invoices/{invoice.pk}/pdf/").status_code == 404


def test_the_page_shows_account_credit_and_credit_notes(client, invoice):
    services.payment_record(invoice=invoice, paid_on=TODAY, amount=1_100_000, today=TODAY)
    client.force_login(MembershipFactory(company=invoice.company).user)
    response = client.get(f"/billing/{invoice.company_id}/")
    assert response.context["balance"] == {"outstanding": 0, "credit": 83_600, "balance": -83_600}


def test_the_page_query_count_stays_the_same_as_invoices_grow(client, invoice, django_assert_num_queries):
    client.force_login(MembershipFactory(company=invoice.company).user)
    url = f"/billing/{invoice.company_id}/"
    client.get(url)
    # the account to pay into, late charges, tax invoices, virtual accounts and refunds
    with django_assert_num_queries(13) as first:
        client.get(url)
    for month in (1, 2, 3):
        services.invoice_issue_for_lease(lease_id=invoice.lease_id, year=2027, month=month, today=TODAY)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert len(response.context["invoices"]) == 4


def test_demo_data_bills_the_demo_tenant_and_can_run_twice(client):
    import io

    from django.core.management import call_command

    from billing.models import Invoice

    call_command("seed_demo", stdout=io.StringIO())
    count = Invoice.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Invoice.objects.count() == count == 4
    owner = MembershipFactory._meta.model.objects.get(user__email="tenant@demo.yangjae-ai.kr")
    client.force_login(owner.user)
    response = client.get("/billing/", follow=True)
    invoice = response.context["invoices"][0]
    assert invoice.company_name == "주식회사 양재비전에이아이" and invoice.bank_account.startswith("우리은행")
    assert client.get(f"/billing/{owner.company_id}/invoices/{invoice.pk}/pdf/").status_code == 200


def test_the_page_says_how_to_pay_in_the_users_language(client, invoice, settings):
    lessor = invoice.lease.unit.floor.building.lessor
    client.force_login(MembershipFactory(company=invoice.company, role="member").user)
    html = client.get(f"/billing/{invoice.company_id}/").content.decode()
    assert "납부 방법" in html and "입금자명" in html
    for value in (lessor.bank_name, lessor.bank_account_number, lessor.bank_account_holder, lessor.department,
                  lessor.phone, lessor.email):
        assert value in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/billing/{invoice.company_id}/").content.decode()
    assert "How to pay" in html and "Account number" in html and lessor.bank_account_number in html
