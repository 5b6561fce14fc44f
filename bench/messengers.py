"""The two messaging SDKs the portal could use, measured side by side: Popbill's (`popbill`, the portal's) and
solapi's (`solapi`, in requirements-bench.txt only).

Usage: .venv/bin/python -m bench.messengers [--sends 1000] [--no-docs]

For each: the size on disk of the SDK and of what it installs beyond the portal's own requirements, the time a
fresh interpreter takes to import it (median of 5), and for `--sends` 알림톡 sent one by one to a loopback fake
of the provider's HTTP API (tests/fakes/popbill_kakao.py, tests/fakes/solapi.py; each fake in its own process,
so that the sender's CPU is the SDK's alone): the median and 95th percentile time of one send, and the
sender's CPU time per send. Popbill's is sent the way the portal sends it (`PopbillMessenger.send_alimtalk`:
the approved text filled in by the portal, the SMS fallback text, our request number); solapi's the way its SDK
documents (`SolapiMessageService.send` with the template id and the variables, which solapi fills in). Run alone
it keeps its figures in docs/benchmarks.md between its own markers.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import time
from importlib import metadata

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.options import ROOT
from bench.report import Section, run_alone

TEMPLATE = "#{회사명} 님, #{공고번호} 공고의 신청서가 아직 제출되지 않았습니다. 마감: #{마감일시}. #{링크}"
VARIABLES = {
    "회사명": "양재에이아이",
    "공고번호": "2026-1",
    "마감일시": "2026. 12. 22. 18:00",
    "링크": "https://portal.yangjae-ai.kr/applications/",
}
GOAL_CPU_MS = 12.0
RECEIVER, SENDER = "01012345678", "0221550000"
IMPORTS = {
    "popbill": "import popbill",
    "solapi": "from solapi import SolapiMessageService; from solapi.model import RequestMessage, KakaoOption",
}


def _requirement_names(path) -> set[str]:
    names = set()
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(re.split(r"[\[=<>~! ;]", line, maxsplit=1)[0].lower().replace("_", "-"))
    return names


def _closure(names: set[str]) -> set[str]:
    """The distributions `names` install, with their dependencies (markers of extras left out)."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for requirement in dist.requires or []:
            if "extra ==" in requirement:
                continue
            todo.append(re.split(r"[\[=<>~! ;(]", requirement, maxsplit=1)[0].lower().replace("_", "-"))
    return seen


def _size_mb(names: set[str]) -> float:
    total = 0
    for name in names:
        for file in metadata.distribution(name).files or []:
            path = file.locate()
            if path.exists():
                total += path.stat().st_size
    return total / 2**20


def install_figures(sdk: str) -> tuple[float, float, list[str]]:
    """The SDK's own size, the size of what it adds to the portal's runtime, and those added packages."""
    portal = _closure(_requirement_names(ROOT / "requirements.txt") - {sdk})
    added = _closure({sdk}) - portal
    return _size_mb({sdk}), _size_mb(added), sorted(added - {sdk})


def import_ms(sdk: str, runs: int = 5) -> float:
    code = f"import time; t = time.perf_counter(); {IMPORTS[sdk]}; print(time.perf_counter() - t)"
    times = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(runs)
    ]
    return statistics.median(times) * 1000


def _serve(kind: str, conn) -> None:
    """A fake in this child process: sends its address, waits for "stop", answers what it received."""
    if kind == "popbill":
        from tests.fakes.popbill import PopbillFake
        from tests.fakes.popbill_kakao import KakaoApi

        fake = PopbillFake().start()
        api = KakaoApi(fake).install()
        api.templates["YP_DRAFT_DEADLINE"] = TEMPLATE
        conn.send(fake.settings_env())
        conn.recv()
        conn.send(sum(sent.text == _filled() for sent in api.alimtalk))
    else:
        from tests.fakes.solapi import SolapiFake

        fake = SolapiFake(templates={"KA01TP_DRAFT_DEADLINE": TEMPLATE}).start()
        conn.send(fake.url)
        conn.recv()
        conn.send(sum(sent["text"] == _filled() for sent in fake.alimtalk))
    fake.stop()


def _filled() -> str:
    return re.sub(r"#\{([^{}]+)\}", lambda m: VARIABLES[m[1]], TEMPLATE)


def _popbill_sender(env: dict):
    from django.conf import settings

    from portal.providers.messaging import Alimtalk
    from portal.providers.popbill_kakao import PopbillMessenger

    for name, value in env.items():
        setattr(settings, name, value == "true" if name == "POPBILL_IS_TEST" else value)
    settings.POPBILL_SENDER_NUMBER = SENDER
    messenger, numbers = PopbillMessenger(), iter(range(10**6))
    text = _filled()

    def send():
        messenger.send_alimtalk(
            Alimtalk(
                request_number=f"bench-{os.getpid()}-{next(numbers)}",
                template_code="YP_DRAFT_DEADLINE",
                receiver=RECEIVER,
                receiver_name="양재에이아이",
                text=text,
                fallback_text=text,
            )
        )

    return send


def _solapi_sender(url: str):
    from solapi import SolapiMessageService
    from solapi.model import KakaoOption, RequestMessage

    from tests.fakes.solapi import API_KEY, API_SECRET

    service = SolapiMessageService(API_KEY, API_SECRET)
    service.base_url = url

    def send():
        service.send(
            RequestMessage(
                from_=SENDER,
                to=RECEIVER,
                type="ATA",
                kakao_options=KakaoOption(
                    pf_id="KA01PF_YANGJAE", template_id="KA01TP_DRAFT_DEADLINE", variables=VARIABLES
                ),
            )
        )

    return send


def send_figures(kind: str, sends: int) -> dict:
    context = multiprocessing.get_context("fork")
    here, there = context.Pipe()
    child = context.Process(target=_serve, args=(kind, there), daemon=True)
    child.start()
    address = here.recv()
    send = _popbill_sender(address) if kind == "popbill" else _solapi_sender(address)
    for _ in range(20):  # the token, the connections, the caches
        send()
    times = []
    cpu = time.process_time()
    for _ in range(sends):
        started = time.perf_counter()
        send()
        times.append((time.perf_counter() - started) * 1000)
    cpu = time.process_time() - cpu
    here.send("stop")
    received = here.recv() - 20
    child.join(timeout=10)
    return {
        "median": statistics.median(times),
        "p95": statistics.quantiles(times, n=20)[18],
        "cpu": cpu / sends * 1000,
        "received": received,
    }


def measure(sends: int) -> Section:
    rows, notes = [], []
    for sdk in ("popbill", "solapi"):
        own, added, packages = install_figures(sdk)
        figures = send_figures(sdk, sends)
        rows.append(
            [
                f"{sdk} {metadata.version(sdk)}",
                round(own, 2),
                round(added, 1),
                round(import_ms(sdk)),
                round(figures["median"], 2),
                round(figures["p95"], 2),
                round(figures["cpu"], 2),
                figures["received"],
            ]
        )
        notes.append(f"{sdk} installs beyond the portal's runtime requirements: {', '.join(packages) or 'nothing'}.")
    load = os.getloadavg()[0]
    notes += [
        "Install: the files each distribution's RECORD lists, the SDK alone and with every package it adds that "
        "requirements.txt does not already bring (httpx is in requirements-test.txt only, so counted for "
        "solapi). Import: a fresh interpreter, median of 5.",
        f"Sends: {sends:,} 알림톡 one after the other after 20 to warm up, each to a fake in its own process on "
        "loopback; the last column counts those the fake received with the template's text filled with exactly "
        "the declared variables. Popbill: a fresh HTTP connection per request (as the portal sets the SDK up), "
        "a session token fetched once. solapi: its SDK opens a new httpx client per send and validates request "
        "and answer with pydantic; building that client (two TLS contexts loading the CA bundle) is about 21 ms "
        "of CPU alone.",
        f"Load average (1 min) of the machine at the end: {load:.1f} on {os.cpu_count()} CPUs.",
    ]
    section = Section(
        key="messengers",
        title="The messaging SDKs side by side (`bench/messengers.py`)",
        goal=f"the sender's CPU for a group message's 5,000 texts within the group message's 60 s on one core "
        f"(≤ {GOAL_CPU_MS:g} ms a send)",
        columns=["SDK", "own MB", "adds MB", "import ms", "send median ms", "send p95 ms", "CPU ms/send", "received"],
        rows=rows,
        notes=notes,
    )
    for row in rows:
        if row[6] > GOAL_CPU_MS:
            section.shortfalls.append(f"{row[0]}: {row[6]:.1f} ms of CPU a send (5,000 sends: {row[6] * 5:.0f} s)")
    return section


def main() -> None:
    run_alone(
        description=__doc__.splitlines()[0],
        name="messengers",
        measure=measure,
        option="sends",
        default=1000,
        rerun=".venv/bin/python -m bench.messengers",
    )


if __name__ == "__main__":
    main()
