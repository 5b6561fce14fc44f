"""Factories of the test suite, in one place."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_grant_role
from premises.models import M2_PER_PYEONG, Building, Floor, Site, Unit, UnitType

PASSWORD = "correct-horse-battery-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.kr")
    name = factory.Sequence(lambda n: f"사용자{n}")
    preferred_language = "ko"
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        obj.save()
        if extracted:
            user_grant_role(user=obj, role=Role(extracted))


class StaffFactory(UserFactory):
    """A district official (staff status and the district-staff role)."""

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        obj.save()
        user_grant_role(user=obj, role=Role(extracted or Role.DISTRICT_STAFF))


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ["slug"]

    name_ko = "양재 AI 미래융합혁신특구"
    name_en = "Yangjae AI special zone"
    slug = "yangjae"


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    site = factory.SubFactory(SiteFactory)
    name_ko = "서초AICT 우수기업센터"
    name_en = "Seocho AICT Excellent Company Center"
    address_ko = "서울특별시 서초구 태봉로 114"


class FloorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Floor

    building = factory.SubFactory(BuildingFactory)
    number = factory.Sequence(lambda n: n % 9 + 1)


class UnitTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitType
        django_get_or_create = ["code"]

    code = "33"
    area_pyeong = Decimal("33")
    seats_min = 24
    seats_max = 28


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    floor = factory.SubFactory(FloorFactory)
    code = factory.Sequence(lambda n: f"U-{n:03d}")
    unit_type = factory.SubFactory(UnitTypeFactory)
    area_m2 = factory.LazyAttribute(lambda o: (o.unit_type.area_pyeong * M2_PER_PYEONG).quantize(Decimal("0.01")))
    seats = 28


# --- Calls for applications --------------------------------------------------------------------


class CallFactory(factory.django.DjangoModelFactory):
    """An open call by default: opened a week ago, closes in three weeks."""

    class Meta:
        model = "applications.Call"
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"2026-{n + 1}")
    title_ko = factory.Sequence(lambda n: f"양재 AI 우수기업센터 입주기업 모집 {n + 1}")
    title_en = factory.Sequence(lambda n: f"Call for tenants {n + 1}")
    building = factory.SubFactory(BuildingFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + datetime.timedelta(days=28))


class CallDocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.CallDocumentType"

    call = factory.SubFactory(CallFactory)
    name_ko = factory.Sequence(lambda n: f"서류 {n}")
    name_en = factory.Sequence(lambda n: f"Document {n}")
    allowed_formats = factory.LazyFunction(lambda: ["pdf", "hwp"])


class EvaluationCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.EvaluationCriterion"

    call = factory.SubFactory(CallFactory)
    stage = 1
    name_ko = factory.Sequence(lambda n: f"기준 {n}")
    name_en = factory.Sequence(lambda n: f"Criterion {n}")
    max_points = 10


class CallFAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.CallFAQ"

    call = factory.SubFactory(CallFactory)
    question_ko = factory.Sequence(lambda n: f"질문 {n}?")
    question_en = factory.Sequence(lambda n: f"Question {n}?")
    answer_ko = "답변입니다."
    answer_en = "The answer."


class CallScheduleItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.CallScheduleItem"

    call = factory.SubFactory(CallFactory)
    label_ko = factory.Sequence(lambda n: f"단계 {n}")
    label_en = factory.Sequence(lambda n: f"Step {n}")
    starts_on = factory.LazyFunction(timezone.localdate)
