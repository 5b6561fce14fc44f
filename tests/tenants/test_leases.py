"""Leases: building defaults, the workflow and its audit trail, no overlapping leases of a unit (also
under concurrency), head-office relocation proof and reminders sent once each."""

import datetime as dt
import time
from decimal import Decimal

import psycopg2
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from portal.exceptions import DomainError, TransitionNotAllowed
from premises.models import UnitStatus
from tenants import services
from tenants.models import Lease, LeaseStatus, RelocationReminder, default_relocation_deadline
from tests.factories import CompanyFactory, LeaseFactory, MembershipFactory, StaffFactory, UnitFactory, UnitTypeFactory
from tests.tenants.concurrency import run_concurrently

START = dt.date(2027, 3, 1)


@pytest.fixture
def unit(db):
    unit = UnitFactory(unit_type=UnitTypeFactory(code="33", area_pyeong=Decimal("33")))
    building = unit.floor.building
    building.market_rent_per_pyeong, building.rent_discount_percent = 120_000, 80
    building.management_fee_per_pyeong, building.deposit_months = 15_000, 3
    building.save()
    return unit


def test_a_new_lease_takes_the_buildings_defaults(unit):
    company = CompanyFactory()
    lease = services.lease_create(company=company, unit=unit, start_date=START)
    assert lease.status == LeaseStatus.DRAFT
    assert lease.end_date == dt.date(2029, 2, 28)  # two years
    assert lease.rent_per_pyeong == 24_000  # one fifth of the market rent
    assert lease.management_fee_per_pyeong == 15_000
    assert lease.monthly_rent == 792_000  # 33 pyeong
    assert lease.deposit == 3 * 792_000
    assert lease.relocation_deadline == dt.date(2027, 4, 1)
    unit.refresh_from_db()
    assert unit.status == UnitStatus.OFFERED


def test_relocation_deadline_is_one_month_later_even_at_month_end():
    assert default_relocation_deadline(dt.date(2027, 1, 31)) == dt.date(2027, 2, 28)
    assert default_relocation_deadline(dt.date(2027, 12, 15)) == dt.date(2028, 1, 15)


def test_the_workflow_runs_and_is_audited(unit):
    staff = StaffFactory()
    lease = services.lease_create(company=CompanyFactory(), unit=unit, start_date=START, actor=staff)
    services.lease_sign(lease=lease, actor=staff)
    unit.refresh_from_db()
    assert unit.status == UnitStatus.OCCUPIED
    with pytest.raises(DomainError) as early:  # nobody moves in before the lease starts
        services.lease_activate(lease=lease, actor=staff)
    assert early.value.code == "not_started"
    Lease.objects.filter(pk=lease.pk).update(start_date=timezone.localdate())  # the day comes
    services.lease_activate(lease=lease, actor=staff)
    services.lease_begin_ending(lease=lease, actor=staff, reason="계약 만료 예정")
    services.lease_end(lease=lease, actor=staff)
    lease.refresh_from_db()
    assert lease.status == LeaseStatus.ENDED and lease.signed_at is not None
    steps = [(t.from_status, t.to_status, t.actor_id) for t in lease.transitions.all()]
    assert steps == [
        ("", "draft", staff.pk), ("draft", "signed", staff.pk), ("signed", "active", staff.pk),
        ("active", "ending", staff.pk), ("ending", "ended", staff.pk),
    ]
    assert lease.transitions.get(to_status="ending").reason == "계약 만료 예정"
    assert lease.history.count() >= 5
    unit.refresh_from_db()
    assert unit.status == UnitStatus.AVAILABLE


def test_skipping_a_step_is_refused(unit):
    lease = services.lease_create(company=CompanyFactory(), unit=unit, start_date=START)
    with pytest.raises(TransitionNotAllowed):
        services.lease_activate(lease=lease, actor=StaffFactory())
    assert Lease.objects.get(pk=lease.pk).status == LeaseStatus.DRAFT


def test_early_termination_needs_a_reason_and_frees_the_unit(unit):
    lease = services.lease_create(company=CompanyFactory(), unit=unit, start_date=START)
    staff = StaffFactory()
    services.lease_sign(lease=lease, actor=staff)
    with pytest.raises(DomainError):
        services.lease_terminate(lease=lease, actor=staff, reason="  ")
    services.lease_terminate(lease=lease, actor=staff, reason="본사 이전 불이행")
    lease.refresh_from_db()
    assert (lease.status, lease.termination_reason) == (LeaseStatus.TERMINATED, "본사 이전 불이행")
    unit.refresh_from_db()
    assert unit.status == UnitStatus.AVAILABLE
    # The unit can be leased again for the same period.
    services.lease_create(company=CompanyFactory(), unit=unit, start_date=START)


def test_overlapping_leases_of_a_unit_are_refused(unit):
    services.lease_create(company=CompanyFactory(), unit=unit, start_date=START)
    with pytest.raises(DomainError) as excinfo:
        services.lease_create(company=CompanyFactory(), unit=unit, start_date=START + dt.timedelta(days=400))
    assert excinfo.value.code == "overlap"
    # Back to back is fine.
    services.lease_create(company=CompanyFactory(), unit=unit, start_date=dt.date(2029, 3, 1))


def test_the_database_itself_refuses_overlaps(unit):
    LeaseFactory(unit=unit, start_date=START, end_date=dt.date(2029, 2, 28))
    with pytest.raises(IntegrityError, match="lease_no_overlap_per_unit"), transaction.atomic():
        LeaseFactory(unit=unit, start_date=dt.date(2028, 1, 1), end_date=dt.date(2030, 1, 1))


def test_two_staff_leasing_one_unit_at_once_one_wins(transactional_db):
    unit = UnitFactory()
    companies = [CompanyFactory(), CompanyFactory()]
    results = run_concurrently(*[
        (lambda c=c: services.lease_create(company=c, unit=unit, start_date=START).pk) for c in companies
    ])
    outcomes = sorted(kind for kind, _value in results)
    assert outcomes == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, DomainError) and error.code == "overlap"
    assert Lease.objects.filter(unit=unit).count() == 1


def _raw_connection():
    settings_dict = connection.settings_dict
    return psycopg2.connect(
        dbname=settings_dict["NAME"], user=settings_dict["USER"], password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"], port=settings_dict["PORT"] or 5432,
    )


def test_two_raw_connections_inserting_overlapping_leases_one_wins(transactional_db):
    """The constraint holds without the service: the second insert waits for the first, then fails."""
    unit = UnitFactory()
    template = LeaseFactory(unit=UnitFactory(), start_date=dt.date(2020, 1, 1), end_date=dt.date(2020, 12, 31))
    sql = """INSERT INTO tenants_lease (
        company_id, unit_id, status, start_date, end_date, area_pyeong, rent_per_pyeong, management_fee_per_pyeong,
        deposit, termination_reason, relocation_deadline, relocation_proof_path, relocation_proof_name, created_at,
        updated_at
    ) VALUES (%s, %s, 'draft', %s, %s, 33, 24000, 15000, 1, '', %s, '', '', now(), now())"""

    def insert(start, end):
        conn = _raw_connection()
        try:
            with conn, conn.cursor() as cursor:
                cursor.execute(sql, (template.company_id, unit.pk, start, end, start))
            return "inserted"
        finally:
            conn.close()

    results = run_concurrently(
        lambda: insert(dt.date(2027, 1, 1), dt.date(2028, 12, 31)),
        lambda: insert(dt.date(2028, 1, 1), dt.date(2029, 12, 31)),
    )
    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    # PostgreSQL refuses the loser with an exclusion violation, or aborts it as a deadlock victim
    # when both inserts checked each other's row at the same moment.
    assert isinstance(error, psycopg2.errors.ExclusionViolation | psycopg2.errors.DeadlockDetected)
    assert Lease.objects.filter(unit=unit).count() == 1


@pytest.fixture
def active_lease(db):
    owner = MembershipFactory(role="owner")
    lease = LeaseFactory(company=owner.company, status="active", start_date=timezone.localdate(),
                         relocation_deadline=timezone.localdate() + dt.timedelta(days=30))
    return lease, owner


def test_tenant_uploads_proof_and_staff_confirm(client, active_lease):
    lease, owner = active_lease
    client.force_login(owner.user)
    url = f"/tenants/{lease.company_id}/leases/{lease.pk}/"
    bad = client.post(url, {"certificate": SimpleUploadedFile("cert.exe", b"MZ")})
    assert bad.status_code == 200 and "PDF" in bad.content.decode()
    pdf = SimpleUploadedFile("사업자등록증.pdf", b"%PDF-1.4 proof", content_type="application/pdf")
    assert client.post(url, {"certificate": pdf}).status_code == 302
    lease.refresh_from_db()
    assert lease.relocation_state == "submitted"
    download = client.get(f"/tenants/{lease.company_id}/leases/{lease.pk}/relocation-proof/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 proof"
    staff = StaffFactory()
    services.lease_relocation_confirm(lease=lease, actor=staff)
    lease.refresh_from_db()
    assert lease.relocation_state == "confirmed" and lease.relocation_confirmed_by == staff


def test_a_plain_member_cannot_upload_proof(client, active_lease):
    lease, owner = active_lease
    member = MembershipFactory(company=owner.company, role="member")
    with pytest.raises(DomainError):
        services.lease_relocation_proof_upload(lease=lease, actor=member.user,
                                               upload=SimpleUploadedFile("a.pdf", b"%PDF"))


def test_a_plain_member_posting_proof_on_the_lease_page_is_refused(client, active_lease):
    lease, owner = active_lease
    member = MembershipFactory(company=owner.company, role="member")
    client.force_login(member.user)
    url = f"/tenants/{lease.company_id}/leases/{lease.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"certificate": SimpleUploadedFile("a.pdf", b"%PDF-1.4 proof")})
    assert response.status_code == 403
    lease.refresh_from_db()
    assert not lease.relocation_proof_path


def test_relocation_reminders_go_out_once_each(active_lease, django_capture_on_commit_callbacks, settings):
    settings.TENANTS_RELOCATION_REMINDER_DAYS = [14, 7, 1]
    lease, owner = active_lease
    MembershipFactory(company=owner.company, role="member")  # members are not reminded
    deadline = lease.relocation_deadline
    with django_capture_on_commit_callbacks(execute=True):
        assert services.lease_relocation_reminders_send(today=deadline - dt.timedelta(days=20)) == 0
        assert services.lease_relocation_reminders_send(today=deadline - dt.timedelta(days=10)) == 1
        assert services.lease_relocation_reminders_send(today=deadline - dt.timedelta(days=10)) == 0
        assert services.lease_relocation_reminders_send(today=deadline - dt.timedelta(days=9)) == 0
        assert services.lease_relocation_reminders_send(today=deadline - dt.timedelta(days=5)) == 1
        assert services.lease_relocation_reminders_send(today=deadline - dt.timedelta(days=1)) == 1
        assert services.lease_relocation_reminders_send(today=deadline - dt.timedelta(days=1)) == 0
    assert sorted(RelocationReminder.objects.values_list("days_before", flat=True)) == [1, 7, 14]
    assert len(mail.outbox) == 3
    assert all(m.to == [owner.user.email] for m in mail.outbox)
    assert "본사 이전" in mail.outbox[0].subject


def test_no_reminder_once_proof_is_sent(active_lease, django_capture_on_commit_callbacks):
    lease, owner = active_lease
    services.lease_relocation_proof_upload(lease=lease, actor=owner.user, upload=SimpleUploadedFile("a.pdf", b"%PDF"))
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.lease_relocation_reminders_send(today=lease.relocation_deadline - dt.timedelta(days=1))
    assert sent == 0 and mail.outbox == []


def test_the_reminder_task_is_scheduled_daily(settings):
    from tenants.tasks import lease_relocation_reminders_send_task

    entry = settings.CELERY_BEAT_SCHEDULE["tenants-relocation-reminders"]
    assert entry["task"] == lease_relocation_reminders_send_task.name


def test_the_reminder_task_runs_the_service(active_lease, django_capture_on_commit_callbacks, settings):
    from tenants.tasks import lease_relocation_reminders_send_task

    lease, _owner = active_lease
    Lease.objects.filter(pk=lease.pk).update(relocation_deadline=timezone.localdate() + dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert lease_relocation_reminders_send_task() == 1
        assert lease_relocation_reminders_send_task() == 0
    assert len(mail.outbox) == 1


@pytest.mark.worker
def test_a_real_worker_sends_each_relocation_reminder_once(celery_worker, smtp):
    """Beat's task queued twice on Redis → a worker process → one e-mail in the SMTP sink."""
    from tenants.tasks import lease_relocation_reminders_send_task
    from tests.services import wait_for

    owner = MembershipFactory(role="owner")
    lease = LeaseFactory(company=owner.company, status="active",
                         relocation_deadline=timezone.localdate() + dt.timedelta(days=6))
    lease_relocation_reminders_send_task.delay()
    wait_for(lambda: RelocationReminder.objects.filter(lease=lease).exists(), timeout=30)
    lease_relocation_reminders_send_task.delay()
    wait_for(lambda: smtp.messages, timeout=30)
    time.sleep(2)  # the second run has had time to (not) send another
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["To"] == owner.user.email
    assert list(RelocationReminder.objects.values_list("days_before", flat=True)) == [7]


def test_staff_hear_about_a_submitted_proof(active_lease, django_capture_on_commit_callbacks):
    lease, owner = active_lease
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.lease_relocation_proof_upload(lease=lease, actor=owner.user,
                                               upload=SimpleUploadedFile("c.pdf", b"%PDF"))
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert lease.company.name_ko in mail.outbox[0].subject
    assert f"/admin/tenants/lease/{lease.pk}/change/" in mail.outbox[0].body
