"""A group message to many recipients through a real worker: seconds from "send" until every copy's e-mail
has been handed to the e-mail backend (an SMTP sink on loopback counts them) and every text message to the
messaging provider (the loopback fake of Popbill, tests/fakes/popbill_kakao.py, through the real SDK), and the
worker's memory.

The recipients are applicants of one bench call, half of them reading Korean and half English; one in
`TEXT_EVERY` chose KakaoTalk with text messages and verified a number, so gets the message by LMS too. The bench
process sends the message as the admin's button does (`group_message_send`, the delivery queued after
commit); a worker (prefork, `options.workers` processes) runs the delivery and then each batch's e-mail task
and each text message's task.

Part of `bench/run.py` (`--only group-message`); run alone it keeps its figures in docs/benchmarks.md between
its own markers, as the other single benchmarks do:
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yp_group_bench .venv/bin/python -m bench.group_message
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import uuid

from .options import ROOT, Options
from .report import Section, write_section_block

GOAL_SECONDS, GOAL_MB = 60.0, 300.0
EMAIL_DOMAIN = "bench-group.yangjae-ai.kr"
CALL_CODE = "BENCH-GROUP"
TEXT_EVERY = 5  # one recipient in five chose text messages


def seed_recipients(count: int):
    """A bench call with `count` applicants (one draft each, every other one reading English); returns the call."""
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from applications.models import Application, Call, programme_tenancy
    from messaging.models import Channel, MessagingProfile
    from premises.demo import seed_premises
    from premises.models import UnitType

    from .seed import _application_row

    with transaction.atomic():
        building = seed_premises()
        now = timezone.now()
        call, _created = Call.objects.get_or_create(code=CALL_CODE, defaults={
            "programme": programme_tenancy(), "title_ko": "단체 메시지 벤치마크 공고",
            "title_en": "Group message bench call", "building": building,
            "opens_at": now - timezone.timedelta(days=7), "closes_at": now + timezone.timedelta(days=21)})
        Application.objects.filter(call=call).delete()
        User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
        users = User.objects.bulk_create([
            User(email=f"group-{n:05d}@{EMAIL_DOMAIN}", name=f"단체 수신자 {n:05d}", date_joined=now,
                 password=UNUSABLE_PASSWORD_PREFIX + "bench", email_verified_at=now,
                 preferred_language="en" if n % 2 else "ko") for n in range(count)], batch_size=2000)
        unit_type_ids = list(UnitType.objects.values_list("pk", flat=True))
        Application.objects.bulk_create([
            Application(**{key: value for key, value in _application_row(
                pk=None, call=call, user_id=user.pk, position=n, status="draft", brn_number=900000 + n,
                unit_type_ids=unit_type_ids).items() if key != "id"})
            for n, user in enumerate(users)], batch_size=2000)
        MessagingProfile.objects.bulk_create([
            MessagingProfile(user=user, channel=Channel.KAKAO_SMS, phone=f"010{n:08d}", phone_verified_at=now)
            for n, user in enumerate(users) if n % TEXT_EVERY == 0], batch_size=2000)
    return call


class _Counter:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.received += 1
        return "250 OK"


def _worker(options: Options, *, broker: str, queue: str, smtp_port: int, popbill: dict) -> subprocess.Popen:
    env = {**os.environ, **options.server_env(), **popbill, "BENCH_CELERY_BROKER_URL": broker,
           "CELERY_TASK_DEFAULT_QUEUE": queue, "BENCH_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
           "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port)}
    log = options.work_dir / f"group-worker-{queue}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as log_file:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=prefork",
             f"--concurrency={options.workers}", "--prefetch-multiplier=4", "-Q", queue,
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning", "-n", f"{queue}@%h"],
            cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)


def group_message_to_many(options: Options) -> Section:
    from aiosmtpd.controller import Controller
    from django.utils import timezone

    from accounts.roles import Role
    from bench.billing_run import MemoryWatch, _tree
    from outreach.models import GroupMessage
    from outreach.services import group_message_send
    from portal.celery_app import app
    from tests.fakes.popbill import PopbillFake
    from tests.fakes.popbill_kakao import KakaoApi

    from .seed import _bench_user

    count = options.group_recipients
    texts_expected = len(range(0, count, TEXT_EVERY))
    call = seed_recipients(count)
    staff = _bench_user("bench-staff@bench.yangjae-ai.kr", "벤치 주무관", Role.DISTRICT_STAFF)
    message = GroupMessage.objects.create(
        audience="applicants", call=call, subject_ko="입주 설명회 안내", subject_en="Tenant briefing",
        body_ko="다음 주 화요일 오후 2시 컨퍼런스홀에서 설명회가 열립니다.\n" * 5,
        body_en="The briefing is next Tuesday at 2 pm in the conference hall.\n" * 5, created_by=staff)

    counter = _Counter()
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        smtp_port = probe.getsockname()[1]
    smtp = Controller(counter, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    fake = PopbillFake().start()
    provider = KakaoApi(fake).install()
    popbill = {**fake.settings_env(), "POPBILL_SENDER_NUMBER": "0221550000"}
    queue = f"bench-group-{uuid.uuid4().hex[:8]}"
    broker = os.environ.get("BENCH_BROKER_URL", options.redis_url)
    worker = _worker(options, broker=broker, queue=queue, smtp_port=smtp_port, popbill=popbill)
    previous = (app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url)
    app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url = False, queue, broker
    app.amqp.__dict__.pop("_queues", None)
    try:
        deadline = time.monotonic() + 60
        while len(_tree(worker.pid)) < 1 + options.workers and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)  # the pool's processes finish importing
        watch = MemoryWatch(worker.pid)
        watch.start()
        load_before = os.getloadavg()[0]
        started = time.monotonic()
        group_message_send(message=message, actor=staff)
        timeout = max(10 * GOAL_SECONDS, count / 10)
        emails_at = texts_at = None
        while time.monotonic() - started < timeout:
            if emails_at is None and counter.received >= count:
                emails_at = time.monotonic() - started
            if texts_at is None and len(provider.lms) >= texts_expected:
                texts_at = time.monotonic() - started
            if emails_at is not None and texts_at is not None:
                break
            time.sleep(0.05)
        seconds = time.monotonic() - started
        load_after = os.getloadavg()[0]
        watch.stop()
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url = previous
        app.amqp.__dict__.pop("_queues", None)
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        smtp.stop()
        fake.stop()

    texts = len(provider.lms)
    worker_mb = watch.peak_pss / 1024
    section = Section(
        key="group-message", title="A group message to many recipients through a real worker",
        goal=f"every e-mail handed to the backend and every text message to the messaging provider within "
             f"{GOAL_SECONDS:.0f} s of sending; worker ≤ {GOAL_MB:.0f} MB",
        columns=["recipients", "e-mails received", "texts received", "seconds", "e-mails/s", "worker MB (PSS)"],
        rows=[[count, counter.received, texts, round(seconds, 1), round(counter.received / seconds, 1),
               round(worker_mb)]],
        notes=[f"Worker: prefork, {options.workers} processes; the delivery gives OUTREACH_DELIVERY_BATCH "
               f"(200) recipients their copies per transaction, recorded in one statement; each batch's e-mails are "
               f"one task that renders each language once and sends over one SMTP connection, each e-mail locked "
               f"and marked sent on its own; SMTP sink on loopback in the bench process.",
               f"Texts: one recipient in {TEXT_EVERY} ({texts_expected:,}) chose text messages and gets an LMS, "
               f"each its own task through Popbill's SDK to the loopback fake (a fresh connection per request). "
               f"The last e-mail arrived after "
               f"{'–' if emails_at is None else f'{emails_at:.1f} s'}, the last text after "
               f"{'–' if texts_at is None else f'{texts_at:.1f} s'}.",
               f"Load average (1 min) of the machine before and after: {load_before:.1f} and {load_after:.1f} on "
               f"{os.cpu_count()} CPUs, which other work shared; the figures are from a busy machine when these "
               f"are above about 2.",
               "Before the batch's e-mails shared a connection and their rendering (one task, one SMTP connection "
               "and one render per e-mail), the same run handed over about 44 e-mails/s (≈114 s for 5,000).",
               f"Measured {timezone.localtime():%Y-%m-%d %H:%M} (Korea time)."])
    if counter.received < count:
        section.shortfalls.append(f"only {counter.received} of {count} e-mails arrived within {seconds:.0f} s")
    elif texts < texts_expected:
        section.shortfalls.append(f"only {texts} of {texts_expected} text messages arrived within {seconds:.0f} s")
    elif seconds > GOAL_SECONDS:
        section.shortfalls.append(f"{seconds:.0f} s until the last e-mail (goal ≤ {GOAL_SECONDS:.0f} s)")
    if worker_mb > GOAL_MB:
        section.shortfalls.append(f"the worker peaked at {worker_mb:.0f} MB (goal ≤ {GOAL_MB:.0f} MB)")
    return section


def main() -> None:
    from bench.run import prepare_database, setup_django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=Options.group_recipients)
    parser.add_argument("--keep-db", action="store_true", help="reuse the bench database instead of a fresh one")
    parser.add_argument("--no-docs", action="store_true", help="print only; do not write docs/benchmarks.md")
    args = parser.parse_args()
    options = Options(group_recipients=args.recipients)
    print(f"Bench database: {options.database_url}")
    prepare_database(options.database_url, fresh=not args.keep_db)
    setup_django(options)
    section = group_message_to_many(options)
    print(section.text())
    if not args.no_docs:
        write_section_block(ROOT / "docs" / "benchmarks.md", name="group_message", section=section,
                            rerun=f".venv/bin/python -m bench.group_message --recipients {args.recipients}")


if __name__ == "__main__":
    main()
