"""Several nodes on one machine: haproxy in front of two gunicorn nodes, two Celery workers, one beat,
a private Redis, S3-compatible object storage (moto's server), all on loopback.

Each web node runs in its own working and temp folder and shares nothing with the other but PostgreSQL,
Redis and the object store; the proxy balances every request round-robin, without sticky sessions, and
names the node that answered in the `X-Portal-Node` header. Used by `scripts/nodes` (the drill), by the
nodes benchmarks (bench/nodes_bench.py) and by the tests marked `nodes` (tests/nodes/).

Settings of every process: `portal.settings.nodes` (production's, over plain HTTP), from the environment
that `Cluster.env()` builds.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Test-only keys of the drill's processes (never used elsewhere).
SECRET_KEY = "nodes-drill-only-not-a-secret"  # noqa: S105
FIELD_ENCRYPTION_KEY = "bm9kZXMtZHJpbGwtb25seS1maWVsZC1lbmNyeXB0ISE="
STORE_KEYS = {"access_key": "nodes-drill", "secret_key": "nodes-drill-secret"}  # moto accepts any


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise RuntimeError(f"{what} not met within {timeout} s")


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def http_status(url: str, timeout: float = 2.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback only)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


class Process:
    """A child process in its own process group (a SIGKILL takes its children too, as a lost machine does)."""

    def __init__(self, name: str, command: list[str], *, env: dict, cwd: Path, log_path: Path) -> None:
        self.name, self.command, self.env, self.cwd, self.log_path = name, command, env, cwd, log_path
        self.popen: subprocess.Popen | None = None

    def start(self) -> Process:
        self.cwd.mkdir(parents=True, exist_ok=True)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 (the child keeps it)
        self.popen = subprocess.Popen(
            self.command, env=self.env, cwd=self.cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        return self

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole group: no warm shutdown, nothing acknowledged, nothing closed."""
        if self.popen is not None and self.popen.returncode is None:
            try:
                os.killpg(self.popen.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.popen.wait(timeout=10)

    def terminate(self) -> None:
        if self.running:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def stop(self, timeout: float = 15) -> None:
        if not self.running:
            return
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        except ProcessLookupError:
            pass

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@dataclass
class Node:
    """A gunicorn web node."""

    name: str
    port: int
    process: Process

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def ready(self) -> bool:
        if not self.process.running:
            raise RuntimeError(f"node {self.name} exited: {self.process.log()[-3000:]}")
        return http_status(self.url + "/health/") == 200


@dataclass
class Cluster:
    """The whole drill; `start()` brings everything up, `stop()` everything down (a context manager too).

    database_url: the PostgreSQL database every process shares (migrated beforehand).
    email_port: an SMTP server on loopback that the workers send to.
    """

    database_url: str
    email_port: int
    work_dir: Path = ROOT / "var" / "nodes"
    web_workers: int = 1  # gunicorn sync workers per node
    worker_concurrency: int = 1  # prefork processes per Celery worker
    workers: int = 2
    beats: int = 1
    static_storage: str = ""  # empty: production's (needs collectstatic into work_dir/static)
    trusted_proxies: int = 1  # 2 when the load generator sends its own X-Forwarded-For per simulated person
    extra_env: dict = field(default_factory=dict)
    keep_files: bool = False  # keep the processes' folders (logs) after stop()

    def __post_init__(self) -> None:
        self.id = uuid.uuid4().hex[:8]
        self.queue = f"nodes-{self.id}"
        self.redis_port = free_port()
        self.store_port = free_port()
        self.proxy_port = free_port()
        self.nodes: list[Node] = []
        self.celery_workers: list[Process] = []
        self.beat_processes: list[Process] = []
        self._services: list[Process] = []

    # ---- addresses and environment -----------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    @property
    def broker_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/1"

    @property
    def store_url(self) -> str:
        return f"http://127.0.0.1:{self.store_port}"

    def storage_options(self, bucket: str) -> dict:
        return {"bucket_name": bucket, "endpoint_url": self.store_url, "region_name": "us-east-1",
                "addressing_style": "path", "signature_version": "s3v4", "file_overwrite": False, **STORE_KEYS}

    def env(self, folder: Path) -> dict[str, str]:
        """The environment of one process: shared services, and its own temp folder."""
        tmp = folder / "tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "HOME", "VIRTUAL_ENV")}
        return {
            **keep,
            "PYTHONPATH": str(ROOT),
            "TMPDIR": str(tmp),
            "DJANGO_SETTINGS_MODULE": "portal.settings.nodes",
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "FIELD_ENCRYPTION_KEY": FIELD_ENCRYPTION_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "SITE_URL": self.url,
            "DATABASE_URL": self.database_url,
            "DATABASE_CONN_MAX_AGE": "60",
            "REDIS_URL": self.redis_url,
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "PRIVATE_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
            "PRIVATE_STORAGE_OPTIONS": json.dumps(self.storage_options("portal-private")),
            "MEDIA_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
            "MEDIA_STORAGE_OPTIONS": json.dumps(self.storage_options("portal-media")),
            # Anything written to disk by mistake stays in the process's own folder, never seen by the other node.
            "PRIVATE_MEDIA_ROOT": str(folder / "private_media"),
            "STATIC_ROOT": str(self.work_dir / "static"),
            **({"STATIC_STORAGE_BACKEND": self.static_storage} if self.static_storage else {}),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.email_port),
            "PORTAL_TRUSTED_PROXIES": str(self.trusted_proxies),
            "LOG_LEVEL": "WARNING",
            **self.extra_env,
        }

    # ---- services ----------------------------------------------------------------------------

    def _process(self, name: str, command: list[str]) -> Process:
        folder = self.work_dir / self.id / name
        return Process(name, command, env=self.env(folder), cwd=folder, log_path=folder / f"{name}.log")

    def _start_redis(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        redis = self._process("redis", [binary, "--port", str(self.redis_port), "--bind", "127.0.0.1",
                                         "--save", "", "--appendonly", "no"]).start()
        self._services.append(redis)

    def _start_store(self) -> None:
        store = self._process("objectstore", [PYTHON, "-m", "moto.server", "-H", "127.0.0.1",
                                              "-p", str(self.store_port)]).start()
        self._services.append(store)

    def store_client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.store_url, region_name="us-east-1",
                            aws_access_key_id=STORE_KEYS["access_key"], aws_secret_access_key=STORE_KEYS["secret_key"])

    def _create_buckets(self) -> None:
        client = self.store_client()
        for bucket in ("portal-private", "portal-media"):
            client.create_bucket(Bucket=bucket)

    def object_keys(self, bucket: str) -> set[str]:
        pages = self.store_client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def node_process(self, name: str, port: int) -> Process:
        folder = self.work_dir / self.id / f"node-{name}"
        return Process(
            f"node-{name}",
            [PYTHON, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(self.web_workers), "--timeout", "60", "--graceful-timeout", "10",
             "--worker-tmp-dir", str(folder / "tmp"), "--access-logfile", str(folder / "access.log"),
             "--log-level", "warning"],
            env=self.env(folder), cwd=folder, log_path=folder / "gunicorn.log",
        )

    def start_node(self, name: str, port: int | None = None) -> Node:
        node = Node(name=name, port=port or free_port(), process=None)
        node.process = self.node_process(name, node.port).start()
        return node

    def restart_node(self, node: Node, *, wait: bool = True) -> None:
        node.process = self.node_process(node.name, node.port).start()
        if wait:
            wait_for(node.ready, timeout=60, what=f"node {node.name} ready")

    def worker_process(self, name: str) -> Process:
        return self._process(f"worker-{name}", [
            PYTHON, "-m", "celery", "-A", "portal", "worker", "--pool=prefork",
            f"--concurrency={self.worker_concurrency}", "-Q", self.queue, "-n", f"{name}-{self.id}@%h",
            "--without-gossip", "--without-mingle", "-l", "info",
        ])

    def start_worker(self, name: str) -> Process:
        return self.worker_process(name).start()

    def worker_ready(self, process: Process) -> bool:
        if not process.running:
            raise RuntimeError(f"{process.name} exited: {process.log()[-3000:]}")
        return " ready." in process.log()

    def beat_process(self, name: str, *, scheduler: str = "") -> Process:
        folder = self.work_dir / self.id / f"beat-{name}"
        return self._process(f"beat-{name}", [
            PYTHON, "-m", "celery", "-A", "portal", "beat", "-l", "info",
            "--pidfile", str(folder / "beat.pid"), "-s", str(folder / "celerybeat-schedule"),
            *(["-S", scheduler] if scheduler else []),
        ])

    def _write_proxy_config(self) -> Path:
        servers = "\n".join(
            f"    server {node.name} 127.0.0.1:{node.port} check inter 1s fall 3 rise 1" for node in self.nodes
        )
        config = PROXY_CONFIG.format(port=self.proxy_port, servers=servers)
        path = self.work_dir / self.id / "haproxy.cfg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(config)
        return path

    def _start_proxy(self) -> None:
        binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
        config = self._write_proxy_config()
        subprocess.run([binary, "-c", "-q", "-f", str(config)], check=True)
        self._services.append(self._process("proxy", [binary, "-db", "-f", str(config)]).start())

    def start(self) -> Cluster:
        started = time.monotonic()
        (self.work_dir / self.id).mkdir(parents=True, exist_ok=True)
        self._start_redis()
        self._start_store()
        wait_for(lambda: listening(self.redis_port), timeout=15, what="redis")
        wait_for(lambda: listening(self.store_port), timeout=60, what="object store")
        self._create_buckets()
        self.nodes = [self.start_node("a"), self.start_node("b")]
        self.celery_workers = [self.start_worker(name) for name in "ab"[: self.workers]]
        self.beat_processes = [self.beat_process(str(n)).start() for n in range(1, self.beats + 1)]
        self._start_proxy()
        for node in self.nodes:
            wait_for(node.ready, timeout=90, interval=0.2, what=f"node {node.name} ready")
        for worker in self.celery_workers:
            wait_for(lambda w=worker: self.worker_ready(w), timeout=90, interval=0.2, what=f"{worker.name} ready")
        wait_for(lambda: http_status(self.url + "/health/") == 200, timeout=30, what="proxy answering")
        self.start_seconds = time.monotonic() - started
        return self

    def stop(self, *, kill: bool = False) -> None:
        processes = [*self.beat_processes, *self.celery_workers, *(n.process for n in self.nodes if n.process)]
        if kill:
            for process in [*processes, *self._services]:
                process.kill()
        for process in processes:  # all at once: each warm shutdown runs beside the others
            process.terminate()
        for process in [*processes, *reversed(self._services)]:
            process.stop()
        if not self.keep_files:
            shutil.rmtree(self.work_dir / self.id, ignore_errors=True)

    def __enter__(self) -> Cluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()

    def logs(self) -> str:
        parts = []
        for process in [*(n.process for n in self.nodes), *self.celery_workers, *self.beat_processes,
                        *self._services]:
            parts.append(f"--- {process.name}\n{process.log()[-2000:]}")
        return "\n".join(parts)


# The proxy: round-robin over the nodes, each request balanced on its own (gunicorn's sync workers close
# the connection after each response), no stickiness. A node is taken out after three failed readiness
# probes a second apart (each may wait 5 s for a node busy with a slow request) and back after one good
# one. A request whose connection to a node is refused is sent to the other node (retries + redispatch); a
# request already sent is never sent twice, so a POST cut by a dying node answers 502 and is not replayed.
# Bodies up to PORTAL_MAX_REQUEST_BYTES.
PROXY_CONFIG = """\
global
    maxconn 2000

defaults
    mode http
    option httplog
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-request 30s
    timeout check 5s
    retries 2
    option redispatch 1
    retry-on conn-failure

frontend portal
    bind 127.0.0.1:{port}
    option forwardfor
    http-request deny deny_status 413 if {{ req.hdr_val(content-length) gt 67108864 }}
    default_backend nodes

backend nodes
    balance roundrobin
    option httpchk
    http-check send meth GET uri /health/ ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    http-response set-header X-Portal-Node %[srv_name]
{servers}
"""


def main(argv: list[str] | None = None) -> int:
    from bench.nodes_drill import main as drill_main

    return drill_main(argv)


if __name__ == "__main__":
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    sys.exit(main())
