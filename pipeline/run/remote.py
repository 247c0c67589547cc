"""A call to an object store that may never answer (no network, no credentials: its client
retries for minutes without a word): said at once on stderr, given up after a bounded wait."""

import sys
import threading

__all__ = ["REMOTE_CHECK_S", "call_bounded"]

REMOTE_CHECK_S = 60.0  # a reachable store answers in seconds, credentials from metadata included


def call_bounded(call, *, seconds: float, doing: str):
    """``call()``'s result, its exception, or ``TimeoutError`` after ``seconds``; ``doing``
    ("listing 'gs://b/x/*'") is printed first. The call goes on in a daemon thread when it
    overruns: nothing waits for it."""
    print(
        f"newsbeam: {doing} (an unreachable store is retried for up to {seconds:g} s)",
        file=sys.stderr,
        flush=True,
    )
    result: list = []
    failed: list = []

    def run() -> None:
        try:
            result.append(call())
        except Exception as exc:  # noqa: BLE001 - raised in the caller's thread
            failed.append(exc)

    worker = threading.Thread(target=run, name="newsbeam-remote-call", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise TimeoutError(
            f"no answer within {seconds:g} s (unreachable, or no credentials; see "
            "docs/production.md)"
        )
    if failed:
        raise failed[0]
    return result[0]
