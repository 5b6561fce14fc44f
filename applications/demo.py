"""Demo data of applications: an open, a closed and an upcoming call, and applications in several states."""

import datetime
import zoneinfo

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from accounts.roles import Role
from accounts.services import user_create
from portal.validators import BRN_WEIGHTS
from premises.models import Building, Unit

from .consents import APPLICATION_NOTICE_VERSION, notice_periods
from .models import (
    AIField,
    Application,
    Call,
    CallFAQ,
    CallScheduleItem,
    Outcome,
    Programme,
    ProgrammeStaff,
    programme_tenancy,
)
from .services import application_transition, call_add_defaults
from .services_calls import call_take_receipt_number

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
OPEN_CALL = "2026-1"
CLOSED_CALL = "2025-2"
UPCOMING_CALL = "2027-1"


def business_registration_number(first_nine: str) -> str:
    """Complete nine digits with the check digit of a business registration number."""
    numbers = [int(c) for c in first_nine]
    total = sum(n * w for n, w in zip(numbers, BRN_WEIGHTS, strict=True)) + (numbers[8] * 5) // 10
    return first_nine + str((10 - total % 10) % 10)


def corporate_registration_number(first_twelve: str) -> str:
    """Complete twelve digits with the check digit of a corporate registration number."""
    total = sum(int(c) * (1 if i % 2 == 0 else 2) for i, c in enumerate(first_twelve))
    return first_twelve + str((10 - total % 10) % 10)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SEOUL)


SUMMARY_KO = (
    "서초구는 양재 AI 미래융합혁신특구의 서초AICT 우수기업센터에 입주할 AI 기업을 모집합니다.\n"
    "센터는 데이터센터 업무동(지상 9층)에 28·33·36·56평형 독립 사무실 40실과 "
    "회의실 36개, 컨퍼런스홀, 라운지, 서버실, 구내식당을 갖추고 있으며, "
    "특구를 순환하는 셔틀버스를 운행합니다.\n\n"
    "입주기업은 주변 시세의 약 5분의 1 수준의 임대료로 사무실을 사용하고, "
    "출입국관리법·특허법 규제 특례(외국인 직원 체류기간 5년, 특허 우선심사), "
    "서초 AI 창업펀드와 GPU 고성능 컴퓨팅 지원 프로그램을 신청할 수 있습니다.\n\n"
    "이번 모집에서는 30개 사무실에 입주할 기업을 선정합니다. "
    "신청은 포털에서만 받으며, 마감 시각 이후에는 제출할 수 없습니다."
)

SUMMARY_EN = (
    "Seocho-gu invites AI companies to move into the Seocho AICT Excellent Company Center in the"
    " Yangjae AI Future Convergence Innovation Special Zone.\n"
    "The center occupies the office building of a data center (9 floors above ground): 40 "
    "independent office units of 28, 33, 36 and 56 pyeong, 36 meeting rooms, a conference hall,"
    " a lounge, a server room and a canteen, with a shuttle bus around the zone.\n"
    "\n"
    "Tenants pay rent of about one fifth of the market rate nearby and may apply for the "
    "special zone's regulatory exemptions (a 5-year stay for foreign employees under the "
    "Immigration Control Act, priority examination under the Patent Act), the Seocho AI startup"
    " fund and GPU computing support.\n"
    "\n"
    "This call selects companies for 30 office units. Applications are accepted through the "
    "portal only and cannot be submitted after the deadline."
)

FAQS = [
    ("본사를 반드시 센터로 이전해야 하나요?",
     "Do we have to move our head office into the center?",
     "네. 선정된 기업은 입주 계약 후 1개월 이내에 본점(본사) 소재지를 센터로 이전하고 법인등기부등본 또는 "
     "사업자등록증으로 이전 사실을 증빙해야 합니다.",
     "Yes. Selected companies move their registered head office into the center within one month of signing "
     "the tenancy agreement and prove it with an updated corporate registry extract or business registration "
     "certificate."),
    ("임대료는 어느 정도인가요?",
     "How much is the rent?",
     "임대료는 주변 시세의 약 5분의 1 수준이며, 평당 월 임대료와 관리비를 부과하고 임대보증금을 받습니다. "
     "정확한 금액은 선정 후 입주 안내에서 알려드립니다.",
     "Rent is about one fifth of the market rate nearby: a monthly rent and a management fee per pyeong, plus "
     "a deposit. The exact amounts come with the move-in information after selection."),
    ("직원 수 요건은 어떻게 되나요?",
     "What headcount is required?",
     "신청일 기준 상시 근로자(정규직) 20명 이상 42명 이하인 기업이 신청할 수 있습니다. 4대 보험 가입자 명부로 "
     "확인합니다.",
     "Companies with 20 to 42 full-time employees on the day they apply. The headcount is checked against the "
     "social-insurance enrolment list."),
    ("외국인이 창업한 기업도 신청할 수 있나요?",
     "Can a company founded by foreigners apply?",
     "네. 국내에 사업자등록을 한 기업이면 창업자의 국적과 관계없이 신청할 수 있으며, 신청서는 영어로 작성해도 "
     "됩니다.",
     "Yes. Any company registered in Korea may apply whatever its founders' nationality, and the application "
     "may be written in English."),
    ("HWP 파일로 제출해도 되나요?",
     "May we upload HWP files?",
     "네. 서류마다 허용 형식이 표시되어 있으며, 사업계획서는 PDF, HWP, HWPX 중 하나로 제출할 수 있습니다.",
     "Yes. Each document lists its accepted formats; the business plan may be a PDF, HWP or HWPX file."),
    ("입주 기간은 얼마나 되나요?",
     "How long can we stay?",
     "기본 입주 기간은 2년이며, 입주성과 심사를 거쳐 연장할 수 있습니다.",
     "The first term is two years, renewable after a review of the company's results."),
]


def _schedule(closes: datetime.date, opens: datetime.date) -> list[tuple[str, str, datetime.date, datetime.date]]:
    day = datetime.timedelta(days=1)
    return [
        ("신청 접수", "Applications", opens, closes),
        ("요건 검토", "Eligibility check", closes + day, closes + 7 * day),
        ("1차 서면평가", "Stage 1: written evaluation", closes + 8 * day, closes + 14 * day),
        ("2차 대면·발표평가", "Stage 2: presentation and Q&A", closes + 18 * day, closes + 20 * day),
        ("최종 선정 발표", "Final announcement", closes + 25 * day, None),
        ("입주 계약 및 입주", "Tenancy agreement and move-in", closes + 40 * day, closes + 70 * day),
    ]


def _units_on_offer(building: Building, per_type: dict[str, int]) -> list[Unit]:
    units = []
    for code, count in per_type.items():
        units += list(
            Unit.objects.filter(floor__building=building, unit_type__code=code).order_by("floor__number", "code")[
                :count
            ]
        )
    return units


def _seed_call(*, code, title_ko, title_en, building, opens_at, closes_at, units, summary=True) -> tuple[Call, bool]:
    call, created = Call.objects.get_or_create(
        code=code,
        defaults={
            "programme": programme_tenancy(),
            "title_ko": title_ko, "title_en": title_en, "building": building,
            "summary_ko": SUMMARY_KO if summary else "", "summary_en": SUMMARY_EN if summary else "",
            "opens_at": opens_at, "closes_at": closes_at,
            "notice_number": f"서초구 공고 제{code.split('-')[0]}-{100 + int(code.split('-')[-1])}호",
        },
    )
    if created:
        call.units_on_offer.set(units)
        call_add_defaults(call=call)
        for position, (q_ko, q_en, a_ko, a_en) in enumerate(FAQS):
            CallFAQ.objects.create(call=call, question_ko=q_ko, question_en=q_en, answer_ko=a_ko, answer_en=a_en,
                                   position=position)
        local_opens, local_closes = opens_at.astimezone(SEOUL).date(), closes_at.astimezone(SEOUL).date()
        CallScheduleItem.objects.bulk_create(
            CallScheduleItem(call=call, label_ko=ko, label_en=en, starts_on=start, ends_on=end)
            for ko, en, start, end in _schedule(local_closes, local_opens)
        )
    return call, created


# The zone's other programmes (the tenancy programme comes with the migrations): code, names, outcome.
DEMO_PROGRAMMES = [
    ("gpu", "AI 스타트업 고성능 컴퓨팅(GPU) 지원", "High-performance computing (GPU) support for AI startups",
     "특구 AI 기업에 GPU 사용 시간을 지원합니다.", "GPU hours for the AI companies of the zone.",
     Outcome.GPU_ALLOCATION, 2),
    ("fund", "서초 AI 펀드 투자 연계", "Referral to the Seocho AI fund",
     "선정 기업을 서초 AI 창업 펀드에 연계합니다.", "Selected companies are referred to the Seocho AI startup fund.",
     Outcome.REFERRAL, 3),
]


def seed_programmes(*, users: dict[str, User]) -> None:
    """The zone's other programmes; the demo official works on all of them."""
    ProgrammeStaff.objects.get_or_create(user=users["staff@demo.yangjae-ai.kr"], programme=None)
    for code, name_ko, name_en, description_ko, description_en, outcome, position in DEMO_PROGRAMMES:
        Programme.objects.get_or_create(code=code, defaults={
            "name_ko": name_ko, "name_en": name_en, "description_ko": description_ko,
            "description_en": description_en, "outcome": outcome, "position": position})


def seed_calls(*, building: Building) -> dict[str, Call]:
    today = timezone.localdate()
    calls = {}
    calls[OPEN_CALL], _created = _seed_call(
        code=OPEN_CALL, building=building,
        title_ko="서초AICT 우수기업센터 2026년 1차 입주기업 모집",
        title_en="Seocho AICT Excellent Company Center: call for tenants 2026-1",
        opens_at=_at(today - datetime.timedelta(weeks=2), 9),
        closes_at=_at(today + datetime.timedelta(weeks=3), 18),
        units=_units_on_offer(building, {"28": 9, "33": 9, "36": 8, "56": 4}),
    )
    closed_opens = datetime.date(2025, 9, 1)
    calls[CLOSED_CALL], _created = _seed_call(
        code=CLOSED_CALL, building=building,
        title_ko="서초AICT 우수기업센터 2025년 2차 입주기업 모집",
        title_en="Seocho AICT Excellent Company Center: call for tenants 2025-2",
        opens_at=_at(closed_opens, 9), closes_at=_at(datetime.date(2025, 9, 26), 18),
        units=_units_on_offer(building, {"28": 3, "33": 3, "36": 2, "56": 2}),
    )
    upcoming_opens = today + datetime.timedelta(days=100)
    calls[UPCOMING_CALL], _created = _seed_call(
        code=UPCOMING_CALL, building=building,
        title_ko="서초AICT 우수기업센터 2027년 1차 입주기업 모집",
        title_en="Seocho AICT Excellent Company Center: call for tenants 2027-1",
        opens_at=_at(upcoming_opens, 9), closes_at=_at(upcoming_opens + datetime.timedelta(weeks=4), 18),
        units=[], summary=False,
    )
    return calls


# e-mail, name, company (ko), company (en), first nine digits of the business registration number,
# AI field, headcount, what happens after submission (transition names, staff's message)
DEMO_COMPANIES = [
    ("hangang-nlp@demo.yangjae-ai.kr", "한서연 대표", "(주)한강언어지능", "Hangang Language Intelligence Inc.",
     "220816231", AIField.LANGUAGE, 34, [("start_review", "")]),
    ("mobility-brain@demo.yangjae-ai.kr", "오태윤 대표", "(주)모빌리티브레인", "Mobility Brain Inc.",
     "114873052", AIField.MOBILITY, 27,
     [("start_review", ""),
      ("request_information", "4대 보험 가입자 명부를 다시 올려 주십시오. 상시 근로자 수를 확인할 수 없습니다.")]),
    ("mediscan@demo.yangjae-ai.kr", "윤하늘 대표", "(주)메디스캔AI", "MediScan AI Inc.",
     "211882476", AIField.HEALTHCARE, 41, [("start_review", ""), ("mark_eligible", "")]),
    ("factorymind@demo.yangjae-ai.kr", "강민재 대표", "(주)팩토리마인드", "FactoryMind Inc.",
     "120864915", AIField.MANUFACTURING, 22, []),
    ("founder@demo.yangjae-ai.kr", "Alex Morgan", "(주)서울보이스랩", "Seoul Voice Lab Inc.",
     "617810347", AIField.SPEECH, 24, []),
]


FIELD_KO = {
    AIField.LANGUAGE: "언어·LLM", AIField.MOBILITY: "모빌리티", AIField.HEALTHCARE: "헬스케어",
    AIField.MANUFACTURING: "제조", AIField.SPEECH: "음성", AIField.VISION: "컴퓨터 비전",
}


def _demo_applicant(email: str, name: str, users: dict[str, User]) -> User:
    user = users.get(email) or User.objects.filter(email=email).first()
    if user is None:
        user = user_create(email=email, password=DEMO_PASSWORD, name=name, role=Role.APPLICANT,
                           email_verified_at=timezone.now())
    return user


def _company_fields(index: int, name_ko: str, name_en: str, nine: str, field: str, headcount: int, ceo: str,
                    email: str) -> dict:
    return {
        "company_name_ko": name_ko, "company_name_en": name_en,
        "business_registration_number": business_registration_number(nine),
        "corporate_registration_number": corporate_registration_number(f"11011108{index:04d}"),
        "ceo_name": ceo.replace(" 대표", ""), "founded_on": datetime.date(2019 + index % 5, 3 + index, 2),
        "head_office_address": f"서울특별시 서초구 강남대로 {100 + index * 17}",
        "website": f"https://www.example-{index}.kr", "ai_field": field,
        "headcount": headcount, "foreign_employees": index % 4, "relocation_commitment": True,
        "business_summary": f"{FIELD_KO[field]} 분야의 자체 AI 모델로 기업 고객의 업무를 자동화합니다.",
        "revenue_last_year": 800_000_000 + index * 350_000_000,
        "total_investment": 2_000_000_000 + index * 1_500_000_000,
        "patents_held": 2 + index, "wants_immigration_exemption": index % 2 == 0, "wants_patent_exemption": True,
        "wants_gpu": True, "wants_fund": index % 2 == 1,
        "contact_name": ceo.replace(" 대표", ""), "contact_email": email,
        "contact_phone": f"010-55{index:02d}-12{index:02d}",
    }


def _demo_documents(*, application: Application, actor: User, rendered: dict[int, bytes]) -> None:
    """One-page sample PDFs for the call's document types, so that reviewers and evaluators of the demo
    have documents to open. Each type's PDF is rendered once and reused across companies."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.pdf import render_pdf

    from .services import application_document_upload

    for document_type in application.call.document_types.all():
        if document_type.id not in rendered:
            rendered[document_type.id] = render_pdf("applications/demo_document.typ", {
                "title": document_type.name_ko, "title_en": document_type.name_en,
                "company": "서초AICT 우수기업센터 데모 / Demo",
                "note": "데모 데이터의 견본 문서입니다. A sample document of the demo data.",
            })
        application_document_upload(
            application=application, actor=actor, document_type=document_type,
            uploaded_file=SimpleUploadedFile(f"{document_type.name_en}.pdf", rendered[document_type.id],
                                             "application/pdf"),
        )


def seed_applications(*, call: Call, users: dict[str, User]) -> int:
    staff = users["staff@demo.yangjae-ai.kr"]
    created_count = 0
    applicant = users["applicant@demo.yangjae-ai.kr"]
    _draft, created = Application.objects.get_or_create(
        call=call, applicant=applicant,
        defaults={
            "company_name_ko": "(주)딥비전랩", "company_name_en": "Deep Vision Lab Inc.",
            "business_registration_number": business_registration_number("105872233"),
            "ceo_name": "최지원", "ai_field": AIField.VISION, "headcount": 26,
        },
    )
    created_count += created
    rendered: dict[int, bytes] = {}
    periods = notice_periods()
    for index, (email, name, name_ko, name_en, nine, field, headcount, steps) in enumerate(DEMO_COMPANIES, start=1):
        user = _demo_applicant(email, name, users)
        if Application.objects.filter(call=call, applicant=user).exists():
            continue
        submitted_at = min(call.opens_at + datetime.timedelta(days=index, hours=3), timezone.now())
        application = Application.objects.create(
            call=call, applicant=user, **_company_fields(index, name_ko, name_en, nine, field, headcount, name, email),
            consent_version=APPLICATION_NOTICE_VERSION, consent_periods=periods, consent_collection_at=submitted_at,
            consent_committee_at=submitted_at,
        )
        _demo_documents(application=application, actor=user, rendered=rendered)
        application_transition(
            application=application, name="submit", actor=user, at=submitted_at,
            extra_fields={"submitted_at": submitted_at, "receipt_number": call_take_receipt_number(call=call),
                          "truth_declared_at": submitted_at},
        )
        for step, message in steps:
            application_transition(application=application, name=step, actor=staff, reason=message)
        created_count += 1
    return created_count


def seed_applications_demo(*, users: dict[str, User], building: Building, stdout=None) -> None:
    """The seeder of `seed_demo`: calls first, then applications to the open call."""
    seed_programmes(users=users)
    calls = seed_calls(building=building)
    created = seed_applications(call=calls[OPEN_CALL], users=users)
    if stdout is not None:
        stdout.write(_("Calls: %(calls)s; new applications: %(count)s") % {
            "calls": ", ".join(sorted(calls)), "count": created})
        stdout.write(_("Demo companies with submitted applications: %(emails)s") % {
            "emails": ", ".join(email for email, *_rest in DEMO_COMPANIES)})
