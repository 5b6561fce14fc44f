"""Measure the password hashers a login can use on this machine, and print the figures.

Usage: .venv/bin/python bench/hashers.py [--checks 10] [--people 500] [--window 60]

For each candidate: the median time of one check (what every login costs), the checks per second of
two processes checking at once (the two sync workers of gunicorn on a 2-core machine), the memory one
check needs, whether the parameters meet OWASP's password storage recommendations, and the share of
the two cores a rush of `--people` logins within `--window` seconds spends on hashing alone.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PASSWORD = "correct horse battery staple 2026"  # noqa: S105 (a sample, hashed here only)
CORES = 2


@dataclass(frozen=True)
class Candidate:
    label: str
    hasher_path: str  # a Django hasher class
    params: dict  # attributes set on the hasher (empty: Django's defaults)
    owasp: str  # how the parameters compare with OWASP's password storage cheat sheet


# OWASP Password Storage Cheat Sheet: Argon2id with m=19 MiB, t=2, p=1 at least (or m=46 MiB, t=1, p=1);
# scrypt with N=2^17, r=8, p=1 at least (or an equivalent: N=2^16 with p=2 ... N=2^14 with p=5);
# PBKDF2-HMAC-SHA256 with 600,000 iterations at least (where FIPS-140 compliance is needed).
CANDIDATES = [
    Candidate("PBKDF2-SHA256 (Django's default)", "django.contrib.auth.hashers.PBKDF2PasswordHasher", {},
              "meets (≥ 600,000 iterations)"),
    Candidate("Argon2id, Django's defaults", "django.contrib.auth.hashers.Argon2PasswordHasher", {},
              "meets (above m=19 MiB, t=2, p=1)"),
    Candidate("Argon2id, OWASP minimum", "django.contrib.auth.hashers.Argon2PasswordHasher",
              {"memory_cost": 19 * 1024, "time_cost": 2, "parallelism": 1}, "meets (the minimum itself)"),
    Candidate("scrypt (Django's default)", "django.contrib.auth.hashers.ScryptPasswordHasher", {},
              "meets (N=2^14, r=8, p=5 is one of its equivalent settings)"),
]


def _hasher(candidate: Candidate):
    from django.utils.module_loading import import_string

    hasher = import_string(candidate.hasher_path)()
    for name, value in candidate.params.items():
        setattr(hasher, name, value)
    return hasher


def describe(hasher) -> str:
    if hasher.algorithm == "pbkdf2_sha256":
        return f"{hasher.iterations:,} iterations"
    if hasher.algorithm == "argon2":
        return f"m={hasher.memory_cost // 1024} MiB, t={hasher.time_cost}, p={hasher.parallelism}"
    if hasher.algorithm == "scrypt":
        return f"N=2^{hasher.work_factor.bit_length() - 1}, r={hasher.block_size}, p={hasher.parallelism}"
    return ""


def memory_mib(hasher) -> float:
    if hasher.algorithm == "argon2":
        return hasher.memory_cost / 1024
    if hasher.algorithm == "scrypt":
        return 128 * hasher.work_factor * hasher.block_size / 2**20
    return 0.0


def time_checks(index: int, checks: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each of `checks` password checks with candidate `index` (one process).

    CPU time counts every thread of the process, and is what other processes on a shared machine
    change least.
    """
    candidate = CANDIDATES[index]
    hasher = _hasher(candidate)
    encoded = hasher.encode(PASSWORD, hasher.salt())
    hasher.verify(PASSWORD, encoded)  # warm up (imports, first allocation)
    wall, cpu = [], []
    for _ in range(checks):
        start, cpu_start = time.perf_counter(), time.process_time()
        assert hasher.verify(PASSWORD, encoded)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    return wall, cpu


def parallel_rate(index: int, checks: int, processes: int = CORES) -> float:
    """Checks per second of `processes` processes checking at once."""
    with multiprocessing.get_context("spawn").Pool(processes, initializer=_setup) as pool:
        pool.starmap(time_checks, [(index, 1)] * processes)  # start-up outside the measurement
        start = time.perf_counter()
        pool.starmap(time_checks, [(index, checks)] * processes)
        elapsed = time.perf_counter() - start
    return processes * checks / elapsed


def _setup() -> None:
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_TZ=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checks", type=int, default=10, help="checks per candidate and process")
    parser.add_argument("--people", type=int, default=500, help="logins of the rush")
    parser.add_argument("--window", type=float, default=60.0, help="seconds the rush's logins are spread over")
    args = parser.parse_args(argv)
    _setup()

    print(f"Password hashers on this machine ({os.cpu_count()} CPUs; load average "
          f"{os.getloadavg()[0]:.1f} at the start). A rush of {args.people} logins within {args.window:g} s "
          f"has {CORES * args.window:g} CPU-seconds on {CORES} cores for everything.")
    header = ["hasher", "parameters", "memory MiB", "one check ms", "CPU ms", f"checks/s ({CORES} processes)",
              "rush hashing CPU-s", "share of the cores", "OWASP"]
    rows = []
    for index, candidate in enumerate(CANDIDATES):
        hasher = _hasher(candidate)
        try:
            wall, cpu = time_checks(index, args.checks)
        except ValueError as error:  # a library the hasher needs is missing
            rows.append([candidate.label, describe(hasher), "", f"not available: {error}", "", "", "", "", ""])
            continue
        single, cpu_single = statistics.median(wall), statistics.median(cpu)
        rate = parallel_rate(index, args.checks)
        rush_cpu = args.people * cpu_single
        share = rush_cpu / (CORES * args.window)
        rows.append([candidate.label, describe(hasher), f"{memory_mib(hasher):.0f}", f"{single * 1000:.1f}",
                     f"{cpu_single * 1000:.1f}", f"{rate:.1f}", f"{rush_cpu:.0f}", f"{share:.0%}", candidate.owasp])
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for n, row in enumerate([header, *rows]):
        print("  ".join(str(value).ljust(width) for value, width in zip(row, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * width for width in widths))
    print("CPU ms: CPU time of one check (all its threads). Share of the cores: the rush's hashing alone (CPU "
          "time) as a part of the CPU time the window offers; the pages, the database and the load generator "
          "need the rest.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
