"""The certificate as the district signs it: the legal basis, the facts with the company's designated
project (and for patents, that the invention results from it), the head of the district's title with the
seal staff upload, the official date line and number, in PDF and HWPX, Korean and English for immigration."""

import io
import re
import zipfile

from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from exemptions import services
from exemptions.models import DocumentIssuer
from portal.formatting import format_official_date
from portal.hwpx import hwpx_text
from tests.exemptions.conftest import approved_immigration, approved_patent, pdf_text
from tests.factories import designated_project


def _flat(text: str) -> str:
    """Text without spaces and line breaks: a PDF's extracted lines break long sentences anywhere."""
    return re.sub(r"\s+", "", text)


def _download(client, name, tenant, document) -> bytes:
    response = client.get(reverse(name, args=[tenant.company.pk, document.pk]))
    assert response.status_code == 200, name
    return b"".join(response.streaming_content)


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 120), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_immigration_certificate_states_the_official_act_in_both_languages_and_formats(client, tenant, staff):
    document = services.document_issue(request_id=approved_immigration(client, tenant, staff).pk)
    imm, project, today = document.exemption_type, designated_project(), timezone.localdate()
    year = today.year
    assert document.number == f"제{year}-0001호"
    client.force_login(tenant.member)
    expected = {
        "ko": [imm.legal_basis_ko, project.name_ko, "서울특별시 서초구청장", format_official_date(today, "ko"),
               document.number, "위와 같이 확인합니다.", "해당 특화사업에 종사하고 있습니다", "미국"],
        "en": [imm.legal_basis_en, project.name_en, "Mayor of Seocho-gu, Seoul Metropolitan City",
               format_official_date(today, "en"), document.number, "The above is hereby certified.",
               "works on that project", "United States"],
    }
    assert re.fullmatch(rf"{year}\. \d{{1,2}}\. \d{{1,2}}\.", expected["ko"][3])
    files = {
        ("ko", "pdf"): pdf_text(_download(client, "exemptions:document", tenant, document)),
        ("en", "pdf"): pdf_text(_download(client, "exemptions:document_en", tenant, document)),
        ("ko", "hwpx"): hwpx_text(_download(client, "exemptions:document_hwpx", tenant, document)),
        ("en", "hwpx"): hwpx_text(_download(client, "exemptions:document_en_hwpx", tenant, document)),
    }
    for (language, kind), text in files.items():
        for phrase in expected[language]:
            assert _flat(phrase) in _flat(text), (language, kind, phrase)
        assert f"{year}-12-" not in text and "M12345678" not in text, (language, kind)
    assert "1990. 5. 1." in files["ko", "pdf"] and "1 May 1990" in files["en", "hwpx"]  # dates the official way


def test_the_hwpx_is_an_owpml_package_hangul_opens(client, tenant, staff):
    document = services.document_issue(request_id=approved_immigration(client, tenant, staff).pk)
    client.force_login(tenant.owner)
    response = client.get(reverse("exemptions:document_hwpx", args=[tenant.company.pk, document.pk]))
    assert response["Content-Type"] == "application/hwp+zip"
    assert document.number in response["Content-Disposition"] or ".hwpx" in response["Content-Disposition"]
    package = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    first = package.infolist()[0]
    # The OCF rule: "mimetype" first and stored, then the manifest and the section XML.
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert package.read("mimetype") == b"application/hwp+zip"
    assert {"META-INF/container.xml", "Contents/content.hpf", "Contents/section0.xml"} <= set(package.namelist())


def test_the_patent_certificate_says_the_invention_results_from_the_designated_project(tenant, staff, client):
    document = services.document_issue(request_id=approved_patent(tenant, staff).pk)
    pat, project = document.exemption_type, designated_project()
    client.force_login(tenant.owner)
    assert not document.pdf_en_path and not document.hwpx_en_path  # Korean only
    for text in (pdf_text(_download(client, "exemptions:document", tenant, document)),
                 hwpx_text(_download(client, "exemptions:document_hwpx", tenant, document))):
        flat = _flat(text)
        for phrase in (pat.legal_basis_ko, project.name_ko, "발명은해당특화사업의수행결과로이루어진것입니다",
                       "서울특별시서초구청장", format_official_date(document.issued_on, "ko"), document.number,
                       "1-2020-012345-6", "G06N3/08"):
            assert _flat(phrase) in flat, phrase


def test_staff_upload_the_seal_and_the_district_heads_title_which_certificates_then_carry(client, tenant, staff):
    admin = staff
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    client.force_login(admin)
    response = client.post(reverse("admin:exemptions_documentissuer_add"), {
        "name_ko": "서울특별시 서초구청장", "name_en": "Mayor of Seocho-gu, Seoul",
        "seal": SimpleUploadedFile("직인.png", _png(), content_type="image/png"),
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    issuer = DocumentIssuer.objects.get()
    # Kept in the private storage under a generated name; one issuer only.
    assert issuer.seal.name.startswith("exemptions/seals/") and "직인" not in issuer.seal.name
    assert storages["private"].exists(issuer.seal.name)
    second = client.post(reverse("admin:exemptions_documentissuer_add"), {"name_ko": "다른 명의", "name_en": ""})
    assert second.status_code == 200 and DocumentIssuer.objects.count() == 1
    refused = client.post(reverse("admin:exemptions_documentissuer_change", args=[issuer.pk]), {
        "name_ko": "서울특별시 서초구청장", "name_en": "x",
        "seal": SimpleUploadedFile("seal.png", b"%PDF-1.4 not an image", content_type="image/png")})
    assert list(refused.context["adminform"].form.errors) == ["seal"]

    document = services.document_issue(request_id=approved_immigration(client, tenant, staff).pk)
    client.force_login(tenant.owner)
    pdf = _download(client, "exemptions:document_en", tenant, document)
    assert "Mayor of Seocho-gu, Seoul" in pdf_text(pdf)
    assert any(page.images for page in PdfReader(io.BytesIO(pdf)).pages)  # the seal is printed
    hwpx = zipfile.ZipFile(io.BytesIO(_download(client, "exemptions:document_hwpx", tenant, document)))
    assert len([n for n in hwpx.namelist() if n.startswith("BinData/")]) == 2  # the seal and the QR code


def test_the_official_date_line_and_number():
    import datetime as dt

    from portal.numbering import official_number

    assert format_official_date(dt.date(2026, 12, 1), "ko") == "2026. 12. 1."
    assert format_official_date(dt.date(2026, 12, 1), "en") == "1 December 2026"
    assert official_number(year=2026, sequence=1) == "제2026-0001호"
