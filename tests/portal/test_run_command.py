"""`make run` on a machine without PostgreSQL or Redis: the embedded default (SQLite, tasks in-process)
is migrated, filled with the demo data and served, as scripts/run does it."""

import os
import subprocess
import sys

import httpx

from tests.reliability.drills import WebServer
from tests.services import ROOT


def _embedded_env(tmp_path) -> dict[str, str]:
    """The environment of a newcomer's first `make run`: no database, broker or cache named."""
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_", "REDIS_", "CACHE_", "FIELD_ENC", "EMAIL_"))}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "portal.settings.local",
        # Where scripts/run would use db.sqlite3, private_media/ and var/mail/ in the checkout.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "CELERY_BROKER_URL": "", "REDIS_URL": "",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def _manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def test_the_embedded_default_is_migrated_seeded_with_the_demo_and_served(tmp_path):
    env = _embedded_env(tmp_path)
    for step in (["migrate", "--noinput", "-v", "0"], ["seed_demo"]):
        result = _manage(*step, env=env)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert "staff@demo.yangjae-ai.kr" in result.stdout  # the demo logins are printed
    again = _manage("seed_demo", env=env)  # a second `make run` seeds again without duplicates
    assert again.returncode == 0, again.stderr[-4000:]
    assert list((tmp_path / "private" / "billing").rglob("*.pdf"))  # the demo invoices were rendered
    # Staff start a month's billing run from the admin: its tasks run in-process and count it.
    billing = _manage("shell", "-c", (
        "from django.utils import timezone; from billing import services; from billing.models import BillingRun; "
        "today = timezone.localdate(); run = services.billing_run_start(year=today.year, month=today.month); "
        "run = BillingRun.objects.get(pk=run.pk); "
        "print('run', run.issued, run.failed, run.total, bool(run.finished_at))"
    ), env=env)
    assert billing.returncode == 0, billing.stderr[-4000:]
    issued, failed, total, finished = billing.stdout.split("run ", 1)[1].split()
    assert int(total) > 0 and (int(issued), int(failed), finished) == (int(total), 0, "True")

    # The scores of the ranking are the same fractions as on PostgreSQL (SQLite divides whole numbers
    # without a fraction unless told otherwise).
    scores = _manage("shell", "-c", (
        "from applications.models import Application; from applications.workflow import Status; "
        "from evaluations.selectors import application_annotate_scores; "
        "from tests.factories import ClosedCallFactory, ScorecardFactory, SubmittedApplicationFactory; "
        "call = ClosedCallFactory(code='2099-9', trim_extremes_from=0); "
        "app = SubmittedApplicationFactory(call=call, status=Status.STAGE2); "
        "[ScorecardFactory(application=app, stage=1, total=t) for t in (80, 92, 40)]; "
        "print('score', application_annotate_scores(Application.objects.filter(pk=app.pk)).get().stage1_score)"
    ), env=env)
    assert scores.returncode == 0, scores.stderr[-4000:]
    assert scores.stdout.split("score ", 1)[1].strip() == "70.67"

    server = WebServer(env=env).start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            home = client.get("/")
            assert home.status_code == 200 and "양재" in home.text
            assert client.get("/calls/").status_code == 200
            login = client.get("/accounts/login/")
            assert login.status_code == 200 and 'name="password"' in login.text
    finally:
        server.stop()
