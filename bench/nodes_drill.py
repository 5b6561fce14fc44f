#!/usr/bin/env python
"""The two-node drill in one command (`scripts/nodes`): its own database, released as production releases
(migrate, collectstatic, compilemessages), then haproxy, two gunicorn nodes, two Celery workers, one beat,
a private Redis and moto's S3 server on loopback (bench/nodes.py); an applicant walks the whole journey
with each request answered by the other node (bench/nodes_journey.py). With --serve everything stays up until Ctrl-C.

    .venv/bin/python bench/nodes_drill.py            # the journey, then stop
    .venv/bin/python bench/nodes_drill.py --serve    # ... and keep serving at the printed address
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.nodes import PYTHON, Cluster  # noqa: E402
from bench.nodes_journey import JOURNEY_ENV, applicant_journey, call_documents  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/yp_nodes_drill"


def release(cluster: Cluster) -> None:
    """What a deployment's release step does, once, before the nodes start."""
    env = cluster.env(cluster.work_dir / cluster.id / "release")
    for command in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"],
                    ["compilemessages", "-v", "0", "--ignore=.venv", "--ignore=node_modules"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env={**env, "DATABASE_STATEMENT_TIMEOUT": "0"},
                       check=True)


def mail_sink():
    from aiosmtpd.controller import Controller

    from bench.load import free_port

    class Sink:
        messages: list = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
            from email import message_from_bytes, policy

            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            return "250 OK"

    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--serve", action="store_true", help="keep everything running until Ctrl-C")
    parser.add_argument("--database-url", default=os.environ.get("NODES_DATABASE_URL", DEFAULT_DATABASE_URL))
    args = parser.parse_args(argv)

    from bench.run import prepare_database

    prepare_database(args.database_url, fresh=True)
    controller, sink = mail_sink()
    cluster = Cluster(database_url=args.database_url, email_port=controller.port, extra_env=JOURNEY_ENV)
    try:
        print(f"Releasing into {args.database_url} (migrate, collectstatic, compilemessages)…")
        release(cluster)
        with cluster:
            print(f"Up in {cluster.start_seconds:.1f} s: proxy {cluster.url} → node a {cluster.nodes[0].url}, "
                  f"node b {cluster.nodes[1].url}; workers a, b; beat; Redis {cluster.redis_url}; "
                  f"object store {cluster.store_url}; logs in {cluster.work_dir / cluster.id}")
            os.environ.update(cluster.env(cluster.work_dir / cluster.id / "drill"))
            import django

            django.setup()
            from tests.applications.conftest import make_call

            call = make_call(code="2026-9")

            def mail_to(address):
                return [m.get_body(("plain",)).get_content() for m in sink.messages if address in m["To"]]

            def rename_call(title):
                call.title_ko = title
                call.save()

            started = time.monotonic()
            journey = applicant_journey(cluster.url, call_code=call.code,
                                        unit_type_pk=call.units_on_offer.get().unit_type_id,
                                        documents=call_documents(call), mail_to=mail_to, rename_call=rename_call)
            for step in journey.steps:
                print("  " + step)
            print(f"The journey's {len(journey.steps)} requests alternated between the nodes "
                  f"({journey.nodes.count('a')} on a, {journey.nodes.count('b')} on b) in "
                  f"{time.monotonic() - started:.1f} s; {len(sink.messages)} e-mails received.")
            if args.serve:
                print(f"Serving at {cluster.url} (Ctrl-C stops everything).")
                try:
                    while True:
                        time.sleep(1)
                except KeyboardInterrupt:
                    pass
    finally:
        controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
