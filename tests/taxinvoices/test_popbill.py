"""The Popbill issuer, the real SDK against the loopback fake (tests/fakes/popbill_taxinvoice.py): issue and
send to the NTS after the invoice commits, the NTS's acceptance by the polling task, a refusal asked again with
backoff then sent again, cancelling; without credentials the issuer says it is off."""

import datetime

import pytest
from celery.exceptions import Retry

from portal.models import PendingTask
from taxinvoices import services
from taxinvoices.issuers import issuer_get
from taxinvoices.models import TaxInvoice
from taxinvoices.tasks import tax_invoice_check_task, tax_invoice_issue_task
from taxinvoices.workflow import TaxInvoiceStatus
from tests.factories import BillingLeaseFactory, StaffFactory
from tests.fakes.popbill import CORP_NUM
from tests.fakes.popbill_taxinvoice import TaxinvoiceApi

from .conftest import issue

pytestmark = pytest.mark.django_db
BRN = f"{CORP_NUM[:3]}-{CORP_NUM[3:5]}-{CORP_NUM[5:]}"


@pytest.fixture
def api(popbill_fake, settings):
    settings.TAXINVOICE_ISSUER = "popbill"
    return TaxinvoiceApi(popbill_fake).install()


@pytest.fixture
def lease():
    return BillingLeaseFactory(unit__floor__building__lessor__business_registration_number=BRN)


def _issue_committed(lease, capture):
    with capture(execute=True):
        return issue(lease)


def test_an_issued_invoice_is_issued_and_sent_to_the_nts_after_commit(api, lease, django_capture_on_commit_callbacks):
    invoice, tax_invoice = _issue_committed(lease, django_capture_on_commit_callbacks)

    tax_invoice.refresh_from_db()
    assert tax_invoice.status == TaxInvoiceStatus.ACCEPTED  # the check ran after the send: the NTS accepted
    assert tax_invoice.issuer == "popbill"
    assert tax_invoice.approval_number == api.approvals[invoice.number][:8] + "-" + api.approvals[invoice.number][9:]
    (registered,) = api.fake.calls("POST", "/Taxinvoice")
    assert registered.headers["x-http-method-override"] == "ISSUE"
    document = registered.json()
    assert (document["invoicerCorpNum"], document["invoicerMgtKey"], document["writeDate"]) == (
        CORP_NUM, invoice.number, "20261225")
    assert (document["supplyCostTotal"], document["taxTotal"], document["totalAmount"]) == ("924000", "92400",
                                                                                           "1016400")
    assert document["invoiceeCorpNum"] == lease.company.business_registration_number.replace("-", "")
    assert document["invoiceeEmail1"] == lease.company.tax_invoice_email
    assert [(d["itemName"], d["supplyCost"], d["tax"], d["purchaseDT"]) for d in document["detailList"]] == [
        ("임대료", "660000", "66000", "20261225"), ("관리비", "264000", "26400", "20261225")]
    assert (document["issueType"], document["taxType"], document["purposeType"]) == ("정발행", "과세", "청구")
    sends = api.fake.calls("POST", f"/Taxinvoice/SELL/{invoice.number}")
    assert [r.headers["x-http-method-override"] for r in sends] == ["NTS"]
    assert api.fake.calls("GET", f"/Taxinvoice/SELL/{invoice.number}")
    log = [(c.name, c.actor_kind) for c in tax_invoice.transitions.order_by("id")]
    assert log == [("", "system"), ("issue", "system"), ("send", "system"), ("accept", "system")]


def test_the_tasks_are_queued_through_the_outbox_with_ids(api, lease, django_capture_on_commit_callbacks):
    _invoice, tax_invoice = _issue_committed(lease, django_capture_on_commit_callbacks)
    names = set(PendingTask.objects.values_list("name", flat=True))
    assert {"taxinvoices.tasks.tax_invoice_issue_task", "taxinvoices.tasks.tax_invoice_check_task"} <= names
    assert PendingTask.objects.get(name="taxinvoices.tasks.tax_invoice_issue_task").kwargs == {
        "tax_invoice_id": tax_invoice.pk}


def test_issuing_again_does_nothing(api, lease, django_capture_on_commit_callbacks):
    _invoice, tax_invoice = _issue_committed(lease, django_capture_on_commit_callbacks)
    before = len(api.fake.requests)
    assert tax_invoice_issue_task(tax_invoice_id=tax_invoice.pk) is None
    assert len(api.fake.requests) == before


@pytest.fixture
def retries(monkeypatch):
    """The check task's retries, recorded instead of run: each attempt is then applied by the test, as the
    broker would deliver it after the countdown."""
    countdowns = []

    def retry(*args, countdown=None, **kwargs):
        countdowns.append(countdown)
        raise Retry(when=countdown)

    monkeypatch.setattr(tax_invoice_check_task, "retry", retry)
    return countdowns


def _check(tax_invoice, attempt=0):
    return tax_invoice_check_task.apply(kwargs={"tax_invoice_id": tax_invoice.pk}, retries=attempt, throw=False)


def test_an_nts_refusal_is_asked_again_with_backoff_then_sent_again_and_accepted(api, lease, retries):
    invoice, tax_invoice = issue(lease)  # not committed: the tasks are called by hand below
    api.outcomes[invoice.number] = ["pending", "pending", "failed", "accepted"]
    services.tax_invoice_issue(tax_invoice_id=tax_invoice.pk)

    states = [_check(tax_invoice, attempt).state for attempt in range(3)]

    assert states == ["RETRY", "RETRY", "SUCCESS"]
    assert retries == [60, 120]  # one minute, then twice as long
    assert len(api.fake.calls("GET", f"/Taxinvoice/SELL/{invoice.number}")) == 3
    tax_invoice.refresh_from_db()
    assert (tax_invoice.status, tax_invoice.nts_result) == (TaxInvoiceStatus.FAILED, "SYN003")
    assert tax_invoice.transitions.latest("id").reason == "SYN003"

    staff = StaffFactory()
    services.tax_invoice_resend(tax_invoice=tax_invoice, actor=staff)
    assert _check(tax_invoice).get() == "accepted"
    tax_invoice.refresh_from_db()
    assert tax_invoice.status == TaxInvoiceStatus.ACCEPTED
    sends = api.fake.calls("POST", f"/Taxinvoice/SELL/{invoice.number}")
    assert [r.headers["x-http-method-override"] for r in sends] == ["NTS", "NTS"]
    assert tax_invoice.transitions.get(name="resend").actor_id == staff.pk


def test_the_check_waits_longer_each_time_up_to_an_hour(api, lease, retries):
    invoice, tax_invoice = issue(lease)
    api.outcomes[invoice.number] = ["pending"]
    services.tax_invoice_issue(tax_invoice_id=tax_invoice.pk)
    for attempt in (0, 1, 2, 3, 7):
        _check(tax_invoice, attempt)
    assert retries == [60, 120, 240, 480, 3600]
    tax_invoice.refresh_from_db()
    assert tax_invoice.status == TaxInvoiceStatus.SENT and tax_invoice.checked_at


def test_staff_cancel_an_issued_tax_invoice_the_nts_has_not_accepted(api, lease):
    invoice, tax_invoice = issue(lease)
    api.outcomes[invoice.number] = ["failed"]
    services.tax_invoice_issue(tax_invoice_id=tax_invoice.pk)
    services.tax_invoice_check(tax_invoice_id=tax_invoice.pk)
    tax_invoice.refresh_from_db()
    assert tax_invoice.status == TaxInvoiceStatus.FAILED

    cancelled = services.tax_invoice_cancel(tax_invoice=tax_invoice, actor=StaffFactory(), reason="공급받는자 정정")

    assert cancelled.status == TaxInvoiceStatus.CANCELLED
    (cancel,) = [r for r in api.fake.calls("POST", f"/Taxinvoice/SELL/{invoice.number}")
                 if r.headers["x-http-method-override"] == "CANCELISSUE"]
    assert cancel.json() == {"memo": "공급받는자 정정"}
    assert api.states[invoice.number] == 600


def test_a_refused_issue_leaves_the_draft_and_says_why(api, lease):
    _invoice, tax_invoice = issue(lease)
    api.documents[tax_invoice.mgt_key] = {}  # a key Popbill already holds, but not as ours
    api.states[tax_invoice.mgt_key] = 300
    api.approvals[tax_invoice.mgt_key] = "202612254100009912345678"
    result = services.tax_invoice_issue(tax_invoice_id=tax_invoice.pk)
    # Popbill refuses the key, then knows the document: it was issued by an earlier attempt.
    assert result.status == TaxInvoiceStatus.SENT
    assert result.approval_number == "20261225-41000099-12345678"


def test_a_modified_tax_invoice_carries_the_reason_code_and_the_original_approval_number(
        api, lease, django_capture_on_commit_callbacks):
    from billing import services as billing_services

    invoice, original = _issue_committed(lease, django_capture_on_commit_callbacks)
    original.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        note = billing_services.credit_note_issue(invoice=invoice, reason="면적 정정", supply=100_000,
                                                  today=datetime.date(2027, 1, 5))
    modified = TaxInvoice.objects.get(invoice=note)
    assert modified.status == TaxInvoiceStatus.ACCEPTED
    document = next(r.json() for r in api.fake.calls("POST", "/Taxinvoice")
                    if r.json()["invoicerMgtKey"] == note.number)
    assert (document["modifyCode"], document["orgNTSConfirmNum"]) == (2, original.approval_number.replace("-", ""))
    assert (document["supplyCostTotal"], document["taxTotal"], document["writeDate"]) == ("-100000", "-10000",
                                                                                          "20270105")


def test_without_credentials_the_popbill_issuer_is_off_and_nothing_is_queued(settings, lease,
                                                                             django_capture_on_commit_callbacks):
    settings.TAXINVOICE_ISSUER = "popbill"
    settings.POPBILL_LINK_ID = ""
    assert "POPBILL_LINK_ID" in issuer_get().available()  # says what is off, and which settings turn it on
    _invoice, tax_invoice = _issue_committed(lease, django_capture_on_commit_callbacks)
    tax_invoice.refresh_from_db()
    assert tax_invoice.status == TaxInvoiceStatus.DRAFT
    assert not PendingTask.objects.filter(name__startswith="taxinvoices.").exists()
