"""Measure three ways of showing staff only their programmes' applications in the admin, and print the figures.

Usage: DATABASE_URL=... .venv/bin/pytest -p no:xdist -o addopts="" --ds=bench.permissions.settings \
           bench/permissions/measure.py -s

Needs django-guardian and rules (requirements-bench.txt; not dependencies of the portal). A staff member of
the GPU programme opens the application list (30 applications in each of two programmes), one of their
applications' change page, a tenancy application's change page, and asks one object check 10 times.
"""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Programme
from tests.factories import CallFactory, ProgrammeFactory, SubmittedApplicationFactory, UserFactory

PER_PROGRAMME = 30


@pytest.fixture
def world(db):
    tenancy, gpu = ProgrammeFactory(), ProgrammeFactory(code="gpu", outcome="gpu_allocation")
    applications = {}
    for programme in (tenancy, gpu):
        call = CallFactory(programme=programme)
        applications[programme.code] = [SubmittedApplicationFactory(call=call) for _ in range(PER_PROGRAMME)]
    staff = UserFactory(role="district_staff", programmes=[gpu], is_staff=True)
    return tenancy, gpu, applications, staff


def _measure(client, url: str) -> tuple[int, int, float]:
    client.get(url)  # warm caches (sidebar, sessions) as a second visit finds them
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
    return response.status_code, len(queries), elapsed


def test_measure(client, world):
    from guardian.shortcuts import assign_perm

    _tenancy, gpu, applications, staff = world
    assign_perm("applications.view_programme", staff, gpu)
    client.force_login(staff)
    own, other = applications["gpu"][0], applications["tenancy"][0]
    print(f"\n{'approach':<12} {'page':<28} {'status':>6} {'queries':>7} {'ms':>6}")
    for label, namespace in (("own rule", "admin"), ("rules", "bench_rules"), ("guardian", "bench_guardian")):
        pages = {
            "list": reverse(f"{namespace}:applications_application_changelist"),
            "change page (own programme)": reverse(f"{namespace}:applications_application_change", args=[own.pk]),
            "change page (other)": reverse(f"{namespace}:applications_application_change", args=[other.pk]),
        }
        for page, url in pages.items():
            status, count, ms = _measure(client, url)
            print(f"{label:<12} {page:<28} {status:>6} {count:>7} {ms:>6.0f}")
            if page == "list":
                html = client.get(url).content.decode()
                assert own.receipt_number in html and other.receipt_number not in html, label

    staff.refresh_from_db()
    for label, check in (
        ("rules", lambda: staff.has_perm("applications.view_application", own)),
        ("guardian", lambda: staff.has_perm("applications.view_programme", gpu)),
    ):
        with CaptureQueriesContext(connection) as queries:
            results = [check() for _ in range(10)]
        print(f"{label:<12} 10 object checks: {len(queries)} queries, all allowed: {all(results)}")
    print(f"programmes: {Programme.objects.count()}")
