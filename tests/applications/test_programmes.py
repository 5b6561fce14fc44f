"""Programmes: the public list and page with their open calls in both languages, the home page's calls open
now by programme, the cache, and the migration that put every existing call in the tenancy programme."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import BuildingFactory, CallFactory, ProgrammeFactory

ENGLISH = {"HTTP_COOKIE": "portal_language=en"}


def _window(days_from_now: int, length: int = 28) -> dict:
    opens = timezone.now() + datetime.timedelta(days=days_from_now)
    return {"opens_at": opens, "closes_at": opens + datetime.timedelta(days=length)}


@pytest.fixture
def programmes(db):
    tenancy = ProgrammeFactory()
    gpu = ProgrammeFactory(code="gpu", name_ko="고성능 컴퓨팅(GPU) 지원", name_en="GPU compute support",
                           description_ko="GPU 사용 시간을 지원합니다.", description_en="GPU hours for startups.",
                           outcome="gpu_allocation", position=2)
    retired = ProgrammeFactory(code="old", name_ko="종료된 사업", name_en="Retired programme", is_active=False)
    CallFactory(code="T-OPEN", programme=tenancy, title_ko="입주기업 모집", title_en="Call for tenants", **_window(-7))
    CallFactory(code="T-PAST", programme=tenancy, title_ko="지난 입주 모집", title_en="Past tenancy call",
                **_window(-60, 30))
    CallFactory(code="G-OPEN", programme=gpu, title_ko="GPU 지원 모집", title_en="GPU support call", **_window(-1))
    CallFactory(code="G-SOON", programme=gpu, title_ko="GPU 2차 모집", title_en="GPU second call", **_window(10))
    CallFactory(code="X-OPEN", programme=retired, title_ko="폐지 사업 모집", title_en="Retired call", **_window(-3))
    return tenancy, gpu, retired


def test_the_list_shows_active_programmes_with_their_open_calls_in_both_languages(client, programmes):
    korean = client.get("/programmes/").content.decode()
    assert "우수기업센터 입주기업 모집" in korean and "고성능 컴퓨팅(GPU) 지원" in korean
    assert "입주기업 모집" in korean and "GPU 지원 모집" in korean and "GPU 사용 시간을 지원합니다." in korean
    for hidden in ("종료된 사업", "폐지 사업 모집", "지난 입주 모집", "GPU 2차 모집"):
        assert hidden not in korean
    assert korean.index("우수기업센터 입주기업 모집") < korean.index("고성능 컴퓨팅(GPU) 지원")  # by position

    english = client.get("/programmes/", **ENGLISH).content.decode()
    assert "Tenancy at the excellent-company center" in english and "GPU compute support" in english
    assert "Call for tenants" in english and "GPU support call" in english and "GPU hours for startups." in english
    for hidden in ("Retired programme", "Retired call", "Past tenancy call", "GPU second call"):
        assert hidden not in english
    assert "Programmes" in english and "지원사업" in korean


def test_a_programmes_page_shows_its_calls_by_window_and_an_inactive_one_is_not_found(client, programmes):
    html = client.get("/programmes/gpu/").content.decode()
    assert "GPU 지원 모집" in html and "GPU 2차 모집" in html and "GPU 자원 배정" in html
    assert "입주기업 모집" not in html
    english = client.get("/programmes/gpu/", **ENGLISH).content.decode()
    assert "GPU compute support" in english and "GPU second call" in english and "GPU allocation" in english
    assert client.get("/programmes/old/").status_code == 404
    assert client.get("/programmes/nothing/").status_code == 404


def test_the_home_page_shows_what_is_open_now_by_programme(client, programmes):
    html = client.get("/").content.decode()
    section = html[html.index('data-testid="home-open-now"'):]
    assert section.index("우수기업센터 입주기업 모집") < section.index("입주기업 모집</a>") < section.index(
        "고성능 컴퓨팅(GPU) 지원") < section.index("GPU 지원 모집")
    for hidden in ("폐지 사업 모집", "GPU 2차 모집", "지난 입주 모집"):
        assert hidden not in html
    english = client.get("/", **ENGLISH).content.decode()
    assert "Open now, by programme" in english and "GPU support call" in english


def test_pages_run_the_same_queries_with_one_or_many_programmes(client, programmes, django_assert_num_queries):
    # The calls' and the notices' moments (once per version of the data), the programmes, their open calls.
    with django_assert_num_queries(4):
        client.get("/programmes/")
    with django_assert_num_queries(2):  # the programme, its calls
        client.get("/programmes/gpu/")
    for i in range(5):
        programme = ProgrammeFactory(code=f"p{i}", position=10 + i)
        for j in range(3):
            CallFactory(code=f"P{i}-{j}", programme=programme, **_window(-1))
    with django_assert_num_queries(4):
        client.get("/programmes/")
    with django_assert_num_queries(2):
        client.get("/programmes/p1/")
    with django_assert_num_queries(0):  # nothing changed since: the content comes from the cache
        client.get("/programmes/")


def test_a_programmes_change_shows_on_the_next_request(client, programmes):
    _tenancy, gpu, retired = programmes
    assert "GPU compute support" in client.get("/programmes/", **ENGLISH).content.decode()
    gpu.name_en = "GPU hours for AI startups"
    gpu.save(update_fields=["name_en"])
    retired.is_active = True
    retired.save(update_fields=["is_active"])
    english = client.get("/programmes/", **ENGLISH).content.decode()
    assert "GPU hours for AI startups" in english and "Retired call" in english


def test_the_migration_puts_every_existing_call_in_the_tenancy_programme_and_back(transactional_db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = ("applications", "0011_programmes"), ("applications", "0013_call_programme_required")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    apps = executor.loader.project_state([before]).apps
    building = BuildingFactory()  # premises stays at its latest migration
    Call = apps.get_model("applications", "Call")
    now = timezone.now()
    for code in ("2025-1", "2025-2", "2026-1"):
        Call.objects.create(code=code, title_ko=code, building_id=building.pk, opens_at=now,
                            closes_at=now + datetime.timedelta(days=1))
    apps.get_model("applications", "Programme").objects.filter(code="tenancy").delete()

    executor = MigrationExecutor(connection)
    executor.migrate([after])
    apps = executor.loader.project_state([after]).apps
    tenancy = apps.get_model("applications", "Programme").objects.get(code="tenancy")
    assert (tenancy.name_ko, tenancy.outcome, tenancy.is_active) == ("우수기업센터 입주기업 모집", "unit_offer", True)
    calls = apps.get_model("applications", "Call").objects.all()
    assert calls.count() == 3 and set(calls.values_list("programme_id", flat=True)) == {tenancy.pk}

    executor = MigrationExecutor(connection)
    executor.migrate([before])
    apps = executor.loader.project_state([before]).apps
    assert set(apps.get_model("applications", "Call").objects.values_list("programme_id", flat=True)) == {None}
    assert not apps.get_model("applications", "Programme").objects.exists()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
