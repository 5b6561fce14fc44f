"""Factories of the test suite, in one place."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_grant_role
from applications.consents import APPLICATION_NOTICE_VERSION, notice_periods
from premises.models import M2_PER_PYEONG, Building, Floor, Lessor, Site, Unit, UnitType

PASSWORD = "correct-horse-battery-1"


def _assign_programmes(user, programmes) -> None:
    """District staff work on every programme unless `programmes=[...]` names theirs."""
    from applications.models import ProgrammeStaff

    if programmes is None and not user.groups.filter(name=Role.DISTRICT_STAFF.value).exists():
        return
    for programme in ([None] if programmes is None else programmes):
        ProgrammeStaff.objects.create(user=user, programme=programme)


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

    programmes = factory.PostGeneration(lambda obj, create, extracted, **kwargs: _assign_programmes(obj, extracted))


class StaffFactory(UserFactory):
    """A district official (staff status and the district-staff role)."""

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        obj.save()
        user_grant_role(user=obj, role=Role(extracted or Role.DISTRICT_STAFF))

    programmes = factory.PostGeneration(lambda obj, create, extracted, **kwargs: _assign_programmes(obj, extracted))


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ["slug"]

    name_ko = "양재 AI 미래융합혁신특구"
    name_en = "Yangjae AI special zone"
    slug = "yangjae"


class LessorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lessor

    name = "서울특별시 서초구"
    business_registration_number = "214-83-00015"
    representative = "서울특별시 서초구청장"
    address = "서울특별시 서초구 남부순환로 2584"
    business_type = "부동산업"
    business_item = "비주거용 건물 임대업"
    department = "AI산업과"
    phone = "02-2155-6114"
    email = "aicenter@seocho.example.kr"
    bank_name = "신한은행"
    bank_account_number = "100-035-123456"
    bank_account_holder = "서초구청"


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    site = factory.SubFactory(SiteFactory)
    lessor = factory.SubFactory(LessorFactory)
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


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """The excellent-company center's tenancy by default (made by the migrations); another `code` makes another."""

    class Meta:
        model = "applications.Programme"
        django_get_or_create = ["code"]

    code = "tenancy"
    name_ko = factory.LazyAttribute(lambda o: "우수기업센터 입주기업 모집" if o.code == "tenancy"
                                    else f"{o.code} 지원사업")
    name_en = factory.LazyAttribute(lambda o: "Tenancy at the excellent-company center" if o.code == "tenancy"
                                    else f"{o.code} programme")
    outcome = "unit_offer"


class CallFactory(factory.django.DjangoModelFactory):
    """An open call by default: opened a week ago, closes in three weeks."""

    class Meta:
        model = "applications.Call"
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"2026-{n + 1}")
    title_ko = factory.Sequence(lambda n: f"서초AICT 우수기업센터 입주기업 모집 {n + 1}")
    title_en = factory.Sequence(lambda n: f"Call for tenants {n + 1}")
    building = factory.SubFactory(BuildingFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + datetime.timedelta(days=28))


# --- Review and evaluation ---------------------------------------------------------------------


class ApplicantFactory(UserFactory):
    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        obj.save()
        user_grant_role(user=obj, role=Role(extracted or Role.APPLICANT))


class EvaluatorFactory(UserFactory):
    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        obj.save()
        user_grant_role(user=obj, role=Role(extracted or Role.EVALUATOR))


class ClosedCallFactory(CallFactory):
    """A call whose window has closed, with the usual documents and criteria (40/30/30 per stage)."""

    code = factory.Sequence(lambda n: f"2031-{n + 1}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    closes_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    @factory.post_generation
    def defaults(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            from applications.services import call_add_defaults

            call_add_defaults(call=obj)


class SubmittedApplicationFactory(factory.django.DjangoModelFactory):
    """An application past submission (status "submitted" unless given), with a receipt number."""

    class Meta:
        model = "applications.Application"

    call = factory.SubFactory(ClosedCallFactory)
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

    application = factory.SubFactory(SubmittedApplicationFactory)
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
    call = factory.SubFactory(ClosedCallFactory)
    stage = 1


class ScorecardFactory(factory.django.DjangoModelFactory):
    """A submitted scorecard with only its total (enough for aggregation)."""

    class Meta:
        model = "evaluations.Scorecard"

    evaluator = factory.SubFactory(EvaluatorFactory)
    application = factory.SubFactory(SubmittedApplicationFactory)
    stage = 1
    total = 70
    submitted_at = factory.LazyFunction(timezone.now)
    locked = True


class PresentationSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evaluations.PresentationSlot"

    call = factory.SubFactory(ClosedCallFactory)
    starts_at = factory.Sequence(lambda n: timezone.now() + datetime.timedelta(days=7, minutes=30 * n))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=20))
    place = "3층 대회의실"


# --- Documents, criteria, questions and schedule of a call -------------------------------------


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


# --- Applications ------------------------------------------------------------------------------


def business_registration_number(n: int) -> str:
    """A valid 10-digit business registration number built from a sequence number."""
    head = f"{120 + n % 800:03d}81{n % 10000:04d}"
    digits = [int(c) for c in head]
    total = sum(d * w for d, w in zip(digits, (1, 3, 7, 1, 3, 7, 1, 3, 5), strict=True)) + digits[8] * 5 // 10
    return head + str((10 - total % 10) % 10)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft with every field of the form filled in validly (documents not uploaded)."""

    class Meta:
        model = "applications.Application"

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory, role="applicant")
    company_name_ko = factory.Sequence(lambda n: f"주식회사 에이아이{n}")
    company_name_en = factory.Sequence(lambda n: f"AI Company {n}")
    business_registration_number = factory.Sequence(business_registration_number)
    ceo_name = "김대표"
    founded_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3 * 365))
    head_office_address = "서울특별시 서초구 강남대로 27"
    ai_field = "language"
    headcount = 25
    desired_unit_type = factory.SubFactory(UnitTypeFactory)
    relocation_commitment = True
    business_summary = "대규모 언어 모델 기반 행정 문서 요약 서비스"
    contact_name = "이담당"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.kr")
    contact_phone = "010-1234-5678"
    # As the start page records them: the notice's version, the periods it stated and both consents.
    consent_version = APPLICATION_NOTICE_VERSION
    consent_periods = factory.LazyFunction(lambda: notice_periods(scheduled=False))
    consent_collection_at = factory.LazyFunction(timezone.now)
    consent_committee_at = factory.LazyFunction(timezone.now)
# --- tenants ---------------------------------------------------------------------------------------

def valid_brn(n: int) -> str:
    """A business registration number with a correct check digit, different for each n."""
    from portal.validators import business_registration_number_is_valid, format_business_registration_number

    first_nine = f"{(123450000 + n * 7919) % 10**9:09d}"
    digits = next(first_nine + str(d) for d in range(10) if business_registration_number_is_valid(first_nine + str(d)))
    return format_business_registration_number(digits)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tenants.Company"

    name_ko = factory.Sequence(lambda n: f"주식회사 에이아이{n}")
    name_en = factory.Sequence(lambda n: f"AI Company {n}")
    business_registration_number = factory.Sequence(valid_brn)
    ai_field = "vision"
    representative = "김대표"
    tax_invoice_email = factory.Sequence(lambda n: f"tax{n}@company.kr")
    billing_contact_name = "김재무"
    billing_contact_email = factory.Sequence(lambda n: f"billing{n}@company.kr")
    address = "서울특별시 서초구 태봉로 114"
    phone = "02-2155-0000"


class MembershipFactory(factory.django.DjangoModelFactory):
    """A member, given the tenant-member role like the service does."""

    class Meta:
        model = "tenants.TeamMembership"

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory(UserFactory, role=Role.TENANT_MEMBER)
    role = "member"


class MeetingRoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "premises.MeetingRoom"

    floor = factory.SubFactory(FloorFactory)
    name_ko = factory.Sequence(lambda n: f"회의실 {n}")
    name_en = factory.Sequence(lambda n: f"Meeting room {n}")
    capacity = 8


class LeaseFactory(factory.django.DjangoModelFactory):
    """A lease written straight to the table (tests of the services create theirs with lease_create)."""

    class Meta:
        model = "tenants.Lease"

    company = factory.SubFactory(CompanyFactory)
    unit = factory.SubFactory(UnitFactory)
    status = "active"
    start_date = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    end_date = factory.LazyAttribute(lambda o: o.start_date.replace(year=o.start_date.year + 2))
    area_pyeong = Decimal("33")
    rent_per_pyeong = 24_000
    management_fee_per_pyeong = 15_000
    deposit = 2_376_000
    relocation_deadline = factory.LazyAttribute(lambda o: o.start_date + timezone.timedelta(days=30))


# --- exemptions ------------------------------------------------------------------------------------

def exemption_types_seed() -> dict:
    """The exemption types the data migration seeds (again: transactional tests empty the tables)."""
    import importlib

    from django.apps import apps

    from exemptions.models import ExemptionType

    importlib.import_module("exemptions.migrations.0002_seed_types").seed(apps, None)
    importlib.import_module("exemptions.migrations.0012_official_certificates_data").seed(apps, None)
    importlib.import_module("tenants.migrations.0011_designated_projects").seed(apps, None)
    return {t.code: t for t in ExemptionType.objects.all()}


def designated_project():
    """The first of the zone's designated projects (seeded by the migration)."""
    from tenants.models import DesignatedProject

    return DesignatedProject.objects.order_by("pk").first()


def immigration_answers(**overrides) -> dict:
    """Valid answers of the immigration form, as posted."""
    today = timezone.localdate()
    project = designated_project()
    return {
        "full_name": "John Smith", "sex": "M", "nationality": "US", "date_of_birth": "1990-05-01",
        "passport_number": "M12345678", "passport_expiry": (today + datetime.timedelta(days=2000)).isoformat(),
        "alien_registration_number": "900501-5123456", "residence_address": "서울특별시 서초구 강남대로 27",
        "visa_status": "E-7", "e7_subcode": "E-7-1",
        "permitted_stay_until": (today + datetime.timedelta(days=200)).isoformat(),
        "designated_project": project.pk if project else "", "job_title": "ML engineer",
        "duties": "Training vision models for the zone's AI project", "employment_start": "2024-03-01",
        "contract_end": (today + datetime.timedelta(days=900)).isoformat(),
        "requested_stay_until": (today + datetime.timedelta(days=800)).isoformat(),
        "employee_email": "john.smith@example.com", "identifier_consent": "on",
        **overrides,
    }


def patent_answers(company, **overrides) -> dict:
    today = timezone.localdate()
    project = designated_project()
    return {
        "application_number": f"10-{today.year}-0123456", "title": "영상 기반 불량 검출 방법",
        "applicant_name": company.name_ko, "applicant_customer_number": "1-2020-012345-6",
        "filing_date": today.replace(month=1, day=2).isoformat(), "examination_requested": "yes",
        "ipc_class": "G06N 3/08", "technology_field": "Computer vision", "priority_reason": "special_zone",
        "designated_project": project.pk if project else "",
        "project_link": "특화사업의 AI 실증 과제에서 개발한 검출 모델", "agent_name": "", "agent_customer_number": "",
        **overrides,
    }
# --- billing ---------------------------------------------------------------------------------------

class BankBuildingFactory(BuildingFactory):
    """A building with the payment settings billing prints on invoices (its lessor's account)."""

    invoice_due_day = 25


class BillingLeaseFactory(LeaseFactory):
    """An active 33-pyeong lease at 20,000 won rent and 8,000 won fee per pyeong (docs/billing.md)."""

    unit = factory.SubFactory(UnitFactory, floor=factory.SubFactory(FloorFactory,
                                                                    building=factory.SubFactory(BankBuildingFactory)))
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2027, 12, 31)
    rent_per_pyeong = 20_000
    management_fee_per_pyeong = 8_000
# --- unit offers -----------------------------------------------------------------------------------


class SelectedApplicationFactory(ApplicationFactory):
    """An application the committee selected (every field filled in, submitted, results decided)."""

    call = factory.SubFactory(ClosedCallFactory, defaults=False, results_released_at=factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=1)))
    status = "selected"
    receipt_number = factory.Sequence(lambda n: f"S-{n:05d}")
    submitted_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=20))
    website = "https://ai.example.kr"
    desired_move_in = None


# The start page's two consents and the review page's declaration, as posted.
START_CONSENTS = {"consent_collection": "on", "consent_committee": "on"}
DECLARATION = {"declared_true": "on"}


class NoticeFactory(factory.django.DjangoModelFactory):
    """A notice published an hour ago (helpdesk)."""

    class Meta:
        model = "helpdesk.Notice"

    title_ko = factory.Sequence(lambda n: f"공지 {n}")
    title_en = factory.Sequence(lambda n: f"Notice {n}")
    body_ko = "센터 안내입니다."
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "helpdesk.FAQ"

    category = "billing"
    question_ko = factory.Sequence(lambda n: f"질문 {n}")
    answer_ko = "답변입니다."


class MessagingProfileFactory(factory.django.DjangoModelFactory):
    """A user who verified 010-… and chose KakaoTalk with the SMS fallback (messaging)."""

    class Meta:
        model = "messaging.MessagingProfile"

    user = factory.SubFactory(UserFactory)
    channel = "kakao_sms"
    phone = factory.Sequence(lambda n: f"0109{n:07d}")
    phone_verified_at = factory.LazyFunction(timezone.now)


# --- a call's own form (applications/models_forms.py) ------------------------------------------------

def call_form_create(*, call, freeze: bool = False):
    """A version of `call`'s form with every type of question in three steps, a condition (the patents table
    is asked only when the applicant answers yes to "holds patents") and a table of team members."""
    from applications.models import FormDefinition, FormStep, Question

    definition = FormDefinition.objects.create(call=call, version=1 + FormDefinition.objects.filter(call=call).count())
    company = FormStep.objects.create(definition=definition, position=1, title_ko="기업 정보", title_en="Company")
    team = FormStep.objects.create(definition=definition, position=2, title_ko="팀과 기술",
                                   title_en="Team and technology")
    plan = FormStep.objects.create(definition=definition, position=3, title_ko="계획", title_en="Plan")
    questions = [
        (company, "company_name", "short_text", "기업명", "Company name", {"required": True, "max_length": 100}),
        (company, "summary", "long_text", "사업 요약", "Business summary",
         {"required": True, "min_length": 10, "max_length": 2000,
          "error_message_ko": "사업 요약을 10자 이상 2,000자 이하로 입력해 주십시오.",
          "error_message_en": "Describe the business in 10 to 2,000 characters."}),
        (company, "employees", "number", "상시 근로자 수", "Full-time employees",
         {"required": True, "min_value": 1, "max_value": 500}),
        (company, "revenue", "money", "전년도 매출액", "Revenue last year", {"min_value": 0}),
        (company, "founded", "date", "설립일", "Founding date", {"required": True}),
        (team, "field", "single_choice", "AI 분야", "AI field",
         {"required": True,
          "choices": [{"value": "vision", "label_ko": "컴퓨터 비전", "label_en": "Computer vision"},
                      {"value": "language", "label_ko": "언어 모델", "label_en": "Language models"}]}),
        (team, "support", "multiple_choice", "희망 지원", "Support wanted",
         {"choices": [{"value": "gpu", "label_ko": "GPU", "label_en": "GPU"},
                      {"value": "fund", "label_ko": "투자 연계", "label_en": "Fund referral"}]}),
        (team, "members", "table", "핵심 인력", "Key team members",
         {"required": True, "min_value": 1, "max_value": 10,
          "columns": [{"key": "name", "label_ko": "이름", "label_en": "Name", "type": "short_text"},
                      {"key": "role", "label_ko": "직책", "label_en": "Role", "type": "short_text"},
                      {"key": "joined", "label_ko": "입사일", "label_en": "Joined", "type": "date"}]}),
        (team, "has_patents", "yes_no", "보유 특허가 있습니까?", "Do you hold patents?", {"required": True}),
        (team, "patents", "table", "보유 특허", "Patents held",
         {"required": True, "condition_key": "has_patents", "condition_value": "yes", "max_value": 5,
          "columns": [{"key": "number", "label_ko": "등록번호", "label_en": "Number", "type": "short_text"},
                      {"key": "title", "label_ko": "명칭", "label_en": "Title", "type": "short_text"}]}),
        (plan, "pitch", "file", "소개 자료", "Pitch deck", {"allowed_formats": ["pdf"], "max_size_mb": 5}),
    ]
    for position, (step, key, kind, label_ko, label_en, extra) in enumerate(questions, start=1):
        Question.objects.create(step=step, position=position, key=key, type=kind, label_ko=label_ko,
                                label_en=label_en, **extra)
    if freeze:
        from applications.services_forms import form_definition_freeze

        definition = form_definition_freeze(definition=definition)
    return definition


# --- GPU support -----------------------------------------------------------------------------------


class GpuProgrammeFactory(ProgrammeFactory):
    code = "gpu"
    outcome = "gpu_allocation"


class GpuSelectedApplicationFactory(SelectedApplicationFactory):
    """A selected application to a closed call of the GPU programme."""

    call = factory.SubFactory(ClosedCallFactory, defaults=False, programme=factory.SubFactory(GpuProgrammeFactory),
                              results_released_at=factory.LazyFunction(
                                  lambda: timezone.now() - datetime.timedelta(days=1)))


class CapacityPoolFactory(factory.django.DjangoModelFactory):
    """This year and the next of eight H100s, 5,760 GPU-hours a month, in the GPU programme."""

    class Meta:
        model = "compute.CapacityPool"

    programme = factory.SubFactory(GpuProgrammeFactory)
    name = factory.Sequence(lambda n: f"H100 pool {n}")
    gpu_type = "NVIDIA H100 80GB"
    gpu_count = 8
    hours_per_month = 5_760
    starts_on = factory.LazyFunction(lambda: datetime.date(timezone.localdate().year - 1, 1, 1))
    ends_on = factory.LazyFunction(lambda: datetime.date(timezone.localdate().year + 1, 12, 31))


def gpu_allocation(*, status: str = "active", hours: int = 100, pool=None, application=None, months_back: int = 2,
                   months: int = 12, **kwargs):
    """An allocation made by the service (its number, its first status logged) from `months_back` months ago for
    `months` months, moved to `status` as its workflow would."""
    from compute import services
    from compute.models import Allocation, month_first, month_range

    pool = pool or CapacityPoolFactory()
    application = application or GpuSelectedApplicationFactory(call__programme=pool.programme, **kwargs)
    start = month_first(timezone.localdate())
    for _ in range(months_back):
        start = month_first(start - datetime.timedelta(days=1))
    last = month_range(start, start.replace(year=start.year + 3))[months - 1]
    end = month_range(last, last.replace(year=last.year + 1))[1] - datetime.timedelta(days=1)
    staff = StaffFactory()
    allocation = services.allocation_create(application=application, pool=pool, hours_per_month=hours,
                                            starts_on=start, ends_on=end, actor=staff)
    if status != "proposed":
        Allocation.objects.filter(pk=allocation.pk).update(status=status)
        allocation.refresh_from_db()
    return allocation
