"""Services the failure drills start and stop: a TCP proxy, a private Redis, the portal under gunicorn."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller

from tests.services import ROOT, free_port, wait_for


class TcpProxy:
    """Forwards a loopback port to a target; `stop()` drops every connection as a crashed server would;
    `pause()` keeps every connection open but forwards nothing, as a hung server or a network partition
    does (the kernel still acknowledges what is sent), until `resume()`."""

    def __init__(self, target_host: str, target_port: int, *, port: int | None = None) -> None:
        self.target = (target_host, target_port)
        self.port = port or free_port()
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._running = threading.Event()
        self._flowing = threading.Event()
        self._flowing.set()
        self._thread: threading.Thread | None = None

    def start(self) -> TcpProxy:
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.1)
        self._running.set()
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._thread.start()
        return self

    def _accept_loop(self) -> None:
        listener = self._listener
        while self._running.is_set():
            try:
                client, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()
        listener.close()

    def pause(self) -> None:
        self._flowing.clear()

    def resume(self) -> None:
        self._flowing.set()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self._flowing.wait()
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def stop(self) -> None:
        """Refuse new connections and cut the open ones."""
        self._running.clear()
        if self._thread:
            self._thread.join(timeout=5)
            self._thread = None
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self._flowing.set()  # paused pumps meet their closed sockets and end


class RedisServer:
    """A private redis-server on a free loopback port, without persistence; stop and start it at will."""

    def __init__(self, *, port: int | None = None) -> None:
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.binary = shutil.which("redis-server") or "/usr/bin/redis-server"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, timeout=15)
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@dataclass
class Page:
    status: int
    body: str
    headers: dict = field(default_factory=dict)


class WebServer:
    """The portal under gunicorn (as the Procfile runs it), in its own process and environment."""

    def __init__(self, *, env: dict[str, str]) -> None:
        self.port = free_port()
        self.env = {**os.environ, **env}
        self.process: subprocess.Popen | None = None
        self.log_path = Path(ROOT) / "var" / f"gunicorn-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> WebServer:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "1", "--threads", "2", "--timeout", "60"],
            cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        wait_for(lambda: self.process.poll() is not None or self._listening(), timeout=60)
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {self.log()[-3000:]}")
        return self

    def _listening(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def get(self, path: str, *, headers: dict | None = None, timeout: float = 30) -> Page:
        request = urllib.request.Request(self.url + path, headers={"Accept-Language": "ko", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Page(response.status, response.read().decode(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Page(error.code, error.read().decode(errors="replace"), dict(error.headers))

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if getattr(self, "_log", None):
            self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _reset_celery_connections(app) -> None:
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    # kombu keeps its pools per connection URL: drop the closed ones, or the next publish (even an
    # eager one, which borrows a producer) meets "Acquire on closed pool".
    pools.reset()


@contextmanager
def celery_broker(url: str, queue: str):
    """Make this process publish real messages to `url` on `queue` (the drill's own Redis and worker)."""
    from portal.celery_app import app

    previous = (app.conf.broker_url, app.conf.broker_read_url, app.conf.broker_write_url,
                app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.broker_url = app.conf.broker_read_url = app.conf.broker_write_url = url
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    app.amqp.__dict__.pop("_queues", None)
    _reset_celery_connections(app)
    try:
        yield app
    finally:
        (app.conf.broker_url, app.conf.broker_read_url, app.conf.broker_write_url,
         app.conf.task_always_eager, app.conf.task_default_queue) = previous
        app.amqp.__dict__.pop("_queues", None)
        _reset_celery_connections(app)


class SlowSink:
    """An SMTP sink that takes `delay` seconds to accept each recipient, so a worker can be killed mid-send.

    A client that dies before sending its message delivers nothing, as with any mail server."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.messages: list = []
        self.busy = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd hook)
        self.busy += 1
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.busy -= 1
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@contextmanager
def slow_smtp_sink(delay: float):
    handler = SlowSink(delay)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        handler.port = controller.port
        yield handler
    finally:
        controller.stop()


class PreforkWorker:
    """A worker with a prefork pool of one child (as production runs), whose child can be killed alone."""

    def __init__(self, worker) -> None:
        self.worker = worker

    def start(self):
        from tests.services import Worker  # noqa: F401 (documents what is wrapped)

        worker = self.worker
        worker.log_path.parent.mkdir(parents=True, exist_ok=True)
        worker._log = open(worker.log_path, "wb")  # noqa: SIM115 (closed by worker.stop)
        worker.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=prefork", "--concurrency=1",
             "-Q", worker.queue, "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info",
             "-n", f"{worker.queue}@%h"],
            cwd=ROOT, env=worker.env, stdout=worker._log, stderr=subprocess.STDOUT,
        )
        wait_for(lambda: b"ready." in worker.log_path.read_bytes() or worker.process.poll() is not None, timeout=60)
        if worker.process.poll() is not None:
            raise RuntimeError(f"worker exited: {worker.log()[-3000:]}")
        return self

    def children(self) -> list[int]:
        pid = self.worker.process.pid
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        return [int(child) for child in text.split()]

    def stop(self) -> None:
        self.worker.stop()
