"""Rushes: many people each running a short scenario within a time window, against gunicorn on loopback.

`run_rush` starts one scenario per person at evenly spread moments of the window; a scenario is an
async function `(client, person, timed) -> bool` that makes its requests through `timed` and says whether
its goal (a login, a saved submission) was reached. The login rush is below; the deadline rush of
applicants submitting their drafts is in bench/deadline.py.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

from .load import Gunicorn
from .options import Options
from .report import Section, load_note

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LATENCY_GOAL_MS = 500


@dataclass
class RushResult:
    people: int
    window: float
    latencies: list[float] = field(default_factory=list)  # seconds, every request
    errors: list[str] = field(default_factory=list)
    succeeded: int = 0
    elapsed: float = 0.0

    def percentile(self, p: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] * 1000 if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1] * 1000


class Timer:
    """Records each request's latency and turns unexpected answers into errors."""

    def __init__(self, result: RushResult) -> None:
        self.result = result

    async def __call__(self, request, *, expect: tuple[int, ...] = (200,), label: str = "") -> httpx.Response | None:
        start = time.perf_counter()
        try:
            response = await request
        except httpx.HTTPError as error:
            self.result.errors.append(f"{label}: {error.__class__.__name__}")
            return None
        self.result.latencies.append(time.perf_counter() - start)
        if response.status_code not in expect:
            self.result.errors.append(f"{label}: HTTP {response.status_code}")
            return None
        return response


async def _rush(base_url: str, people: list, scenario, *, window: float, timeout: float,
                starts: list[float] | None = None) -> RushResult:
    result = RushResult(people=len(people), window=window)
    timed = Timer(result)
    start = time.perf_counter()

    async def one(index: int, person) -> None:
        await asyncio.sleep(starts[index] if starts else window * index / max(len(people), 1))
        headers = {"X-Forwarded-For": client_address(index)}
        async with httpx.AsyncClient(
            base_url=base_url, timeout=timeout, follow_redirects=False, headers=headers
        ) as client:
            if await scenario(client, person, timed):
                result.succeeded += 1

    await asyncio.gather(*(one(index, person) for index, person in enumerate(people)))
    result.elapsed = time.perf_counter() - start
    return result


def client_address(index: int) -> str:
    """A distinct client address per person, from the documentation ranges (RFC 5737); only a header value."""
    network = ("198.51.100", "203.0.113")[index // 254 % 2]
    return f"{network}.{index % 254 + 1}"


def run_rush(base_url: str, people: list, scenario, *, window: float, timeout: float = 30.0,
             starts: list[float] | None = None) -> RushResult:
    """Run `scenario` once per person, starts spread evenly over `window` seconds (or at `starts`, seconds
    from the beginning, one per person); bounded by `timeout` per request.

    Called from a thread that already runs an event loop (a test process where Playwright's synchronous API
    has started its own), the rush gets a thread and a loop of its own."""
    def rush() -> RushResult:
        return asyncio.run(_rush(base_url, people, scenario, window=window, timeout=timeout, starts=starts))

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return rush()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(rush).result()


async def log_in(client: httpx.AsyncClient, person: dict, timed: Timer) -> bool:
    """Open the login page and log in with its CSRF token, as the form does (answered by a redirect)."""
    page = await timed(client.get("/accounts/login/"), label="login page")
    if page is None:
        return False
    token = CSRF_INPUT.search(page.text)
    if token is None:
        timed.result.errors.append("login page: no CSRF token")
        return False
    answer = await timed(
        client.post("/accounts/login/", data={
            "csrfmiddlewaretoken": token.group(1), "username": person["email"], "password": person["password"],
        }),
        expect=(302,), label="log in",
    )
    return answer is not None


async def login_scenario(client: httpx.AsyncClient, person: dict, timed: Timer) -> bool:
    """Open the login page, log in, see the home page signed in."""
    if not await log_in(client, person, timed):
        return False
    home = await timed(client.get("/"), label="home signed in")
    return home is not None and person["name"] in home.text


def seed_people(count: int, *, password: str) -> list[dict]:
    """`count` applicants who can log in; one password hash is computed and shared (hashing is slow on purpose)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import user_grant_role

    hashed = make_password(password)
    verified = timezone.now()
    emails = [f"rush-{n:04d}@bench.yangjae-ai.kr" for n in range(count)]
    User.objects.bulk_create(
        [User(email=email, name=f"신청자 {n:04d}", password=hashed, email_verified_at=verified)
         for n, email in enumerate(emails)],
        ignore_conflicts=True,
    )
    people = []
    for user in User.objects.filter(email__in=emails).order_by("email"):
        if not user.is_applicant:
            user_grant_role(user=user, role=Role.APPLICANT)
        people.append({"email": user.email, "name": user.name, "password": password})
    return people


def login_rush(options: Options) -> Section:
    """Many applicants logging in within one window (the first half of the deadline rush)."""
    people = seed_people(options.rush_people, password="bench-rush-password-2026")  # noqa: S106
    load_before = os.getloadavg()[0]
    with Gunicorn(env=options.server_env(), workers=options.workers, log_dir=options.work_dir) as server:
        result = run_rush(server.url, people, login_scenario, window=options.rush_window)
    load_after = os.getloadavg()[0]
    section = Section(
        key="login-rush", title="Login rush through gunicorn",
        goal=f"0 errors, every login succeeds, p95 ≤ {LATENCY_GOAL_MS} ms",
        columns=["people", "window s", "elapsed s", "requests", "errors", "logged in", "p50 ms", "p95 ms",
                 "max ms"],
        rows=[[result.people, result.window, result.elapsed, len(result.latencies), len(result.errors),
               result.succeeded, result.percentile(50), result.percentile(95),
               max(result.latencies, default=float("nan")) * 1000]],
    )
    section.notes.append(
        f"Each person opens the login page, logs in and opens the home page signed in; starts spread evenly "
        f"over {result.window:g} s; gunicorn {options.workers} sync workers. Each person has its own client "
        "address (X-Forwarded-For behind one trusted proxy, as in production), so the per-address login "
        "limit counts per person."
    )
    add_rush_findings(section, result, goal_label="logged in")
    section.notes.append(load_note(load_before, load_after))
    return section


def add_rush_findings(section: Section, result: RushResult, *, goal_label: str) -> None:
    """What every rush reports: errors, people short of their goal, p95 against the goal, timeouts, hashing."""
    if result.errors:
        kinds = Counter(result.errors).most_common(5)
        section.shortfalls.append(
            f"{len(result.errors)} errors ({'; '.join(f'{kind} ×{count}' for kind, count in kinds)})"
        )
    if result.succeeded < result.people:
        section.shortfalls.append(f"only {result.succeeded} of {result.people} {goal_label}")
    if not result.percentile(95) <= LATENCY_GOAL_MS:
        section.shortfalls.append(f"p95 is {result.percentile(95):.0f} ms (goal ≤ {LATENCY_GOAL_MS} ms)")
    timeouts = sum(1 for error in result.errors if "Timeout" in error)
    if timeouts:
        section.notes.append(
            f"{timeouts} requests timed out (clients wait 30 s). A sync worker still runs a request whose client "
            "has gone, so once the queue is longer than the clients' patience most of the work is wasted."
        )
    hasher, check_ms = password_check_cost()
    section.notes.append(
        f"Checking one password takes {check_ms:.0f} ms here ({hasher}), by design: "
        f"{result.people} logins need about {result.people * check_ms / 1000:.0f} CPU-seconds for hashing alone."
    )


def password_check_cost() -> tuple[str, float]:
    """The default password hasher's name and parameters, and the median time of one check in milliseconds."""
    from django.contrib.auth.hashers import check_password, get_hasher, make_password

    from .hashers import describe

    hasher = get_hasher()
    encoded = make_password("bench-password")
    times = []
    for _ in range(3):
        start = time.perf_counter()
        check_password("bench-password", encoded)
        times.append(time.perf_counter() - start)
    parameters = describe(hasher)
    name = f"{hasher.algorithm}, {parameters}" if parameters else hasher.algorithm
    return name, statistics.median(times) * 1000
