"""The two-node drill as a fixture: haproxy, two gunicorn nodes, two Celery workers, one beat, a private
Redis and moto's S3 server (bench/nodes.py), on the test database. Started once for the tests of this folder."""

import json

import pytest
from django.conf import settings
from django.test import override_settings

from bench.nodes import Cluster
from bench.nodes_journey import JOURNEY_ENV
from tests.services import ROOT, smtp_sink

DRILL_TRANSPORT_OPTIONS = {"visibility_timeout": 4, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}


def database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(scope="package")
def mail_sink():
    with smtp_sink() as sink:
        yield sink


@pytest.fixture(scope="package")
def cluster(django_db_setup, django_db_blocker, mail_sink):
    cluster = Cluster(
        database_url=database_url(), email_port=mail_sink.port, work_dir=ROOT / "var" / "test-nodes",
        web_workers=2,  # one answers the proxy's readiness probe while the other serves a slow request
        static_storage="django.contrib.staticfiles.storage.StaticFilesStorage", extra_env={
            **JOURNEY_ENV,
            # The drills' scale: a dead worker's messages come back after 4 s, a dead beat's lock expires after 3 s.
            "CELERY_BROKER_TRANSPORT_OPTIONS": json.dumps(DRILL_TRANSPORT_OPTIONS),
            "PORTAL_BEAT_LOCK_SECONDS": "3",
        },
    )
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop(kill=True)  # nothing left to finish: no need to wait for warm shutdowns


@pytest.fixture
def cluster_cache(cluster):
    """This process's cache is the nodes' (their Redis, without a key prefix), so that its saves move the
    public pages' version they read."""
    with override_settings(CACHES={"default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": cluster.redis_url}}):
        yield



@pytest.fixture(scope="module", autouse=True)
def _database_as_migrated(django_db_setup, django_db_blocker):
    """The drills reload the migrated data before each test (serialized rollback: the nodes keep the content
    types' ids). A transactional test that ran before them in this process may have left rows that its flush's
    post_migrate made again (the roles' groups), which the reload would collide with: empty the tables first.
    Afterwards put the migrated data back for the tests that follow in this process."""
    from django.core.management import call_command
    from django.db import connection

    with django_db_blocker.unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        serialized = getattr(connection, "_test_serialized_contents", None)
        if serialized:
            connection.creation.deserialize_db_from_string(serialized)
            _sequences_past_the_rows(connection)


def _sequences_past_the_rows(connection) -> None:
    """The flush restarted every table's id sequence and the reload wrote its rows with their ids: move each
    sequence past its table's rows, or the next row created (a programme, a group) would take an id in use."""
    from django.apps import apps
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
