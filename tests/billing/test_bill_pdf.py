"""What the issued bill says: the lessor block (with its seal), the tenant's registration data, the account
and how to pay; a credit note is a 감액 청구서, never a tax invoice."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from PIL import Image
from pypdf import PdfReader

from billing import services
from tests.factories import BillingLeaseFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def _seal_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), (200, 20, 20)).save(buffer, format="PNG")
    return buffer.getvalue()


def _pdf(invoice) -> PdfReader:
    with storages["private"].open(invoice.pdf_path, "rb") as file:
        return PdfReader(io.BytesIO(file.read()))


def _text(reader: PdfReader) -> str:
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


@pytest.fixture
def lease():
    lease = BillingLeaseFactory(company__name_ko="주식회사 말결", company__representative="이말결",
                                company__business_registration_number="120-87-13571")
    lessor = lease.unit.floor.building.lessor
    lessor.seal.save("seal.png", ContentFile(_seal_png()), save=True)
    return lease


def test_the_bill_names_the_lessor_the_tenant_and_how_to_pay(lease):
    invoice = services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12, today=TODAY)
    reader = _pdf(invoice)
    text = _text(reader)
    # The lessor (supplier) block.
    for expected in ("공급자 (임대인)", "서울특별시 서초구", "214-83-00015", "서울특별시 서초구청장",
                     "서울특별시 서초구 남부순환로 2584", "부동산업 / 비주거용 건물 임대업", "AI산업과",
                     "02-2155-6114", "aicenter@seocho.example.kr"):
        assert expected in text, expected
    # The tenant (recipient) with its registration data.
    for expected in ("공급받는자 (입주기업)", "주식회사 말결", "120-87-13571", "이말결"):
        assert expected in text, expected
    # The account and how to pay.
    for expected in ("납부 방법", "신한은행", "100-035-123456", "서초구청", "2026년 12월 25일 (금)", "입금자명"):
        assert expected in text, expected
    assert "1,016,400원" in text and "세금계산서" not in text
    # The seal is printed: the page carries one image.
    assert len(reader.pages[0].images) == 1


def test_without_a_seal_the_bill_has_no_image(lease):
    lessor = lease.unit.floor.building.lessor
    lessor.seal.delete(save=True)
    invoice = services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12, today=TODAY)
    reader = _pdf(invoice)
    assert len(reader.pages[0].images) == 0 and "서울특별시 서초구청장" in _text(reader)


def test_a_credit_note_is_titled_as_a_reduction_never_as_a_tax_invoice(lease):
    invoice = services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12, today=TODAY)
    note = services.credit_note_issue(invoice=invoice, reason="면적 정정", supply=100_000, today=TODAY)
    text = _text(_pdf(note))
    assert "감액 청구서" in text and "Credit note" in text
    assert "세금계산서" not in text
    assert invoice.number in text and "면적 정정" in text and "214-83-00015" in text
    assert "납부 방법" not in text  # nothing to pay
