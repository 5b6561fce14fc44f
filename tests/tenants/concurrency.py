"""Run callables at the same moment from separate threads, each with its own database connection."""

import threading

from django.db import connection


def run_concurrently(*funcs, timeout: float = 30.0) -> list[tuple[str, object]]:
    """Returns ("ok", result) or ("error", exception) per callable, in order."""
    barrier = threading.Barrier(len(funcs))
    results: list = [None] * len(funcs)

    def runner(index, func):
        try:
            barrier.wait(timeout)
            results[index] = ("ok", func())
        except Exception as exc:  # noqa: BLE001 (reported to the test)
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, f)) for i, f in enumerate(funcs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert all(not t.is_alive() for t in threads), "a thread did not finish"
    return results
