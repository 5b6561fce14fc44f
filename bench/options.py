"""Options of a benchmark run: full figures by default, tiny ones with --quick (and in the smoke test)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/yp_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"


@dataclass
class Options:
    sizes: tuple[int, ...] = (10, 1_000, 10_000, 100_000)
    repeat: int = 30  # in-process requests per measurement
    workers: int = 2  # gunicorn workers
    concurrency: int = 8  # load-generator clients
    duration: float = 10.0  # seconds measured per target and round
    warmup: float = 2.0
    rounds: int = 2
    rush_people: int = 500
    rush_window: float = 60.0  # seconds over which the rush's people start
    renders: int = 50  # renders (and service calls) per document measured
    group_recipients: int = 5_000  # recipients of the group message (bench/group_message.py)
    database_url: str = field(default_factory=lambda: os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    redis_url: str = field(default_factory=lambda: os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    cache_key_prefix: str = "bench"  # keys of the servers' cache in that Redis database
    work_dir: Path = ROOT / "var" / "bench"
    static_storage: str = ""  # empty: the production storage (hashed, compressed; needs collectstatic)

    @classmethod
    def quick(cls, **overrides) -> Options:
        values = {"sizes": (2, 20), "repeat": 2, "concurrency": 2, "duration": 0.5, "warmup": 0.2, "rounds": 1,
                  "rush_people": 4, "rush_window": 1.0, "renders": 3, "group_recipients": 20}
        return cls(**{**values, **overrides})

    def server_env(self) -> dict[str, str]:
        """Environment of the processes the bench starts: bench settings on the bench database."""
        env = {
            "DJANGO_SETTINGS_MODULE": "portal.settings.bench",
            "BENCH_DATABASE_URL": self.database_url,
            "BENCH_REDIS_URL": self.redis_url,
            "BENCH_CACHE_KEY_PREFIX": self.cache_key_prefix,
        }
        if self.static_storage:
            env["BENCH_STATIC_STORAGE"] = self.static_storage
        return env
