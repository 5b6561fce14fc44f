"""In-process measurements: SQL queries and median time of one request through Django's test client."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test import Client

WARMUP_REQUESTS = 3


@dataclass
class RequestProfile:
    path: str
    status: int
    queries: int
    median_ms: float
    sql_ms: float  # median time spent in SQL, as seen around the database driver's execute
    samples: int


class SqlTimer:
    """A database execute wrapper that counts statements and adds up their time."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.count += 1


def profile_request(client: Client, path: str, *, repeat: int = 20) -> RequestProfile:
    """GET `path` a few times to warm up (templates, connection, caches), then measure `repeat` requests."""
    for _ in range(WARMUP_REQUESTS):
        response = client.get(path)
    times, sql_times, counts = [], [], []
    for _ in range(repeat):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            start = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - start)
        sql_times.append(timer.seconds)
        counts.append(timer.count)
    return RequestProfile(
        path=path, status=response.status_code, queries=max(counts),
        median_ms=statistics.median(times) * 1000, sql_ms=statistics.median(sql_times) * 1000, samples=repeat,
    )


def time_sql(sql: str, params: list | tuple = (), *, repeat: int = 20) -> float:
    """Median time in milliseconds of a raw SQL statement, fetched in full (to set a page beside its own SQL)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchall()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000
