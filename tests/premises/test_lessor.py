"""The lessor named on bills: staff edit it in the admin (registration number checked, seal kept private);
buildings point to it."""

import io

from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from premises.models import Lessor
from tests.factories import BuildingFactory, LessorFactory


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _form(lessor: Lessor, **changes) -> dict:
    data = {
        "name": lessor.name, "business_registration_number": "2148300015", "representative": lessor.representative,
        "address": lessor.address, "business_type": "부동산업", "business_item": "비주거용 건물 임대업",
        "department": "AI산업과", "phone": "0221556114", "email": "ai@seocho.example.kr",
        "bank_name": "우리은행", "bank_account_number": "1005-804-114114", "bank_account_holder": "서울특별시 서초구청",
        "rounding_unit": 1, "rounding_mode": "truncate",
    }
    return {**data, **changes}


def test_staff_edit_the_lessor_and_a_mistyped_registration_number_is_refused_beside_the_field(staff_client):
    lessor = LessorFactory()
    url = f"/admin/premises/lessor/{lessor.pk}/change/"
    page = staff_client.get(url).content.decode()
    assert "서울특별시 서초구청장" in page and "id_seal" in page
    response = staff_client.post(url, _form(lessor, business_registration_number="214-83-00016"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == ["business_registration_number"]
    assert "유효하지 않은 사업자등록번호입니다" in str(form.errors["business_registration_number"])
    assert "AI산업과" in response.content.decode()  # what was typed is kept
    response = staff_client.post(url, _form(lessor, seal=SimpleUploadedFile("직인.png", _png())))
    assert response.status_code == 302
    lessor.refresh_from_db()
    assert lessor.business_registration_number == "214-83-00015"  # stored in its written form
    assert (lessor.phone, lessor.department, lessor.bank_account) == (
        "02-2155-6114", "AI산업과", "우리은행 1005-804-114114 (서울특별시 서초구청)")
    # The seal is kept in the private storage, under a generated name, and never linked.
    assert lessor.seal.name.startswith("premises/seals/") and "직인" not in lessor.seal.name
    assert storages["private"].exists(lessor.seal.name)
    page = staff_client.get(url).content.decode()
    assert lessor.seal.name not in page and "/media/" not in page


def test_a_seal_that_is_not_an_image_is_refused(staff_client):
    lessor = LessorFactory()
    url = f"/admin/premises/lessor/{lessor.pk}/change/"
    response = staff_client.post(url, _form(lessor, seal=SimpleUploadedFile("seal.png", b"%PDF-1.4 not an image")))
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["seal"]
    lessor.refresh_from_db()
    assert not lessor.seal


def test_staff_add_a_lessor_and_point_a_building_to_it(staff_client):
    response = staff_client.post("/admin/premises/lessor/add/", _form(
        Lessor(name="재단법인 서초산업진흥원", representative="홍길동", address="서울특별시 서초구 태봉로 114")))
    assert response.status_code == 302
    operator = Lessor.objects.get(name="재단법인 서초산업진흥원")
    building = BuildingFactory()
    building.lessor = operator
    building.save(update_fields=["lessor"])
    assert list(operator.buildings.all()) == [building]
    listing = staff_client.get("/admin/premises/lessor/").content.decode()
    assert "재단법인 서초산업진흥원" in listing and "214-83-00015" in listing


def test_existing_buildings_get_the_district_as_lessor_with_the_account_they_carried(transactional_db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("premises", "0002_building_rates_meeting_rooms")])
    apps = executor.loader.project_state([("premises", "0002_building_rates_meeting_rooms")]).apps
    site = apps.get_model("premises", "Site").objects.create(name_ko="특구", slug="zone")
    apps.get_model("premises", "Building").objects.create(
        site=site, name_ko="센터", address_ko="서울특별시 서초구 태봉로 114", bank_name="우리은행",
        bank_account_number="1005-804-114114", bank_account_holder="서울특별시 서초구청")
    executor = MigrationExecutor(connection)
    executor.migrate([("premises", "0004_building_account_moves_to_lessor")])
    apps = executor.loader.project_state([("premises", "0004_building_account_moves_to_lessor")]).apps
    building = apps.get_model("premises", "Building").objects.get()
    lessor = building.lessor
    assert (lessor.name, lessor.representative, lessor.bank_account_number, lessor.address) == (
        "서울특별시 서초구", "서울특별시 서초구청장", "1005-804-114114", "서울특별시 서초구 태봉로 114")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
