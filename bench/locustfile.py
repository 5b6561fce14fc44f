"""The deadline rush as locust runs it (headless, started by bench/nodes_bench.py beside the project's own
generator): each simulated user is one applicant with a complete draft who logs in, opens the review page,
submits and opens the confirmation, once.

The applicants come from the JSON file named by NODES_PEOPLE_FILE (written by the benchmark). The shape
comes from NODES_BURST: "500/10" starts 500 users evenly over 10 s; "1000/60/500/10" starts 1,000 over
60 s with 500 of them in the last 10 s.
"""

from __future__ import annotations

import itertools
import json
import os
import re

from locust import LoadTestShape, constant, task
from locust.contrib.fasthttp import FastHttpUser

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMIT_ACTION = re.compile(r'<form method="post" action="(/my/applications/\d+/submit/)"')

PEOPLE = json.loads(open(os.environ["NODES_PEOPLE_FILE"]).read()) if os.environ.get("NODES_PEOPLE_FILE") else []
_next = itertools.count()


def _shape() -> list[tuple[float, int]]:
    """(until second, users started by then) for each stage of NODES_BURST."""
    numbers = [float(n) for n in os.environ.get("NODES_BURST", "500/10").split("/")]
    if len(numbers) == 2:
        return [(numbers[1], int(numbers[0]))]
    total, seconds, last_users, last_seconds = numbers
    return [(seconds - last_seconds, int(total - last_users)), (seconds, int(total))]


class Applicant(FastHttpUser):
    wait_time = constant(3600)  # one journey each: a user waits out the run after it

    def on_start(self) -> None:
        index = next(_next)
        self.person = PEOPLE[index % len(PEOPLE)]
        network = ("198.51.100", "203.0.113")[index // 254 % 2]
        self.address = f"{network}.{index % 254 + 1}"

    def _headers(self) -> dict:
        return {"X-Forwarded-For": self.address}

    @task
    def submit(self) -> None:
        page = self.client.get("/accounts/login/", headers=self._headers(), name="login page")
        token = CSRF_INPUT.search(page.text or "")
        if token is None:
            return
        with self.client.post("/accounts/login/", headers=self._headers(), name="log in", allow_redirects=False,
                              data={"csrfmiddlewaretoken": token.group(1), "username": self.person["email"],
                                    "password": self.person["password"]}, catch_response=True) as answer:
            if answer.status_code != 302:
                answer.failure(f"HTTP {answer.status_code}")
                return
            answer.success()
        review = self.client.get(f"/my/applications/{self.person['application']}/review/", headers=self._headers(),
                                 name="review page")
        action, token = SUBMIT_ACTION.search(review.text or ""), CSRF_INPUT.search(review.text or "")
        if action is None or token is None:
            return
        with self.client.post(action.group(1), headers=self._headers(), name="submit", allow_redirects=False,
                              data={"csrfmiddlewaretoken": token.group(1), "declared_true": "on"},
                              catch_response=True) as answer:
            if answer.status_code != 302:
                answer.failure(f"HTTP {answer.status_code}")
                return
            answer.success()
            location = answer.headers.get("location", "")
        self.client.get(location, headers=self._headers(), name="confirmation")


class Burst(LoadTestShape):
    """Users started at the burst's pace; each runs its journey once."""

    def tick(self):
        elapsed = self.get_run_time()
        started_before, at = 0, 0.0
        for until, users in _shape():
            if elapsed < until:
                rate = (users - started_before) / (until - at)
                return users, max(rate, 1)
            started_before, at = users, until
        final = _shape()[-1][1]
        return (final, 1) if elapsed < at + 30 else None
