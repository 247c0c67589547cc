"""A local stream's feed polls, each in a thread of its own, so that a host that hangs, drips
its body or times out with retries never holds the other feeds' window.

At a window close the driver starts the conditional GET of every due feed that is not still
being fetched, waits at most ``wait_s`` for those it just started (never for a poll of an
earlier close, which would hold every later window while one host hangs), and takes the answers
that are in: those of this close and any of an earlier one that came in since. A poll still running joins a later
window when it ends (its feed is not asked again meanwhile, nor while its answer waits to be
taken: a second GET would replace it); its answer, an error included, is
then one of that window's inputs. The window reads the feeds from these answers (``ReadFeeds``
``polled``) instead of fetching them a second time. Threads are daemons: a stream that stops
does not wait for a hanging host (a poll not taken into a committed window is asked again by
the next start, as its validators did not move).
"""

import datetime as dt
import logging
import pickle
import threading
import time

from transforms.read.http_config import retry_after_s
from transforms.read.http_urls import redact_url

__all__ = ["FeedPolls", "MAX_PAUSE_S", "hold_for_retry_after"]

_LOG = logging.getLogger("newsbeam.stream")
MAX_PAUSE_S = 86400.0


def hold_for_retry_after(last_polled: dict, url: str, retry_after, every: float, now: float):
    """No poll of ``url`` (polled every ``every`` s, last at ``last_polled[url]``) before the pause
    its host asked for (``Retry-After``) ends, said in one log line; a pause of at most a day (or
    the feed's own interval when longer): a huge number or a far date must not silence a feed
    for the rest of the stream."""
    pause = min(retry_after_s(retry_after), max(MAX_PAUSE_S, every))
    if now + pause <= last_polled[url] + every:
        return
    last_polled[url] = now + pause - every
    when = dt.datetime.fromtimestamp(now + pause, dt.timezone.utc).isoformat(timespec="seconds")
    _LOG.info("feed %s asked for a pause (Retry-After): next poll at %s", redact_url(url), when)


class FeedPolls:
    """``start(url, fetch)`` runs ``fetch()`` in a thread; ``take(wait_s, urls)`` -> ``{url:
    result}`` of the polls that ended (the exception of a poll that raised)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._ended = threading.Condition(self._lock)
        self._running: set = set()
        self._done: dict = {}

    def running(self, url: str) -> bool:
        """Being fetched, or its answer not taken yet: a second GET now would replace that answer
        (its error row lost) and could not use what it said (a Retry-After, a 301)."""
        with self._lock:
            return url in self._running or url in self._done

    def fetching(self, url: str) -> bool:
        """Its GET has not ended yet."""
        with self._lock:
            return url in self._running

    def start(self, url: str, fetch) -> None:
        with self._lock:
            self._running.add(url)
        name = f"newsbeam-poll-{len(self._running)}"
        threading.Thread(target=self._run, args=(url, fetch), name=name, daemon=True).start()

    def _run(self, url: str, fetch) -> None:
        try:
            result = fetch()
        except Exception as exc:  # noqa: BLE001 - the window makes its error row (ReadFeeds)
            result = _portable(exc)
        with self._lock:
            self._running.discard(url)
            self._done[url] = result
            self._ended.notify_all()

    def take(self, wait_s: float, urls) -> dict:
        """The answers in once the polls of ``urls`` ended or ``wait_s`` passed, whichever comes
        first (the answers of other polls too, if in)."""
        deadline = time.monotonic() + wait_s
        waited = set(urls)
        with self._lock:
            while self._running & waited:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._ended.wait(left)
            done, self._done = self._done, {}
        return done


def _portable(exc: Exception) -> Exception:
    """``exc``, or a RuntimeError naming it when it does not survive pickling (the window's
    pipeline carries it to ReadFeeds: an answer it cannot load would fail every window)."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - any exception class whose arguments do not round-trip
        return RuntimeError(f"{type(exc).__name__}: {exc}")
