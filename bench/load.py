"""Load on loopback: gunicorn serving the portal under the bench settings, and an asyncio load generator.

The generator is httpx on asyncio in the runner's own process: a fixed number of clients each send
one request after another for a fixed time. gunicorn's sync workers close every connection after
the response, so each request opens a new TCP connection, as a browser's first visit does.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """`gunicorn portal.wsgi` with N sync workers on a loopback port, as the Procfile's web process."""

    def __init__(self, *, env: dict[str, str], workers: int = 2, log_dir: Path | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.env = {**os.environ, **env}
        self.log_dir = log_dir or ROOT / "var" / "bench"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_dir / "gunicorn.log", "wb")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--access-logfile", str(self.log_dir / "access.log"),
             "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 30.0) -> None:
        from .views import BARE_PATH

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {(self.log_dir / 'gunicorn.log').read_text()[-2000:]}")
            try:
                if httpx.get(self.url + BARE_PATH, timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


@dataclass
class LoadResult:
    url: str
    duration: float
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    errors: int = 0
    generator_cpu: float = 0.0  # seconds of CPU the generator itself used

    @property
    def requests_per_second(self) -> float:
        return len(self.latencies) / self.duration if self.duration else 0.0

    def percentile(self, p: float) -> float:
        """Latency at percentile p (0-100) in milliseconds."""
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0] * 1000
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(p) - 1] * 1000

    @property
    def generator_share(self) -> float:
        """How much of one core the load generator used: near 1.0 means it, not the server, set the pace."""
        return self.generator_cpu / self.duration if self.duration else 0.0


async def _run(url: str, *, concurrency: int, duration: float, warmup: float) -> LoadResult:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30.0, follow_redirects=False) as client:

        async def one_client(until: float, result: LoadResult | None) -> None:
            while (now := time.perf_counter()) < until:
                try:
                    response = await client.get(url)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                if result is None:
                    continue
                if ok:
                    result.latencies.append(time.perf_counter() - now)
                else:
                    result.errors += 1

        if warmup > 0:
            until = time.perf_counter() + warmup
            await asyncio.gather(*(one_client(until, None) for _ in range(concurrency)))
        result = LoadResult(url=url, duration=duration)
        cpu_start, start = time.process_time(), time.perf_counter()
        await asyncio.gather(*(one_client(start + duration, result) for _ in range(concurrency)))
        result.duration = time.perf_counter() - start
        result.generator_cpu = time.process_time() - cpu_start
        return result


def run_load(url: str, *, concurrency: int = 8, duration: float = 10.0, warmup: float = 2.0) -> LoadResult:
    """GET `url` from `concurrency` clients for `duration` seconds (after `warmup`), bounded in time."""
    return asyncio.run(_run(url, concurrency=concurrency, duration=duration, warmup=warmup))
