"""The public tenant directory: published profiles only, search by name, filter by AI field."""

from tests.factories import CompanyFactory


def test_only_published_companies_are_listed(client, db):
    CompanyFactory(name_ko="공개 비전", is_published=True, phone="02-5555-5555")
    CompanyFactory(name_ko="비공개 음성", is_published=False)
    html = client.get("/tenants/directory/").content.decode()
    assert "공개 비전" in html
    assert "비공개 음성" not in html
    assert "02-5555-5555" not in html


def test_search_by_name_in_either_language_and_filter_by_field(client, db):
    CompanyFactory(name_ko="딥비전", name_en="DeepVision", ai_field="vision", is_published=True)
    CompanyFactory(name_ko="보이스랩", name_en="VoiceLab", ai_field="speech", is_published=True)
    html = client.get("/tenants/directory/", {"q": "deepvis"}).content.decode()
    assert "딥비전" in html and "보이스랩" not in html
    html = client.get("/tenants/directory/", {"ai_field": "speech"}).content.decode()
    assert "보이스랩" in html and "딥비전" not in html
    html = client.get("/tenants/directory/", {"ai_field": "no-such-field"}).content.decode()
    assert "보이스랩" in html  # a bad filter is ignored, not a 500


def test_an_unpublished_profile_answers_404(client, db):
    hidden = CompanyFactory(is_published=False)
    shown = CompanyFactory(is_published=True, description_ko="우리는 비전 AI를 만듭니다.")
    assert client.get(f"/tenants/directory/{hidden.pk}/").status_code == 404
    response = client.get(f"/tenants/directory/{shown.pk}/")
    assert response.status_code == 200 and "우리는 비전 AI를 만듭니다." in response.content.decode()
    assert shown.billing_contact_email not in response.content.decode()


def test_the_directory_runs_the_same_number_of_queries_as_it_grows(client, db, django_assert_num_queries):
    CompanyFactory.create_batch(2, is_published=True)
    with django_assert_num_queries(2):  # count, page
        client.get("/tenants/directory/")
    CompanyFactory.create_batch(10, is_published=True, ai_field="speech")
    with django_assert_num_queries(2):
        response = client.get("/tenants/directory/", {"q": "AI"})
    assert response.content.decode().count('data-testid="directory-card"') == 12


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_uploaded_logo_shows_once_published_and_a_non_image_is_refused(client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import MembershipFactory

    owner = MembershipFactory(role="owner")
    company = owner.company
    client.force_login(owner.user)
    url = f"/tenants/{company.pk}/edit/"
    base = {"name_ko": company.name_ko, "ai_field": "vision", "representative": "홍길동",
            "tax_invoice_email": "tax@example.kr"}
    bad = client.post(url, {**base, "logo": SimpleUploadedFile("logo.png", b"not an image")})
    assert bad.status_code == 200 and "이미지" in bad.content.decode()
    good = client.post(url, {**base, "logo": SimpleUploadedFile("logo.png", _png(), content_type="image/png"),
                             "is_published": "on"})
    assert good.status_code == 302
    # The edit page names the current logo by the name it was uploaded under, without a link to its storage
    # address (not served), where it has a generated name.
    edit = client.get(url).content.decode()
    company.refresh_from_db()
    assert "logo.png" in edit
    assert company.logo.name.rsplit("/", 1)[-1] not in edit and "/media/" not in edit
    client.logout()
    logo = client.get(f"/tenants/directory/{company.pk}/logo/")
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content) == _png()
    company.is_published = False
    company.save(update_fields=["is_published"])
    assert client.get(f"/tenants/directory/{company.pk}/logo/").status_code == 404
