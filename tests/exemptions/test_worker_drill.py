"""Worker drill for document issuing: a worker killed mid-run and restarted (with the sweep behind it)
leaves no duplicate and no gap."""

import os
import signal

import pytest
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from exemptions import services
from exemptions.models import IssuedDocument
from portal.queue import pending_tasks_send
from tests.exemptions.conftest import make_tenant
from tests.factories import StaffFactory, exemption_types_seed, patent_answers
from tests.services import pending_tasks_age, wait_for

REQUESTS = 20


@pytest.mark.worker
def test_a_worker_killed_while_issuing_leaves_one_document_per_request_and_no_gap(short_visibility_worker):
    worker = short_visibility_worker
    types = exemption_types_seed()
    tenant = make_tenant()
    staff = StaffFactory(is_staff=True)
    year = timezone.localdate().year
    filed = [
        services.request_submit(
            company=tenant.company, exemption_type=types["PAT"], actor=tenant.owner, sensitive={}, files={},
            data=patent_answers(tenant.company, application_number=f"10-{year}-{n:07d}"),
        )
        for n in range(1, REQUESTS + 1)
    ]
    with transaction.atomic():  # every approval queues its issuing task when this commits
        for request in filed:
            services.request_approve(request=request, actor=staff)

    wait_for(lambda: IssuedDocument.objects.count() >= 2, timeout=60, interval=0.01)
    os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.wait(timeout=10)
    assert IssuedDocument.objects.count() < REQUESTS, "the worker finished before it could be killed"

    worker.start()  # the same queue: what was left, and the task that was running, are delivered again
    try:
        wait_for(lambda: IssuedDocument.objects.count() == REQUESTS, timeout=60, interval=0.2)
    except AssertionError:
        # A task lost with the worker is what the outbox's sweep exists for (every 2 minutes in
        # production, for records older than 10): it sends their tasks again.
        pending_tasks_age()
        pending_tasks_send()
        wait_for(lambda: IssuedDocument.objects.count() == REQUESTS, timeout=60, interval=0.2)
    assert IssuedDocument.objects.count() == REQUESTS
    assert not IssuedDocument.objects.values("request").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert set(IssuedDocument.objects.values_list("request_id", flat=True)) == {r.pk for r in filed}
    numbers = sorted(IssuedDocument.objects.values_list("number", flat=True))
    assert numbers == [f"제{year}-{n:04d}호" for n in range(1, REQUESTS + 1)]
