"""Factories of the test suite, in one place."""

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


def _with_role(default: Role):
    """A post-generation hook granting `default` (or the role passed as role=...)."""

    def grant(obj, create, extracted, **kwargs):
        obj.save()
        user_grant_role(user=obj, role=Role(extracted or default))

    return factory.PostGeneration(grant)


class StaffFactory(UserFactory):
    role = _with_role(Role.DISTRICT_STAFF)


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


# ---------------------------------------------------------------------------------------------
# Calls, applications and the evaluation
# ---------------------------------------------------------------------------------------------

class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Call"
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"2031-{n}")
    title_ko = factory.Sequence(lambda n: f"우수기업센터 입주기업 모집 {n}")
    title_en = factory.Sequence(lambda n: f"Call for tenants {n}")
    building = factory.SubFactory(BuildingFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=30))
    closes_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))

    @factory.post_generation
    def defaults(obj, create, extracted, **kwargs):
        """Documents and criteria (40/30/30 per stage) unless defaults=False."""
        if create and extracted is not False:
            from applications.services import call_add_defaults

            call_add_defaults(call=obj)


class ApplicantFactory(UserFactory):
    role = _with_role(Role.APPLICANT)


class EvaluatorFactory(UserFactory):
    role = _with_role(Role.EVALUATOR)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Application"

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(ApplicantFactory)
    status = "submitted"
    receipt_number = factory.Sequence(lambda n: f"T-{n:05d}")
    submitted_at = factory.LazyFunction(timezone.now)
    company_name_ko = factory.Sequence(lambda n: f"양재에이아이{n} 주식회사")
    company_name_en = factory.Sequence(lambda n: f"Yangjae AI {n} Inc.")
    business_registration_number = factory.Sequence(lambda n: f"{1000000000 + n}")
    ceo_name = "김대표"
    ai_field = "vision"
    headcount = 25
    desired_unit_type = factory.SubFactory(UnitTypeFactory)
    business_summary = "AI 기반 서비스"


class ApplicationDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.ApplicationDocument"

    application = factory.SubFactory(ApplicationFactory)
    document_type = factory.LazyAttribute(lambda o: o.application.call.document_types.first())
    file = factory.django.FileField(filename="plan.pdf", data=b"%PDF-1.7 business plan")
    original_name = "사업계획서.pdf"
    size = 22
    detected_format = "pdf"
    sha256 = "0" * 64
    uploaded_by = factory.LazyAttribute(lambda o: o.application.applicant)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evaluations.Assignment"

    evaluator = factory.SubFactory(EvaluatorFactory)
    call = factory.SubFactory(CallFactory)
    stage = 1


class PresentationSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evaluations.PresentationSlot"

    call = factory.SubFactory(CallFactory)
    starts_at = factory.Sequence(lambda n: timezone.now() + timezone.timedelta(days=7, minutes=30 * n))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timezone.timedelta(minutes=20))
    place = "3층 대회의실"


class ScorecardFactory(factory.django.DjangoModelFactory):
    """A submitted scorecard with only its total (enough for aggregation)."""

    class Meta:
        model = "evaluations.Scorecard"

    evaluator = factory.SubFactory(EvaluatorFactory)
    application = factory.SubFactory(ApplicationFactory)
    stage = 1
    total = 70
    submitted_at = factory.LazyFunction(timezone.now)
    locked = True
