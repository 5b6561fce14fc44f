"""The benchmark runner's functions run end to end at tiny sizes (figures are printed, never asserted)."""

import pytest
from django.conf import settings

from bench import deadline, documents, lists, pages, rush
from bench.measure import time_sql
from bench.options import Options
from bench.report import Section, write_report
from billing.models import Invoice
from exemptions.models import IssuedDocument
from portal.settings import base as base_settings


def _options(tmp_path) -> Options:
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return Options.quick(
        database_url=url, redis_url=settings.REDIS_URL, work_dir=tmp_path,
        cache_key_prefix=f"{settings.CACHES['default']['KEY_PREFIX']}-bench",
        static_storage="django.contrib.staticfiles.storage.StaticFilesStorage",  # no collectstatic needed
    )


def test_home_is_measured_at_each_size_with_the_same_query_count(db, tmp_path):
    section = pages.home_queries_by_size(_options(tmp_path))
    assert [row[0] for row in section.rows] == [2, 20]
    assert [row[2] for row in section.rows] == [2, 20]  # notifications grew to each size
    assert section.shortfalls == []  # every page answered 200 with an unchanged query count


def test_application_lists_are_measured_at_each_size_with_the_admin_list_beside_its_raw_sql(db, tmp_path):
    section = lists.application_lists_by_size(_options(tmp_path))
    assert section.columns == ["rows", "page", "queries", "median ms", "SQL ms", "raw SQL ms", "× raw",
                               "÷ 2-row time"]
    pages_measured = ["applicant dashboard", "call page", "admin list", "admin change page", "evaluator's list",
                      "tenant directory"]
    assert [row[:2] for row in section.rows] == [[size, page] for size in (2, 20) for page in pages_measured]
    for row in section.rows:
        assert row[3] > 0  # time measured for every page
        # Queries too; the call page is a public page served from its cache once rendered (0 queries).
        assert row[2] == 0 if row[1] == "call page" else row[2] > 0
        if row[1] == "admin list":
            assert row[5] > 0 and row[6] > 0 and row[7] > 0  # raw SQL, × raw, ÷ its time at the first size
        else:
            assert row[5:] == ["", "", ""]
    assert not [text for text in section.shortfalls if "answered" in text or "query count" in text]
    assert "At 20 rows: 29 applications" in " ".join(section.notes)  # 20 seeded, the measured 2, the demo's 7
    report = tmp_path / "benchmarks.md"
    write_report(report, [section], machine={"Machine": "2 cores"}, command="make bench")
    text = report.read_text()
    assert "| 20 | admin list |" in text
    assert "- Raw SQL: the statements one request of the page ran" in text


def test_the_invoice_and_the_exemption_document_are_rendered_and_issued_and_timed(db, tmp_path, settings):
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "private")},
    }}
    section = documents.document_render_times(_options(tmp_path))
    assert section.columns == ["document", "measured", "renders", "median ms", "p95 ms", "max ms", "PDF KiB"]
    assert [row[:3] for row in section.rows] == [
        ["invoice", "PDF rendering (portal.pdf.render_pdf)", 3],
        ["invoice", "service call (invoice_issue_for_lease)", 3],
        ["exemption document (IMM)", "PDF rendering (portal.pdf.render_pdf)", 3],
        ["exemption document (IMM)", "service call (document_issue)", 3],
    ]
    assert all(row[4] >= row[3] > 0 for row in section.rows)  # p95 at least the median
    assert section.shortfalls == []
    # Only the demo's own documents stay: every timed call was rolled back and its files deleted.
    private = tmp_path / "private"
    stored = {str(path.relative_to(private)) for folder in ("billing", "exemptions/documents")
              for path in (private / folder).rglob("*.pdf")}
    kept = {*Invoice.objects.values_list("pdf_path", flat=True),
            *IssuedDocument.objects.values_list("pdf_path", flat=True),
            *IssuedDocument.objects.exclude(pdf_en_path="").values_list("pdf_en_path", flat=True)}
    assert stored == kept


@pytest.mark.urls("bench.urls")
def test_public_pages_are_served_by_gunicorn_and_compared_with_the_bare_view(transactional_db, tmp_path):
    section = pages.public_pages_vs_bare_view(_options(tmp_path))
    assert not [text for text in section.shortfalls if "answered" in text or "failed" in text]
    assert [row[:2] for row in section.rows] == [
        ["bare view", "/bench/bare/"], ["home", "/"], ["call list", "/calls/"], ["open call", "/calls/2026-1/"],
    ]
    for row in section.rows:
        requests_per_second, errors = row[2], row[5]
        assert requests_per_second > 0
        assert errors == 0
    assert (tmp_path / "access.log").read_text().count('"GET / HTTP/1.1" 200') > 0


def test_login_rush_logs_every_person_in_through_gunicorn(transactional_db, tmp_path, settings):
    # The rush's people get their password hash here and log in under the bench settings' hashers.
    settings.PASSWORD_HASHERS = base_settings.PASSWORD_HASHERS
    section = rush.login_rush(_options(tmp_path))
    [row] = section.rows
    people, requests, errors, logged_in = row[0], row[3], row[4], row[5]
    assert (people, requests, errors, logged_in) == (4, 12, 0, 4)
    assert not [text for text in section.shortfalls if "errors" in text or "logged in" in text]


def test_deadline_rush_saves_every_submission_with_its_own_receipt_number(transactional_db, tmp_path, settings):
    from django.core.files.storage import storages

    from applications.models import Application, ApplicationDocument

    settings.PASSWORD_HASHERS = base_settings.PASSWORD_HASHERS
    section = deadline.deadline_rush(_options(tmp_path))
    [row] = section.rows
    people, requests, errors, confirmed, saved, receipts = row[0], row[3], row[4], row[5], row[6], row[7]
    assert (people, requests, errors, confirmed) == (4, 20, 0, 4)  # five requests per person, none failed
    assert saved == receipts == people
    assert not [text for text in section.shortfalls if "errors" in text or "saved" in text or "receipt" in text]
    rush = Application.objects.filter(applicant__email__startswith=deadline.EMAIL_PREFIX)
    assert len({a.receipt_number for a in rush}) == 4
    document = ApplicationDocument.objects.filter(application__in=rush).first()
    assert storages["private"].open(document.file.name).read() == deadline.DOCUMENT_BYTES


def test_the_bare_view_is_not_routed_outside_the_bench_settings(client, db):
    assert client.get("/bench/bare/").status_code == 404


@pytest.mark.parametrize("shortfalls", [[], ["home serves 0.41× the bare view"]])
def test_the_report_puts_what_falls_short_first(tmp_path, shortfalls):
    section = Section(key="k", title="Pages", goal="≥ 0.6×", columns=["page", "requests/s"],
                      rows=[["home", 1234.5]], shortfalls=shortfalls)
    report = tmp_path / "benchmarks.md"
    write_report(report, [section], machine={"Machine": "2 cores"}, command="make bench")
    text = report.read_text()
    assert text.index("## Short of the goals") < text.index("## Pages")
    assert "| home | 1,234 |" in text
    if shortfalls:
        assert "- Pages: home serves 0.41× the bare view" in text
        assert "**Short of the goal:** home serves 0.41× the bare view" in text
    else:
        assert "Nothing: every goal measured here is met." in text


def test_a_benchmark_run_alone_keeps_its_block_until_the_full_run_writes_it_again(tmp_path):
    report = tmp_path / "benchmarks.md"
    report.write_text("# Benchmarks\n\n<!-- billing_run:begin -->\nbilling figures\n<!-- billing_run:end -->\n\n"
                      "<!-- group_message:begin -->\nold group figures\n<!-- group_message:end -->\n")
    section = Section(key="group-message", title="A group message", goal="≤ 60 s", columns=["seconds"], rows=[[34.4]])
    write_report(report, [section], machine={"Machine": "2 cores"}, command="make bench")
    text = report.read_text()
    assert "billing figures" in text and "| 34.40 |" in text
    assert "old group figures" not in text


def test_raw_sql_is_timed_for_comparison_with_its_page(db):
    assert time_sql("SELECT count(*) FROM accounts_user", repeat=3) > 0
