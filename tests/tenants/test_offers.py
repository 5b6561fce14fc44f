"""Unit offers: staff offer a unit, the applicant accepts (company and draft lease from the application)
or declines, an unanswered offer lapses, the waiting list moves up; one unit offered twice at once;
only the applicant answers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from portal.exceptions import DomainError, PermissionRefused
from portal.models import StatusChange
from premises.models import UnitStatus
from tenants import services
from tenants.models import (
    Company,
    Lease,
    LeaseStatus,
    Offer,
    OfferStatus,
    TeamMembership,
    default_lease_end,
    default_relocation_deadline,
)
from tests.factories import (
    ApplicantFactory,
    ScorecardFactory,
    SelectedApplicationFactory,
    StaffFactory,
    UnitFactory,
    UnitTypeFactory,
)
from tests.tenants.concurrency import run_concurrently


@pytest.fixture
def unit_type(db):
    return UnitTypeFactory(code="33", area_pyeong=Decimal("33"))


@pytest.fixture
def unit(unit_type):
    unit = UnitFactory(unit_type=unit_type, code="5F-03", seats=30)
    building = unit.floor.building
    building.market_rent_per_pyeong, building.rent_discount_percent = 120_000, 80
    building.management_fee_per_pyeong, building.deposit_months = 15_000, 3
    building.save()
    return unit


@pytest.fixture
def application(unit, unit_type):
    return SelectedApplicationFactory(
        call__building=unit.floor.building, desired_unit_type=unit_type, ai_field="language",
        head_office_address="서울특별시 강남구 테헤란로 1", contact_phone="02-555-1234",
    )


@pytest.fixture
def staff(db):
    return StaffFactory()


# What the acceptance asks beside the decision: the registration data a tax invoice names.
ACCEPT = {"decision": "accept", "representative": "김대표", "business_type": "정보통신업",
          "business_item": "응용 소프트웨어 개발 및 공급업", "tax_invoice_email": "tax@malgyeol.example.kr"}

QUERIES = 5  # the applicant's offer list: session, user, roles, the offers with their units, the nav


def test_staff_offer_a_unit_and_the_applicant_is_told(application, unit, staff, settings):
    offer = services.offer_create(application=application, unit=unit, actor=staff, note="5층 창가 호실입니다.")
    unit.refresh_from_db()
    assert unit.status == UnitStatus.OFFERED
    assert offer.status == OfferStatus.PENDING
    assert offer.respond_by - offer.offered_at == dt.timedelta(days=settings.TENANTS_OFFER_RESPONSE_DAYS)
    assert offer.lease_start > timezone.localdate()
    notice = Notification.objects.get(recipient=application.applicant, template="tenants/offer_made")
    assert notice.link == reverse("tenants:offer", args=[offer.pk])
    assert "5F-03" in notice.title
    log = StatusChange.objects.get(offer=offer)
    assert (log.from_status, log.to_status, log.actor) == ("", OfferStatus.PENDING, staff)
    assert offer.history.count() == 1


def test_only_a_selected_application_can_be_offered_a_unit(application, unit, staff):
    application.status = "waitlisted"
    application.save(update_fields=["status"])
    with pytest.raises(DomainError) as refused:
        services.offer_create(application=application, unit=unit, actor=staff)
    assert refused.value.code == "not_selected"


def test_a_unit_with_a_pending_offer_or_a_lease_is_refused(application, unit, staff):
    services.offer_create(application=application, unit=unit, actor=staff)
    other = SelectedApplicationFactory(call=application.call)
    with pytest.raises(DomainError) as refused:
        services.offer_create(application=other, unit=unit, actor=staff)
    assert refused.value.code == "unit_taken"
    leased = UnitFactory(floor=unit.floor, unit_type=unit.unit_type)
    Lease.objects.create(
        company=services.company_create(name_ko="기존 입주기업", business_registration_number="1208147521"),
        unit=leased, status=LeaseStatus.ACTIVE, start_date=timezone.localdate() - dt.timedelta(days=30),
        end_date=timezone.localdate() + dt.timedelta(days=400), area_pyeong=33, rent_per_pyeong=24_000,
        management_fee_per_pyeong=15_000, deposit=1, relocation_deadline=timezone.localdate(),
    )
    with pytest.raises(DomainError) as refused:
        services.offer_create(application=other, unit=leased, actor=staff)
    assert refused.value.code == "unit_taken"


def test_accepting_creates_the_company_and_a_draft_lease_from_the_application(
    client, application, unit, staff, django_capture_on_commit_callbacks,
):
    offer = services.offer_create(application=application, unit=unit, actor=staff)
    client.force_login(application.applicant)
    response = client.post(reverse("tenants:offer", args=[offer.pk]), ACCEPT)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED and offer.responded_at is not None
    company = Company.objects.get()
    assert response.url == reverse("tenants:company", args=[company.pk])
    # Nothing typed twice: the company carries the application's data.
    assert company.name_ko == application.company_name_ko
    assert company.name_en == application.company_name_en
    assert company.business_registration_number.replace("-", "") == application.business_registration_number
    assert company.ai_field == "language"
    assert company.website == application.website
    assert company.address == "서울특별시 강남구 테헤란로 1"
    assert company.phone == "02-555-1234"
    assert company.billing_contact_email == application.contact_email
    assert company.is_published is False
    assert (company.representative, company.business_type, company.business_item, company.tax_invoice_email) == (
        "김대표", "정보통신업", "응용 소프트웨어 개발 및 공급업", "tax@malgyeol.example.kr")
    owner = TeamMembership.objects.get(company=company)
    assert (owner.user, owner.role) == (application.applicant, "owner")
    application.applicant.refresh_from_db()
    application.applicant._role_cache = None
    assert application.applicant.is_tenant_member
    lease = offer.lease
    assert (lease.company, lease.unit, lease.status) == (company, unit, LeaseStatus.DRAFT)
    assert lease.start_date == offer.lease_start
    assert lease.end_date == default_lease_end(offer.lease_start)
    assert lease.relocation_deadline == default_relocation_deadline(offer.lease_start)
    assert lease.rent_per_pyeong == 24_000 and lease.management_fee_per_pyeong == 15_000
    unit.refresh_from_db()
    assert unit.status == UnitStatus.OFFERED  # until staff sign the lease
    assert Notification.objects.filter(template="tenants/offer_accepted", recipient=staff).exists()
    assert Notification.objects.filter(template="tenants/offer_welcome", recipient=application.applicant).exists()
    # The company space is open to its new owner.
    assert client.get(reverse("tenants:company", args=[company.pk])).status_code == 200


def test_the_acceptance_asks_the_tax_invoice_details_and_explains_a_bad_email(client, application, unit, staff):
    offer = services.offer_create(application=application, unit=unit, actor=staff)
    client.force_login(application.applicant)
    url = reverse("tenants:offer", args=[offer.pk])
    page = client.get(url).content.decode()
    # Asked with the answer, filled in from the application where it holds them.
    for name in ("representative", "business_type", "business_item", "tax_invoice_email"):
        assert f'name="{name}"' in page
    assert 'value="김대표"' in page and f'value="{application.contact_email}"' in page
    response = client.post(url, {**ACCEPT, "tax_invoice_email": "tax@@example"})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["tax_invoice_email"]
    html = response.content.decode()
    assert "올바른 이메일 주소를 입력해 주십시오." in html  # beside the field, in the user's language
    assert 'value="tax@@example"' in html and 'value="응용 소프트웨어 개발 및 공급업"' in html  # nothing typed is lost
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PENDING and not Company.objects.exists()
    # Without a representative the acceptance says what is missing, beside the field.
    response = client.post(url, {**ACCEPT, "representative": ""})
    assert list(response.context["form"].errors) == ["representative"]
    # Declining asks for none of it.
    assert client.post(url, {"decision": "decline"}).status_code == 302


def test_declining_frees_the_unit_and_staff_see_who_is_next(client, application, unit, staff):
    offer = services.offer_create(application=application, unit=unit, actor=staff)
    waiting = SelectedApplicationFactory(call=application.call, status="waitlisted")
    client.force_login(application.applicant)
    response = client.post(reverse("tenants:offer", args=[offer.pk]), {"decision": "decline", "reason": "이전 일정"})
    assert response.status_code == 302
    offer.refresh_from_db()
    unit.refresh_from_db()
    assert (offer.status, offer.decline_reason) == (OfferStatus.DECLINED, "이전 일정")
    assert unit.status == UnitStatus.AVAILABLE
    assert not Company.objects.exists() and not Lease.objects.exists()
    notice = Notification.objects.get(template="tenants/offer_declined", recipient=staff)
    assert notice.context["next_company"] == waiting.company_name_ko
    # A declined offer cannot be accepted afterwards.
    response = client.post(reverse("tenants:offer", args=[offer.pk]), ACCEPT, follow=True)
    assert "no longer open" in response.content.decode() or "더 이상" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED


def test_an_unanswered_offer_lapses_once_and_frees_the_unit(application, unit, staff):
    offer = services.offer_create(application=application, unit=unit, actor=staff)
    assert services.offer_lapse_overdue() == 0  # not due yet
    later = offer.respond_by + dt.timedelta(minutes=1)
    assert services.offer_lapse_overdue(now=later) == 1
    assert services.offer_lapse_overdue(now=later) == 0  # idempotent
    offer.refresh_from_db()
    unit.refresh_from_db()
    assert offer.status == OfferStatus.LAPSED and unit.status == UnitStatus.AVAILABLE
    assert Notification.objects.filter(template="tenants/offer_lapsed", recipient=application.applicant).count() == 1
    assert Notification.objects.filter(template="tenants/offer_lapsed", recipient=staff).count() == 1
    assert list(offer.transitions.values_list("to_status", flat=True)) == ["pending", "lapsed"]


def test_a_late_answer_is_refused(client, application, unit, staff):
    offer = services.offer_create(application=application, unit=unit, actor=staff)
    Offer.objects.filter(pk=offer.pk).update(respond_by=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(DomainError) as refused:
        services.offer_accept(offer=offer, actor=application.applicant)
    assert refused.value.code == "overdue"
    client.force_login(application.applicant)
    page = client.get(reverse("tenants:offer", args=[offer.pk])).content.decode()
    assert 'name="decision"' not in page


def test_the_lapse_task_is_scheduled_and_lapses_overdue_offers(settings, application, unit, staff):
    from tenants.tasks import offer_lapse_overdue_task

    entry = settings.CELERY_BEAT_SCHEDULE["tenants-offers-lapse"]
    assert entry["task"] == "tenants.tasks.offer_lapse_overdue_task"
    offer = services.offer_create(application=application, unit=unit, actor=staff)
    Offer.objects.filter(pk=offer.pk).update(respond_by=timezone.now() - dt.timedelta(seconds=1))
    assert offer_lapse_overdue_task.apply().get() == 1
    assert offer_lapse_overdue_task.apply().get() == 0
    offer.refresh_from_db()
    assert offer.status == OfferStatus.LAPSED


def test_the_best_ranked_waitlisted_application_is_promoted(application, unit, staff):
    call = application.call
    lower = SelectedApplicationFactory(call=call, status="waitlisted")
    higher = SelectedApplicationFactory(call=call, status="waitlisted")
    for app, total in ((lower, 65), (higher, 90)):
        ScorecardFactory(application=app, stage=1, total=total)
        ScorecardFactory(application=app, stage=2, total=total)
    offer = services.offer_create(application=application, unit=unit, actor=staff)
    services.offer_decline(offer=offer, actor=application.applicant)
    assert services.waitlist_next(call=call) == higher
    promoted = services.waitlist_promote_next(call=call, actor=staff)
    assert promoted == higher
    higher.refresh_from_db()
    lower.refresh_from_db()
    assert (higher.status, lower.status) == ("selected", "waitlisted")
    step = StatusChange.objects.get(application=higher, name="select")
    assert (step.from_status, step.actor) == ("waitlisted", staff)
    assert Notification.objects.filter(template="tenants/waitlist_promoted", recipient=higher.applicant).exists()
    # The freed unit can now go to the promoted application.
    second = services.offer_create(application=higher, unit=unit, actor=staff)
    assert second.status == OfferStatus.PENDING
    assert services.waitlist_next(call=call) == lower


def test_two_staff_offering_one_unit_at_once_one_wins(transactional_db):
    unit = UnitFactory()
    staff_a, staff_b = StaffFactory(), StaffFactory()
    first = SelectedApplicationFactory(call__building=unit.floor.building)
    second = SelectedApplicationFactory(call=first.call)
    results = run_concurrently(
        lambda: services.offer_create(application=first, unit=unit, actor=staff_a).pk,
        lambda: services.offer_create(application=second, unit=unit, actor=staff_b).pk,
    )
    assert sorted(kind for kind, _value in results) == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, DomainError) and error.code == "unit_taken"
    assert "5F" in str(error) or unit.code in str(error)
    assert Offer.objects.filter(unit=unit).count() == 1


def test_only_the_applicant_can_see_and_answer_the_offer(client, application, unit, staff):
    offer = services.offer_create(application=application, unit=unit, actor=staff)
    url = reverse("tenants:offer", args=[offer.pk])
    other = ApplicantFactory()
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "accept"}).status_code == 404
    assert client.get(reverse("tenants:offers")).content.decode().count(unit.code) == 0
    client.force_login(staff)
    assert client.get(url).status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PENDING and not Company.objects.exists()
    with pytest.raises(PermissionRefused):
        services.offer_accept(offer=offer, actor=other)
    client.force_login(application.applicant)
    page = client.get(url)
    assert page.status_code == 200 and unit.code in page.content.decode()
    assert unit.code in client.get(reverse("tenants:offers")).content.decode()


def _offers_for(applicant, unit, staff, n):
    for _ in range(n):
        services.offer_create(
            application=SelectedApplicationFactory(applicant=applicant, call__building=unit.floor.building),
            unit=UnitFactory(floor=unit.floor), actor=staff,
        )


def test_the_offer_list_costs_the_same_queries_however_many_offers(client, django_assert_num_queries, unit, staff):
    applicant = ApplicantFactory()
    client.force_login(applicant)
    url = reverse("tenants:offers")
    _offers_for(applicant, unit, staff, 1)
    with django_assert_num_queries(QUERIES):
        client.get(url)
    _offers_for(applicant, unit, staff, 4)
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert response.content.decode().count("<tr><td>") == 5


def test_staff_offer_from_the_admin_with_fitting_units_first(client, application, unit, staff, unit_type):
    too_small = UnitFactory(floor=unit.floor, unit_type=UnitTypeFactory(code="28", area_pyeong=Decimal("28")),
                            code="5F-01", seats=10)
    client.force_login(staff)
    overview = client.get(reverse("admin:tenants_offer_allocate"))
    assert overview.status_code == 200 and application.company_name_ko in overview.content.decode()
    url = reverse("admin:tenants_offer_allocate") + f"?application={application.pk}"
    page = client.get(url).content.decode()
    assert page.index("5F-03") < page.index("5F-01")  # desired type first
    assert "too few seats" in page or "좌석 부족" in page
    response = client.post(url, {"unit": too_small.pk, "lease_start": "2031-01-01"})
    offer = Offer.objects.get()
    assert response.url == reverse("admin:tenants_offer_change", args=[offer.pk])
    assert (offer.unit, offer.lease_start, offer.offered_by) == (too_small, dt.date(2031, 1, 1), staff)
    # A second offer to the same application is refused with a message, nothing lost.
    response = client.post(url, {"unit": unit.pk, "lease_start": "2031-01-01"}, follow=True)
    assert Offer.objects.count() == 1
    assert response.status_code == 200
    change_page = client.get(reverse("admin:tenants_offer_change", args=[offer.pk])).content.decode()
    assert "10 / 25" in change_page  # seats of the unit / headcount of the application
    assert client.get(reverse("admin:tenants_offer_changelist")).status_code == 200


def test_staff_promote_from_the_waiting_list_in_the_admin(client, application, staff):
    waiting = SelectedApplicationFactory(call=application.call, status="waitlisted")
    client.force_login(staff)
    page = client.get(reverse("admin:tenants_offer_allocate")).content.decode()
    assert waiting.company_name_ko in page
    response = client.post(reverse("admin:tenants_offer_promote", args=[application.call.pk]))
    assert response.url.endswith(f"?application={waiting.pk}")
    waiting.refresh_from_db()
    assert waiting.status == "selected"


def test_staff_withdraw_an_offer(application, unit, staff):
    offer = services.offer_create(application=application, unit=unit, actor=staff)
    with pytest.raises(DomainError):
        services.offer_withdraw(offer=offer, actor=staff, reason=" ")
    services.offer_withdraw(offer=offer, actor=staff, reason="호실 보수 필요")
    offer.refresh_from_db()
    unit.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN and unit.status == UnitStatus.AVAILABLE
    assert Notification.objects.filter(template="tenants/offer_withdrawn", recipient=application.applicant).exists()


def test_staff_withdraw_an_offer_from_its_admin_page_with_a_reason_the_applicant_reads(client, application, unit,
                                                                                       staff):
    offer = services.offer_create(application=application, unit=unit, actor=staff)
    client.force_login(staff)
    page = client.get(f"/admin/tenants/offer/{offer.pk}/change/").content.decode()
    withdraw = f"/admin/tenants/offer/{offer.pk}/workflow/withdraw/"
    assert f'href="{withdraw}"' in page  # the one transition staff take from "awaiting an answer"
    assert client.get(withdraw).status_code == 200  # the reason page
    client.post(withdraw, {"reason": "호실 누수 보수"})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN and offer.decline_reason == "호실 누수 보수"
    notice = Notification.objects.get(template="tenants/offer_withdrawn", recipient=application.applicant)
    assert notice.context["reason"] == "호실 누수 보수"
    assert withdraw not in client.get(f"/admin/tenants/offer/{offer.pk}/change/").content.decode()


def test_the_offer_email_is_in_the_applicants_language(application, unit, staff, django_capture_on_commit_callbacks):
    from django.core import mail

    english = SelectedApplicationFactory(call=application.call, applicant__preferred_language="en")
    other_unit = UnitFactory(floor=unit.floor, unit_type=unit.unit_type, code="5F-04")
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_create(application=application, unit=unit, actor=staff)
        services.offer_create(application=english, unit=other_unit, actor=staff)
    korean_mail = next(m for m in mail.outbox if m.to == [application.applicant.email])
    english_mail = next(m for m in mail.outbox if m.to == [english.applicant.email])
    assert "5F-03 호실 제안" in korean_mail.subject and application.company_name_ko in korean_mail.body
    assert "Offer of unit 5F-04" in english_mail.subject and english.company_name_en in english_mail.body
    assert reverse("tenants:offer", args=[Offer.objects.get(unit=other_unit).pk]) in english_mail.body


def test_no_unit_is_offered_before_the_calls_results_are_released(staff, unit_type):
    from applications.models import Call

    application = SelectedApplicationFactory(desired_unit_type=unit_type)
    Call.objects.filter(pk=application.call_id).update(results_released_at=None)
    application.refresh_from_db()
    assert application not in services_offers_awaiting()
    with pytest.raises(DomainError) as refused:
        services.offer_create(application=application, unit=UnitFactory(unit_type=unit_type), actor=staff)
    assert refused.value.code == "not_released" and application.call.code in refused.value.message
    assert not application.unit_offers.exists()


def services_offers_awaiting():
    from tenants.selectors_offers import application_list_awaiting_offer

    return list(application_list_awaiting_offer())
