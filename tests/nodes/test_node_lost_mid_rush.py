"""A web node and a worker killed (SIGKILL) in the middle of a deadline rush through the proxy, then
restarted: no answered submission is lost, none is saved twice, those who got an error submit again, and
each receipt e-mail is delivered once (the full-size run is bench/nodes_bench.py)."""

import time

import pytest
import redis

from accounts.hashers import Argon2idPasswordHasher
from accounts.models import User
from applications.demo import OPEN_CALL
from bench.deadline import PASSWORD, seed_applicants_with_drafts
from bench.nodes_rush import kill_rush, receipt_mail_counts, saved_submissions
from portal.queue import pending_tasks_send
from tests.applications.conftest import make_call
from tests.reliability.drills import celery_broker
from tests.services import pending_tasks_age, wait_for

# The nodes cache content types and permissions by id: each test ends by restoring the rows they had.
pytestmark = [pytest.mark.nodes, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PEOPLE = 24


def test_a_node_and_a_worker_lost_mid_rush_lose_no_submission_and_double_none(cluster, mail_sink):
    make_call(code=OPEN_CALL)
    people = seed_applicants_with_drafts(PEOPLE)
    # The nodes check passwords with production's hasher (the test process uses a fast one).
    hasher = Argon2idPasswordHasher()
    User.objects.filter(email__in=[p["email"] for p in people]).update(password=hasher.encode(PASSWORD, hasher.salt()))
    mail_sink.messages.clear()

    result = kill_rush(cluster, people, window=4.0, kill_at=1.5, restart_after=1.5)
    assert "killed" in result.events[0] and "started again" in result.events[1]

    state = saved_submissions([person["application"] for person in people])
    assert result.answered <= state["emails"]  # every answered submit is saved
    assert state["duplicates"] == 0 and len(state["receipts"]) == state["saved"]
    errors = [(n, r.errors) for n, r in enumerate([result.first, *result.retries])]
    assert state["saved"] == PEOPLE, errors  # those who got an error submitted again
    assert result.retry is None or not result.retry.errors, result.retry.errors

    # The outbox: a receipt whose message died with the worker comes back from the broker; one whose
    # request died between commit and publish is sent by the sweep.
    time.sleep(5)  # beyond the drill's visibility timeout: what the broker brings back is delivered
    pending_tasks_age()
    with celery_broker(cluster.broker_url, cluster.queue):
        pending_tasks_send()
    wait_for(lambda: len(receipt_mail_counts(mail_sink.messages, state["receipts"])) == PEOPLE, timeout=60,
             interval=0.5)
    broker = redis.Redis.from_url(cluster.broker_url)
    wait_for(lambda: broker.hlen("unacked") == 0 and broker.llen(cluster.queue) == 0, timeout=30)
    time.sleep(1)
    counts = receipt_mail_counts(mail_sink.messages, state["receipts"])
    assert set(counts.values()) == {1}, counts
