"""The invoice PDF renders Korean glyphs with the project's own font (checked by extracting its text)."""

import io

from pypdf import PdfReader

from portal.pdf import render_pdf

SAMPLE = {
    "title_ko": "임대료 청구서", "title_en": "Invoice", "number": "INV-2026-12-0001",
    "issuer": {"name": "서울특별시 서초구청", "address": "서울특별시 서초구 남부순환로 2584"},
    "lessor": {"name": "서울특별시 서초구", "brn": "214-83-00015", "representative": "서울특별시 서초구청장",
               "address": "서울특별시 서초구 남부순환로 2584", "business": "부동산업 / 비주거용 건물 임대업",
               "department": "AI산업과", "contact": "02-2155-6114 · ai@seocho.example.kr", "seal": None},
    "tenant": {"name": "주식회사 #양재*에이아이 $1", "brn": "220-81-62517", "representative": "김대표"},
    "unit": "5F-03 (33평)", "period": "2026년 12월 1일 ~ 2026년 12월 31일",
    "issued_on": "2026년 12월 1일 (화)", "due_on": "2026년 12월 25일 (금)",
    "payment": {"bank": "신한은행", "account": "100-000-000000", "holder": "서초구청"},
    "lines": [
        {"label": "임대료 Rent", "basis": "33평 × 20,000원", "amount": 660000},
        {"label": "관리비 Management fee", "basis": "33평 × 8,000원", "amount": 264000},
    ],
    "supply": 924000, "vat": 92400, "total": 1016400, "note": "납부 기한 이후에는 연체 안내가 발송됩니다.",
}


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_the_invoice_pdf_holds_the_korean_text_and_amounts():
    text = _text(render_pdf("billing/invoice.typ", SAMPLE))
    for expected in ["임대료 청구서", "INV-2026-12-0001", "공급가액", "부가가치세", "1,016,400원", "92,400원",
                     "220-81-62517", "서초구청"]:
        assert expected in text


def test_user_text_is_not_interpreted_as_markup():
    text = _text(render_pdf("billing/invoice.typ", SAMPLE))
    assert "주식회사 #양재*에이아이 $1" in text


def test_the_pdf_embeds_the_noto_sans_kr_font():
    reader = PdfReader(io.BytesIO(render_pdf("billing/invoice.typ", SAMPLE)))
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()
             for f in [f.get_object()]}
    assert any("NotoSansKR" in name for name in fonts), fonts
