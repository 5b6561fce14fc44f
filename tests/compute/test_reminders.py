"""The daily run: allocations past their term end; a month nearly used up and months without usage are
reminded to the grantees once each, however often the run goes (recorded as outreach's sent reminders)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from compute import services, tasks
from compute.models import Allocation, UsageReport, month_first
from notifications.models import Notification
from outreach.models import SentReminder
from portal.models import StatusChange
from tests.factories import gpu_allocation

pytestmark = pytest.mark.django_db


def this_month() -> dt.date:
    return month_first(timezone.localdate())


def test_the_daily_task_is_on_the_beat_schedule():
    assert "compute.tasks.allocations_daily_task" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}


def test_a_nearly_used_month_is_reminded_once(settings, django_capture_on_commit_callbacks, mailoutbox):
    settings.COMPUTE_NEARLY_USED_PERCENT = 90
    allocation = gpu_allocation(hours=100, months_back=0)
    services.usage_record(allocation_id=allocation.pk, month=this_month(), hours=Decimal("89.99"), source="grantee",
                          actor=None)
    assert tasks.allocations_daily_task() == 0
    services.usage_record(allocation_id=allocation.pk, month=this_month(), hours=Decimal("0.01"), source="grantee",
                          actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.allocations_daily_task() == 1
        assert tasks.allocations_daily_task() == 0
    notice = Notification.objects.get(template="compute/nearly_used")
    assert notice.recipient == allocation.application.applicant
    assert notice.context["used"] == "90" and notice.context["remaining"] == "10"
    reminder = SentReminder.objects.get()
    assert (reminder.kind, reminder.object_id, reminder.step) == ("gpu_nearly_used", allocation.pk,
                                                                  f"{this_month():%Y-%m}")
    assert len(mailoutbox) == 1


def test_a_month_without_usage_is_reminded_once_and_a_used_one_is_not(settings):
    settings.COMPUTE_UNUSED_MONTHS = 1
    unused = gpu_allocation(hours=100, months_back=2)
    used = gpu_allocation(hours=100, months_back=1)
    last_month = month_first(this_month() - dt.timedelta(days=1))
    services.usage_record(allocation_id=used.pk, month=last_month, hours=Decimal(1), source="grantee", actor=None)
    assert services.allocations_daily() == 1
    assert services.allocations_daily() == 0
    reminder = SentReminder.objects.get()
    assert (reminder.kind, reminder.object_id, reminder.step) == ("gpu_unused", unused.pk, f"{last_month:%Y-%m}")
    assert Notification.objects.get(template="compute/unused").context["period"] == f"{last_month:%Y-%m}"


def test_two_months_in_a_row_when_the_setting_asks_for_two(settings):
    settings.COMPUTE_UNUSED_MONTHS = 2
    gpu_allocation(hours=100, months_back=1)  # one month over: not yet
    two = gpu_allocation(hours=100, months_back=2)
    assert services.allocations_daily() == 1
    assert SentReminder.objects.get().object_id == two.pk


def test_an_allocation_past_its_term_ends_by_the_portal_and_is_not_reminded():
    allocation = gpu_allocation(hours=100, months_back=3, months=2)
    assert allocation.ends_on < timezone.localdate()
    assert services.allocations_daily() == 0
    assert Allocation.objects.get(pk=allocation.pk).status == "ended"
    log = StatusChange.objects.filter(gpu_allocation=allocation).latest("id")
    assert (log.name, log.actor_id, log.actor_kind) == ("expire", None, "system")
    assert not UsageReport.objects.exists() and not SentReminder.objects.exists()


def test_the_migration_keeps_the_reminders_already_sent_so_none_goes_again(transactional_db, settings):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    settings.COMPUTE_UNUSED_MONTHS = 1
    before, after = ("compute", "0001_initial"), ("compute", "0002_reminders_to_sentreminder")
    allocation = gpu_allocation(hours=100, months_back=2)
    last_month = month_first(this_month() - dt.timedelta(days=1))
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps.get_model("compute", "AllocationReminder")
    sent_at = timezone.now() - dt.timedelta(days=20)
    old.objects.create(allocation_id=allocation.pk, kind="unused", month=last_month)
    old.objects.update(sent_at=sent_at)

    executor = MigrationExecutor(connection)
    executor.migrate([after])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    reminder = SentReminder.objects.get()
    assert (reminder.kind, reminder.object_id, reminder.step, reminder.sent_at) == (
        "gpu_unused", allocation.pk, f"{last_month:%Y-%m}", sent_at)
    assert services.allocations_daily() == 0  # the grantees are not told again
    assert not Notification.objects.filter(template="compute/unused").exists()
