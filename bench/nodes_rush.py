"""A node lost mid-rush: applicants with complete drafts log in and submit through the proxy while one web
node and one worker are killed (SIGKILL) and restarted; then those who got an error submit again.

Used by the nodes benchmark (bench/nodes_bench.py, full size) and the drill test (tests/nodes/, small).
What must hold afterwards: every applicant whose submit was answered (302 to the confirmation) has
exactly one submitted application with its receipt number; no receipt number twice; everyone who got an
error could submit again; and the outbox delivers each receipt e-mail once.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from .deadline import SUBMIT_ACTION
from .rush import CSRF_INPUT, RushResult, Timer, log_in, run_rush


@dataclass
class KillRushResult:
    first: RushResult
    retry: RushResult | None = None  # the last round
    retries: list[RushResult] = field(default_factory=list)
    answered: set[str] = field(default_factory=set)  # emails whose submit was answered 302
    errored: set[str] = field(default_factory=set)
    events: list[str] = field(default_factory=list)


def submit_scenario(answered: set[str], errored: set[str]):
    """Log in, open the review page, submit; the submit's answer is recorded per person."""

    async def scenario(client, person, timed: Timer) -> bool:
        ok = False
        if await log_in(client, person, timed):
            review = await timed(client.get(f"/my/applications/{person['application']}/review/"), label="review page")
            if review is not None:
                action, token = SUBMIT_ACTION.search(review.text), CSRF_INPUT.search(review.text)
                if action is None or token is None:
                    timed.result.errors.append("review page: no submit form")
                else:
                    submitted = await timed(
                        client.post(action.group(1), data={"csrfmiddlewaretoken": token.group(1),
                                                            "declared_true": "on"}),
                        expect=(302,), label="submit",
                    )
                    ok = submitted is not None
        (answered if ok else errored).add(person["email"])
        return ok

    return scenario


def resubmit_scenario(done: set[str]):
    """One who got an error: log in; the dashboard shows the receipt if the submission was saved after all,
    otherwise submit again."""

    async def scenario(client, person, timed: Timer) -> bool:
        if not await log_in(client, person, timed):
            return False
        review = await timed(client.get(f"/my/applications/{person['application']}/review/"), label="review page")
        if review is None:
            return False
        action, token = SUBMIT_ACTION.search(review.text), CSRF_INPUT.search(review.text)
        if action is None:  # already submitted: the review page offers no submit form
            done.add(person["email"])
            return True
        submitted = await timed(
            client.post(action.group(1), data={"csrfmiddlewaretoken": token.group(1), "declared_true": "on"}),
            expect=(302,), label="submit again",
        )
        if submitted is not None:
            done.add(person["email"])
        return submitted is not None

    return scenario


def kill_rush(cluster, people: list[dict], *, window: float, kill_at: float, restart_after: float,
              kill_worker: bool = True) -> KillRushResult:
    """The rush through the proxy; at `kill_at` s node a (and worker a) die, `restart_after` s later they
    are started again. Then everyone who got an error goes again, once node a is back."""
    answered, errored = set(), set()
    result = KillRushResult(first=None, answered=answered, errored=errored)
    started = time.monotonic()
    node = cluster.nodes[0]

    def kill() -> None:
        node.process.kill()
        if kill_worker:
            cluster.celery_workers[0].kill()
        result.events.append(f"{time.monotonic() - started:.1f} s: node a and worker a killed (SIGKILL)")

    def restart() -> None:
        cluster.restart_node(node, wait=False)
        if kill_worker:
            cluster.celery_workers[0] = cluster.start_worker("a")
        result.events.append(f"{time.monotonic() - started:.1f} s: node a and worker a started again")

    timers = [threading.Timer(kill_at, kill), threading.Timer(kill_at + restart_after, restart)]
    for timer in timers:
        timer.start()
    try:
        result.first = run_rush(cluster.url, people, submit_scenario(answered, errored), window=window)
    finally:
        for timer in timers:
            timer.join()
    wait = time.monotonic()
    from .nodes import wait_for

    wait_for(node.ready, timeout=120, interval=0.2, what="node a ready again")
    result.events.append(f"node a answered again {time.monotonic() - wait:.1f} s after the rush")
    # Those who got an error try again, as a person would, a few times if they must.
    done: set[str] = set()
    for _round in range(3):
        again = [person for person in people if person["email"] in errored and person["email"] not in done]
        if not again:
            break
        retry = run_rush(cluster.url, again, resubmit_scenario(done), window=min(window, 5.0))
        result.retries.append(retry)
        result.retry = retry
        time.sleep(1)
    return result


def saved_submissions(application_ids: list[int]) -> dict:
    """What the database holds for the rush's applications."""
    from applications.models import Application
    from applications.workflow import Status

    rows = list(Application.objects.filter(pk__in=application_ids, status=Status.SUBMITTED)
                .exclude(receipt_number="").values_list("applicant__email", "receipt_number"))
    per_applicant = Counter(email for email, _receipt in rows)
    return {
        "saved": len(rows),
        "emails": {email for email, _receipt in rows},
        "receipts": {receipt for _email, receipt in rows},
        "duplicates": sum(count - 1 for count in per_applicant.values() if count > 1),
    }


def receipt_mail_counts(messages, receipts: set[str]) -> Counter:
    """How many receipt e-mails each receipt number got."""
    counts: Counter = Counter()
    for message in messages:
        subject = str(message["Subject"])
        for receipt in receipts:
            if receipt in subject:
                counts[receipt] += 1
    return counts
