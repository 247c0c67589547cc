"""The HTTP client's settings and result record, and its pure policies (media types, backoff)."""

import dataclasses
import random
import time
from email.utils import parsedate_to_datetime
from typing import Optional

__all__ = [
    "DEFAULT_USER_AGENT",
    "FEED_TYPES",
    "PAGE_TYPES",
    "FetchConfig",
    "FetchResult",
    "RETRY_STATUS",
    "backoff_delay",
    "may_retry",
    "retry_after_s",
    "content_type_allowed",
]


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("newsbeam")
    except Exception:  # noqa: BLE001 - not installed: a source checkout
        return "0"


DEFAULT_USER_AGENT = f"newsbeam/{_version()} (+https://github.com/newsbeam)"
# Media types accepted, by prefix/substring; an absent Content-Type is accepted.
FEED_TYPES = ("xml", "rss", "atom", "json", "text/", "application/octet-stream")
RETRY_STATUS = (429, 500, 502, 503, 504)  # transient answers, worth asking again
PAGE_TYPES = ("text/html", "application/xhtml", "text/plain", "application/octet-stream")


@dataclasses.dataclass(frozen=True)
class FetchConfig:
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0  # longest silence while waiting for headers or body bytes
    deadline_s: float = 60.0  # whole request (headers + body) per attempt
    retries: int = 2  # extra attempts after a timeout, connection error, 429 or 5xx
    backoff_s: float = 1.0  # first retry waits this long, then doubles (with jitter)
    max_backoff_s: float = 30.0
    max_redirects: int = 5
    max_bytes: int = 10_000_000  # decoded body size
    user_agent: str = DEFAULT_USER_AGENT
    per_host_delay_s: float = 1.0  # between request starts on one host
    per_host_concurrency: int = 2
    allow_private: bool = False  # allow loopback/private/link-local targets for URLs in feeds
    # False: feed entries' links are not fetched (offline runs); the feed's text stands in.
    pages: bool = True
    # Circuit breaker: after this many consecutive timeouts, connection failures or 5xx
    # answers from one host, its remaining URLs fail at once as host_unavailable (0: off).
    host_failures: int = 3
    budget_s: float = 600.0  # all fetching of a run stops this long after it starts (0: none)
    budget_start: Optional[float] = None  # time.time() the run started; None: client creation


@dataclasses.dataclass(frozen=True)
class FetchResult:
    """What one fetch produced. ``error`` is None on success (200) and on 304."""

    url: str
    final_url: str
    status: Optional[int] = None
    headers: tuple = ()  # ((lower-case name, value), ...)
    body: Optional[bytes] = None
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    error: Optional[str] = None  # http_error | timeout | too_large | too_many_redirects |
    # redirect_loop | blocked_address | bad_content_type | connection_error | invalid_url |
    # bad_encoding | dns_error | host_unavailable | fetch_budget
    detail: str = ""
    attempts: int = 0
    redirects: tuple = ()
    retry_after: Optional[str] = None  # of the last 429/5xx answer: when to ask again
    moved_to: Optional[str] = None  # every redirect permanent (301, 308): the URL to ask next

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def not_modified(self) -> bool:
        return self.status == 304 and self.error is None

    def header(self, name: str) -> Optional[str]:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)

    def describe(self) -> str:
        """One line for an error row: reason, status and what happened."""
        status = self.status if self.status is not None else "-"
        return f"reason={self.error} status={status} url={self.url}: {self.detail}"


def content_type_allowed(value: Optional[str], accepted: tuple) -> bool:
    """An absent Content-Type is allowed; otherwise its media type must contain one of ``accepted``."""
    if not value:
        return True
    media = value.split(";", 1)[0].strip().lower()
    return any(a in media for a in accepted)


def retry_after_s(retry_after: Optional[str]) -> float:
    """Seconds a Retry-After header (seconds or an HTTP date) asks to wait; 0 when unreadable."""
    if not retry_after:
        return 0.0
    try:
        seconds = float(retry_after)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(retry_after).timestamp() - time.time()
        except (TypeError, ValueError):
            seconds = 0.0
    return seconds if 0 < seconds < float("inf") else 0.0


def backoff_delay(attempt: int, config: FetchConfig, retry_after: Optional[str] = None) -> float:
    """Seconds to wait before retry ``attempt`` (1-based): Retry-After if given, else exponential
    with +-25% jitter, capped at ``max_backoff_s``."""
    seconds = retry_after_s(retry_after)
    if seconds > 0:
        return min(seconds, config.max_backoff_s)
    base = config.backoff_s * (2 ** (attempt - 1))
    return min(base * random.uniform(0.75, 1.25), config.max_backoff_s)


def may_retry(
    retryable: bool,
    status: Optional[int],
    attempt: int,
    config: FetchConfig,
    wait: float,
    left,
    *,
    retry_after: Optional[str] = None,
) -> bool:
    """Whether to ask again after ``wait`` s, attempt ``attempt`` having failed: a retryable
    failure with retries left; in a stream's poll (``left``: seconds until its next poll, None
    in a batch run) only a transient HTTP answer whose wait ends before that poll.

    ``retry_after``: the answer's Retry-After, compared uncapped (``wait`` is it cut to
    ``max_backoff_s``): longer than ``max_backoff_s`` or the time left, there is no retry, as a
    retry after the capped wait asks sooner than the server said; the result keeps the header
    for the stream's next poll."""
    if not retryable or attempt > config.retries:
        return False
    if retry_after_s(retry_after) > config.max_backoff_s:  # else ``wait`` is it, uncut
        return False
    return left is None or (status in RETRY_STATUS and wait <= left)
