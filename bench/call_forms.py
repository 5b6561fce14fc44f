"""A call's own form of 60 questions in 6 steps against the fixed tenancy steps: the applicant's step page and
review page, median time and SQL queries of one request through Django's test client (in-process), each on a
draft with every question answered; and the query count of the same pages with 6 questions, which must not
differ.

Part of `bench/run.py` (`--only call-form`); run alone it keeps its figures in docs/benchmarks.md between its
own markers:
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/yp_form_bench .venv/bin/python -m bench.call_forms
"""

from __future__ import annotations

import argparse
import datetime as dt
import os

from .options import ROOT, Options
from .report import Section, write_section_block

GOAL_RATIO = 1.5
DOMAIN = "bench-form.yangjae-ai.kr"
FIXED_STEPS = ("company", "team", "plan")
# The ten kinds of question each step holds, in order, with an answer for each (the file answer is a name only).
KINDS = [
    ("short_text", {"max_length": 200}, "주식회사 벤치"),
    ("long_text", {"max_length": 5000}, "행정 문서를 요약하는 한국어 언어 모델 서비스입니다. " * 10),
    ("number", {"min_value": 0, "max_value": 1000}, 24),
    ("money", {"min_value": 0}, 1_200_000_000),
    ("date", {}, "2022-03-02"),
    ("single_choice", {"choices": [{"value": v, "label_ko": f"선택 {v}", "label_en": f"Choice {v}"}
                                   for v in ("a", "b", "c", "d")]}, "b"),
    ("multiple_choice", {"choices": [{"value": v, "label_ko": f"지원 {v}", "label_en": f"Support {v}"}
                                     for v in ("gpu", "fund", "space")]}, ["gpu", "fund"]),
    ("yes_no", {}, "yes"),
    ("table", {"max_value": 20, "columns": [
        {"key": "name", "label_ko": "이름", "label_en": "Name", "type": "short_text"},
        {"key": "role", "label_ko": "직책", "label_en": "Role", "type": "short_text"},
        {"key": "joined", "label_ko": "입사일", "label_en": "Joined", "type": "date"}]},
     [{"name": f"구성원 {n}", "role": "연구원", "joined": "2023-01-02"} for n in range(8)]),
    ("file", {"allowed_formats": ["pdf"]}, None),
]


def _people_and_calls(questions_per_step: int):
    """A fixed-steps call and two calls with their own forms (6 steps of `questions_per_step` and of 1)."""
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import user_create
    from applications.models import Call, FormDefinition, FormStep, Question, programme_tenancy
    from applications.services import call_add_defaults
    from premises.demo import seed_premises

    building = seed_premises()
    now = timezone.now()
    calls = {}
    for code, per_step in (("BENCH-FIXED", 0), ("BENCH-FORM-60", questions_per_step), ("BENCH-FORM-6", 1)):
        call, created = Call.objects.get_or_create(code=code, defaults={
            "programme": programme_tenancy(), "title_ko": f"벤치마크 {code}", "title_en": code, "building": building,
            "opens_at": now - dt.timedelta(days=3), "closes_at": now + dt.timedelta(days=30)})
        if created:
            call_add_defaults(call=call)
            if per_step:
                definition = FormDefinition.objects.create(call=call)
                for number in range(1, 7):
                    step = FormStep.objects.create(definition=definition, position=number,
                                                   title_ko=f"단계 {number}", title_en=f"Step {number}")
                    Question.objects.bulk_create(
                        Question(definition=definition, step=step, position=i, key=f"q{number}_{i}", type=kind,
                                 label_ko=f"질문 {number}-{i}", label_en=f"Question {number}-{i}",
                                 help_ko="도움말", required=i % 2 == 0, **extra)
                        for i, (kind, extra, _answer) in enumerate(KINDS[:per_step], start=1))
        calls[code] = call
    users = {}
    for code in calls:
        email = f"{code.lower()}@{DOMAIN}"
        users[code] = User.objects.filter(email=email).first() or user_create(
            email=email, password=None, name="벤치 신청자", role=Role.APPLICANT, email_verified_at=now)
    return calls, users


def _draft(call, user):
    """The user's draft to the call, every field of the fixed steps or every question answered."""
    from applications.models import Application, Question
    from applications.services import application_start, application_update_draft
    from premises.models import UnitType

    application, _created = application_start(call=call, applicant=user, consent_collection=True,
                                               consent_committee=True)
    if application.form_definition_id is None:
        application_update_draft(application=application, actor=user, changes={
            "company_name_ko": "주식회사 벤치", "company_name_en": "Bench Inc.", "business_registration_number":
            "1208147521", "ceo_name": "김대표", "founded_on": dt.date(2022, 3, 2),
            "head_office_address": "서울특별시 서초구 강남대로 27", "website": "https://bench.example",
            "ai_field": "language", "headcount": 24, "foreign_employees": 2,
            "desired_unit_type": UnitType.objects.order_by("area_pyeong").first(),
            "relocation_commitment": True, "business_summary": KINDS[1][2],
            "revenue_last_year": 1_200_000_000, "total_investment": 3_000_000_000, "patents_held": 3,
            "awards": "2025 AI 챔피언", "wants_gpu": True, "contact_name": "이담당",
            "contact_email": "contact@bench.example", "contact_phone": "010-1234-5678",
        })
    else:
        answers = {}
        for question in Question.objects.filter(definition_id=application.form_definition_id):
            answer = dict((kind, answer) for kind, _extra, answer in KINDS)[question.type]
            answers[question.key] = answer if answer is not None else {"file": 0, "name": "deck.pdf", "size": 1000}
        Application.objects.filter(pk=application.pk).update(answers=answers)
    return application


def _interleaved(pages: list[tuple[str, str, object, str]], *, repeat: int) -> dict[tuple[str, str], tuple]:
    """Median time, median SQL time and most queries of each page, the pages requested in turn (one round of
    every page, `repeat` rounds after 3 to warm up), so that a busy machine slows every page alike."""
    import statistics
    import time

    from django.db import connection

    from .measure import WARMUP_REQUESTS, SqlTimer

    samples: dict[tuple[str, str], list] = {(form, name): [] for form, name, _client, _path in pages}
    for round_number in range(WARMUP_REQUESTS + repeat):
        for form, name, client, path in pages:
            timer = SqlTimer()
            with connection.execute_wrapper(timer):
                start = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - start
            assert response.status_code == 200, (path, response.status_code)
            if round_number >= WARMUP_REQUESTS:
                samples[(form, name)].append((elapsed * 1000, timer.seconds * 1000, timer.count))
    return {key: (statistics.median(s[0] for s in rows), statistics.median(s[1] for s in rows),
                  max(s[2] for s in rows)) for key, rows in samples.items()}


FORMS = (("fixed steps", "BENCH-FIXED", FIXED_STEPS),
         ("60 questions", "BENCH-FORM-60", tuple(f"step-{n}" for n in range(1, 7))),
         ("6 questions", "BENCH-FORM-6", tuple(f"step-{n}" for n in range(1, 7))))


def call_form_pages(options: Options) -> Section:
    from django.test import Client
    from django.urls import reverse

    calls, users = _people_and_calls(len(KINDS))
    drafts = {code: _draft(call, users[code]) for code, call in calls.items()}
    pages = []
    for form, code, steps in FORMS:
        client = Client()
        client.force_login(users[code])
        pk = drafts[code].pk
        pages += [(form, f"step {slug}", client, reverse("applications:step", args=[pk, slug])) for slug in steps]
        pages.append((form, "review", client, reverse("applications:review", args=[pk])))
    load_before = os.getloadavg()[0]
    measured = _interleaved(pages, repeat=options.repeat)
    load_after = os.getloadavg()[0]

    def of(form: str) -> list:
        return [(name, measured[(f, name)]) for f, name, _client, _path in pages if f == form]

    fixed, form, small = of("fixed steps"), of("60 questions"), of("6 questions")
    rows = [[label, name, queries, round(median, 1), round(sql, 1)]
            for label, measured_pages in (("fixed steps", fixed), ("60 questions", form), ("6 questions", small))
            for name, (median, sql, queries) in measured_pages]
    slowest_fixed_step = max(median for name, (median, _sql, _q) in fixed if name != "review")
    slowest_form_step = max(median for name, (median, _sql, _q) in form if name != "review")
    fixed_review, form_review = fixed[-1][1][0], form[-1][1][0]
    step_ratio, review_ratio = slowest_form_step / slowest_fixed_step, form_review / fixed_review
    section = Section(
        key="call-form", title="A call's own form of 60 questions in 6 steps against the fixed steps",
        goal=f"the step and review pages within {GOAL_RATIO}× of the fixed steps' (slowest step against slowest "
             f"step); the same queries with 6 and 60 questions",
        columns=["form", "page", "queries", "median ms", "SQL ms"], rows=rows,
        notes=[f"Slowest step: {slowest_form_step:.1f} ms against {slowest_fixed_step:.1f} ms "
               f"({step_ratio:.2f}×); review: {form_review:.1f} ms against {fixed_review:.1f} ms "
               f"({review_ratio:.2f}×).",
               "Each step of 10 questions holds one of each type (short and long text, number, amount, date, single "
               "and multiple choice, yes/no, a table of 8 rows, a file); every question is answered. In-process "
               f"through Django's test client, {options.repeat} requests per page after 3 to warm up, the pages "
               "requested in turn (a busy machine slows each alike), on a draft of an open call; the frozen "
               "version is read once per process (two more queries on its first page) and kept.",
               f"Load average (1 min) of the machine before and after: {load_before:.1f} and {load_after:.1f} on "
               f"{os.cpu_count()} CPUs, which other work shared; absolute times are from a busy machine, the "
               "ratios are what to compare."])
    if step_ratio > GOAL_RATIO:
        section.shortfalls.append(f"the slowest step takes {step_ratio:.2f}× the fixed steps' (goal ≤ {GOAL_RATIO}×)")
    if review_ratio > GOAL_RATIO:
        section.shortfalls.append(f"the review takes {review_ratio:.2f}× the fixed one's (goal ≤ {GOAL_RATIO}×)")
    for (name, many), (_name, few) in zip(form, small, strict=True):
        if many[2] != few[2]:
            section.shortfalls.append(f"{name}: {many[2]} queries with 60 questions, {few[2]} with 6")
    return section


def main() -> None:
    from bench.run import prepare_database, setup_django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-db", action="store_true", help="reuse the bench database instead of a fresh one")
    parser.add_argument("--no-docs", action="store_true", help="print only; do not write docs/benchmarks.md")
    parser.add_argument("--quick", action="store_true", help="few requests, to check the script")
    args = parser.parse_args()
    options = Options.quick() if args.quick else Options()
    print(f"Bench database: {options.database_url}")
    prepare_database(options.database_url, fresh=not args.keep_db)
    setup_django(options)
    section = call_form_pages(options)
    print(section.text())
    if not args.no_docs and not args.quick:
        write_section_block(ROOT / "docs" / "benchmarks.md", name="call_form", section=section,
                            rerun=".venv/bin/python -m bench.call_forms")


if __name__ == "__main__":
    main()
