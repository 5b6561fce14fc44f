"""Render time of a typical notice's Markdown body (helpdesk/markdown.py), parsing and nh3's cleaning apart.

Usage: .venv/bin/python -m bench.markdown [--renders 2000] [--no-docs]

A notice like those staff write: a heading, two paragraphs with bold text and links, a bullet list and a
numbered list, a bare address (about 0.9 kB, mostly Korean). Each render is timed alone; the median and the 95th
percentile of `--renders` renders after 50 to warm up, for the whole `render_markdown` and for the nh3 step on
its own (the same HTML cleaned again). Run alone it keeps its figures in docs/benchmarks.md between its own
markers.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.report import Section, run_alone

NOTICE = """## 2026년 제1차 입주기업 모집 안내

양재 AI 미래융합혁신특구 **우수기업센터**에 입주할 AI 기업을 모집합니다. 신청은 포털에서만 받으며,
마감 시각 이후에는 제출할 수 없습니다. 자세한 내용은 [모집 공고](/calls/2026-1/)와 *첨부 공고문*을 확인해 주십시오.

### 제출 서류

- 사업계획서 (**필수**, PDF 또는 HWPX)
- 사업자등록증 사본과 법인등기부등본
- 국세·지방세 납세증명서
- 최근 2년 재무제표

### 일정

1. 온라인 신청: 12월 1일 ~ 12월 22일 18:00
2. 요건 검토와 1차 서면평가: 12월 말
3. 2차 대면·발표평가: 1월 중 (대상 기업에 개별 안내)

문의는 [1:1 문의](/inquiries/new/) 또는 [aicenter@seocho.go.kr](mailto:aicenter@seocho.go.kr)로 보내 주십시오.
서초구 누리집 공고도 함께 확인해 주십시오: https://www.seocho.go.kr/site/seocho/main.do
"""

# The project's own subset (regular expressions over escaped lines, the same nh3 step) that markdown-it-py replaced,
# timed in one process in turn with markdown-it-py on the same notice at a load average of 2.3; alone on a quiet
# machine (load 0.4) it took 124 µs median, 169 µs p95.
GOAL_MS = 1.0
BEFORE = {"median": 127.0, "p95": 350.0, "nh3": 33.0}


def _time(fn, renders: int) -> list[float]:
    for _ in range(50):
        fn()
    times = []
    for _ in range(renders):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1e6)
    return times


def measure(renders: int) -> Section:
    from helpdesk.markdown import clean_html, render_markdown

    html = str(render_markdown(NOTICE))
    whole = _time(lambda: render_markdown(NOTICE), renders)
    cleaning = _time(lambda: clean_html(html), renders)
    median, p95 = statistics.median(whole), statistics.quantiles(whole, n=20)[18]
    nh3 = statistics.median(cleaning)
    load = os.getloadavg()[0]
    section = Section(
        key="markdown",
        title="A notice's Markdown rendered to safe HTML (`bench/markdown.py`)",
        goal=f"a typical notice renders in ≤ {GOAL_MS:g} ms (median), a small share of an uncached notice page",
        columns=["renderer", "median µs", "p95 µs", "of which nh3 µs", "renders/s"],
        rows=[
            [
                "the project's own subset (before)",
                BEFORE["median"],
                BEFORE["p95"],
                BEFORE["nh3"],
                round(1e6 / BEFORE["median"]),
            ],
            [
                "markdown-it-py (commonmark, html off) + nh3",
                round(median, 1),
                round(p95, 1),
                round(nh3, 1),
                round(1e6 / median),
            ],
        ],
        notes=[
            f"The notice: {len(NOTICE.encode())} bytes of Korean Markdown with a heading, two subheadings, "
            f"bold, italic, four links and a bare address, a bullet and a numbered list; {renders:,} renders "
            f"after 50 to warm up, one process, each timed alone.",
            "Before: the subset of regular expressions that markdown-it-py replaced, timed in turn with it in "
            "one process on the same notice (the figures are kept in the script, BEFORE). markdown-it-py "
            "builds a token stream and renders it: about 5× the time of the regular expressions, and the "
            "linkify rule (bare addresses) is about a third of it. A notice's page is cached "
            "(docs/helpdesk.md), so a render is paid once per change of the notices, not per visit.",
            f"Load average (1 min) of the machine: {load:.1f} on {os.cpu_count()} CPUs; figures from a busy "
            f"machine when above about 2.",
            f"Output: {len(html):,} bytes of HTML.",
        ],
    )
    if median > GOAL_MS * 1000:
        section.shortfalls.append(f"{median:.0f} µs median (goal ≤ {GOAL_MS:g} ms)")
    return section


def main() -> None:
    run_alone(
        description=__doc__.splitlines()[0],
        name="markdown",
        measure=measure,
        option="renders",
        default=2000,
        rerun=".venv/bin/python -m bench.markdown",
    )


if __name__ == "__main__":
    main()
