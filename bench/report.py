"""What a benchmark returns (a section of figures, its goal, what falls short) and the report file."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Section:
    key: str
    title: str
    goal: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    shortfalls: list[str] = field(default_factory=list)

    def text(self) -> str:
        cells = [self.columns, *[[_cell(value) for value in row] for row in self.rows]]
        widths = [max(len(row[i]) for row in cells) for i in range(len(self.columns))]
        lines = [f"== {self.title}", f"   goal: {self.goal}"]
        for n, row in enumerate(cells):
            lines.append("   " + "  ".join(value.rjust(width) for value, width in zip(row, widths, strict=True)))
            if n == 0:
                lines.append("   " + "  ".join("-" * width for width in widths))
        lines += [f"   note: {note}" for note in self.notes]
        lines += [f"   SHORT OF GOAL: {shortfall}" for shortfall in self.shortfalls]
        if not self.shortfalls:
            lines.append("   goal met")
        return "\n".join(lines)

    def markdown(self) -> str:
        lines = [f"## {self.title}", "", f"Goal: {self.goal}", ""]
        lines.append("| " + " | ".join(self.columns) + " |")
        lines.append("|" + "|".join(" ---: " for _ in self.columns) + "|")
        lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in self.rows]
        lines.append("")
        lines += [f"- {note}" for note in self.notes]
        if self.shortfalls:
            lines += [f"- **Short of the goal:** {shortfall}" for shortfall in self.shortfalls]
        else:
            lines.append("- Goal met.")
        return "\n".join(lines) + "\n"


def load_note(before: float, after: float) -> str:
    return (
        f"Load average of the machine before and after: {before:.1f} and {after:.1f} "
        "(two workers and the generator make about 3; well above that, other processes shared the cores)."
    )


def _cell(value) -> str:
    if isinstance(value, float):
        if value != value:  # NaN
            return "–"
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def machine_description() -> dict[str, str]:
    from django.db import connection

    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown",
    ) if Path("/proc/cpuinfo").exists() else platform.processor()
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=5).stdout.strip()
    except OSError:
        commit = ""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "Measured": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "Commit": commit or "unknown",
        "Machine": f"{os.cpu_count()} cores, {cpu}",
        "Python": platform.python_version(),
        "PostgreSQL": postgres,
    }


def write_report(path: Path, sections: list[Section], *, machine: dict[str, str], command: str) -> None:
    shortfalls = [(section.title, shortfall) for section in sections for shortfall in section.shortfalls]
    lines = [
        "# Benchmarks",
        "",
        f"Written by `{command}` (bench/run.py, see README.md); the figures are from its last run.",
        "Everything runs on this one machine over loopback: the load generator shares the two cores",
        "with the server, so absolute figures are low and ratios are what to compare. The load generator",
        "is httpx on asyncio inside the runner (locust would monkey-patch the runner's process with gevent,",
        "which the in-process Django measurements beside it cannot share).",
        "",
        *[f"- {key}: {value}" for key, value in machine.items()],
        "",
        "## Short of the goals",
        "",
        *([f"- {title}: {text}" for title, text in shortfalls] or ["- Nothing: every goal measured here is met."]),
        "",
    ]
    text = "\n".join(lines) + "\n" + "\n".join(section.markdown() for section in sections)
    # Sections that other benchmark scripts keep between their own markers (bench/billing_run.py) stay, but
    # not the block a benchmark of this run wrote when run alone (bench/group_message.py): its new figures are
    # above.
    if path.exists():
        ran = {section.key.replace("-", "_") for section in sections}
        kept = [name for name in re.findall(r"<!-- (\w+):begin -->.*?<!-- \1:end -->", path.read_text(), flags=re.S)
                if name not in ran]
        blocks = [re.search(rf"<!-- {name}:begin -->.*?<!-- {name}:end -->", path.read_text(), flags=re.S).group(0)
                  for name in kept]
        if blocks:
            text = text.rstrip("\n") + "\n\n" + "\n\n".join(blocks) + "\n"
    path.write_text(text)


def write_section_block(path: Path, *, name: str, section: Section, rerun: str) -> None:
    """A benchmark run alone keeps its section in the report between its own markers (`<!-- name:begin -->`),
    replaced at each run, appended the first time; `rerun` is the command that measures it again."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    text = path.read_text()
    block = "\n".join([begin, section.markdown().rstrip("\n"), "", f"Run again with `{rerun}`.", end])
    if begin in text:
        before, rest = text.split(begin, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)


def run_alone(*, description: str, name: str, measure, option: str, default: int, rerun: str) -> None:
    """The command line of a benchmark that needs no database of its own (bench/markdown.py, bench/messengers.py):
    `--<option> N` (how many to measure) and `--no-docs`; Django set up with the test settings; prints the
    section and keeps it in docs/benchmarks.md between the markers `name` (`write_section_block`)."""
    import argparse

    import django

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(f"--{option}", type=int, default=default)
    parser.add_argument("--no-docs", action="store_true", help="print only; do not write docs/benchmarks.md")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    django.setup()
    section = measure(getattr(args, option))
    print(section.text())
    if not args.no_docs:
        write_section_block(ROOT / "docs" / "benchmarks.md", name=name, section=section, rerun=rerun)
