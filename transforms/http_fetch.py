"""All of newsbeam's network code: a polite, bounded HTTP GET that returns a result record."""

import base64
import dataclasses
import ipaddress
import random
import socket
import threading
import time
from email.utils import parsedate_to_datetime
from typing import Optional
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

__all__ = [
    "DEFAULT_USER_AGENT",
    "FEED_TYPES",
    "PAGE_TYPES",
    "FetchConfig",
    "FetchResult",
    "HostLimiter",
    "HttpClient",
    "backoff_delay",
    "content_type_allowed",
    "is_blocked_address",
    "origin",
    "redact_url",
    "split_credentials",
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
PAGE_TYPES = ("text/html", "application/xhtml", "text/plain", "application/octet-stream")
_REDIRECTS = (301, 302, 303, 307, 308)
_RETRY_STATUS = (429, 500, 502, 503, 504)
_CHUNK = 65536


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


def is_blocked_address(ip: str) -> bool:
    """True for loopback, private, link-local, multicast, reserved or unspecified addresses."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return (
        addr.is_loopback
        or addr.is_private
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_reserved
        or addr.is_unspecified
        or not addr.is_global
    )


def content_type_allowed(value: Optional[str], accepted: tuple) -> bool:
    """An absent Content-Type is allowed; otherwise its media type must contain one of ``accepted``."""
    if not value:
        return True
    media = value.split(";", 1)[0].strip().lower()
    return any(a in media for a in accepted)


def backoff_delay(attempt: int, config: FetchConfig, retry_after: Optional[str] = None) -> float:
    """Seconds to wait before retry ``attempt`` (1-based): Retry-After if given, else exponential
    with +-25% jitter, capped at ``max_backoff_s``."""
    if retry_after:
        try:
            seconds = float(retry_after)
        except ValueError:
            try:
                seconds = parsedate_to_datetime(retry_after).timestamp() - time.time()
            except (TypeError, ValueError):
                seconds = 0.0
        if seconds > 0:
            return min(seconds, config.max_backoff_s)
    base = config.backoff_s * (2 ** (attempt - 1))
    return min(base * random.uniform(0.75, 1.25), config.max_backoff_s)


class HostLimiter:
    """Per host: at most ``concurrency`` requests at once, starts at least ``delay`` apart."""

    def __init__(self, *, delay: float, concurrency: int):
        self._delay = delay
        self._concurrency = concurrency
        self._lock = threading.Lock()
        self._slots: dict = {}
        self._next_start: dict = {}

    def acquire(self, host: str) -> None:
        with self._lock:
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(self._concurrency))
        slot.acquire()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start.get(host, now))
            self._next_start[host] = start + self._delay
        if start > now:
            time.sleep(start - now)

    def release(self, host: str) -> None:
        self._slots[host].release()


class HostBreaker:
    """Per host: consecutive failures (timeouts, refused connections, 5xx); ``threshold`` of
    them in a row open the breaker for the rest of the client's life. Any answer that is not a
    failure closes the count again. A name that does not resolve opens it at once: DNS answers
    are cached by the resolver, so asking again costs time and changes nothing."""

    def __init__(self, threshold: int):
        self._threshold = threshold
        self._lock = threading.Lock()
        self._failures: dict = {}
        self._open: dict = {}

    def why_open(self, host: str) -> Optional[str]:
        with self._lock:
            return self._open.get(host)

    def failure(self, host: str, reason: str, *, at_once: bool = False) -> None:
        if self._threshold <= 0:
            return
        with self._lock:
            n = self._failures[host] = self._failures.get(host, 0) + 1
            if (at_once or n >= self._threshold) and host not in self._open:
                self._open[host] = f"{reason} ({n} consecutive failure{'s' if n > 1 else ''})"

    def success(self, host: str) -> None:
        with self._lock:
            self._failures[host] = 0


class _Failure(Exception):
    def __init__(self, reason: str, detail: str, *, status=None, retry=False, retry_after=None):
        super().__init__(detail)
        self.reason, self.detail, self.status = reason, detail, status
        self.retry, self.retry_after = retry, retry_after


class HttpClient:
    """GET with timeouts, a deadline, retries, redirects, a size cap and address checks.

    One client per worker (build it in ``DoFn.setup``); it is thread-safe and keeps a connection
    pool per resolved address. Connections go to the address that was checked, so a DNS answer
    cannot change between the check and the connection.
    """

    def __init__(self, config: FetchConfig = FetchConfig()):
        import urllib3

        self._config = config
        self._urllib3 = urllib3
        self._pools: dict = {}
        self._lock = threading.Lock()
        self.limiter = HostLimiter(
            delay=config.per_host_delay_s, concurrency=config.per_host_concurrency
        )
        self.breaker = HostBreaker(config.host_failures)
        start = config.budget_start if config.budget_start is not None else time.time()
        # Wall-clock: the run's start comes from the machine that launched it.
        self._budget_end = start + config.budget_s if config.budget_s > 0 else None

    def close(self) -> None:
        with self._lock:
            for pool in self._pools.values():
                pool.close()
            self._pools.clear()

    def fetch(
        self,
        url: str,
        *,
        etag: Optional[str] = None,
        last_modified: Optional[str] = None,
        accept: tuple = PAGE_TYPES,
        allow_private: Optional[bool] = None,
        trusted_origin: Optional[tuple] = None,
    ) -> FetchResult:
        """GET ``url`` following redirects; never raises for network or HTTP problems.

        Non-public addresses are refused unless ``allow_private`` (default: the config's) or the
        URL is on ``trusted_origin`` (``origin(feed URL)`` of a feed the user listed): scheme,
        host and port, so a redirect to another port or host of it is checked again.
        Credentials in the URL (``https://user:pass@host/...``) are sent as HTTP Basic auth to
        that origin only and never appear in the result.
        """
        private_ok = self._config.allow_private if allow_private is None else allow_private
        url, auth = split_credentials(url)
        headers = {"User-Agent": self._config.user_agent, "Accept-Encoding": "gzip, deflate, br"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, chain, attempts = url, [url], 0
        home = origin(url)
        try:
            for _ in range(self._config.max_redirects + 1):
                here = origin(current)
                trusted = trusted_origin is not None and here == trusted_origin
                sent = dict(headers, Authorization=auth) if auth and here == home else headers
                status, resp_headers, body, used = self._with_retries(
                    current, sent, accept=accept, private_ok=private_ok or trusted
                )
                attempts += used
                location = dict(resp_headers).get("location")
                if status not in _REDIRECTS or not location:
                    return self._result(url, current, status, resp_headers, body, attempts, chain)
                current = _clean_url(urljoin(current, location.strip()))
                if current in chain:
                    raise _Failure("redirect_loop", " -> ".join([*chain, current]), status=status)
                chain.append(current)
            raise _Failure(
                "too_many_redirects",
                f"more than {self._config.max_redirects} redirects: {' -> '.join(chain)}",
            )
        except _Failure as failure:
            attempts += getattr(failure, "attempts", 0)
            return FetchResult(
                url=url,
                final_url=current,
                status=failure.status,
                error=failure.reason,
                detail=failure.detail,
                attempts=max(attempts, 1),
                redirects=tuple(chain[1:]),
            )

    def _result(self, url, final, status, resp_headers, body, attempts, chain) -> FetchResult:
        h = dict(resp_headers)
        result = FetchResult(
            url=url,
            final_url=final,
            status=status,
            headers=tuple(resp_headers),
            body=body if status == 200 else None,
            etag=h.get("etag"),
            last_modified=h.get("last-modified"),
            attempts=attempts,
            redirects=tuple(chain[1:]),
        )
        if status in (200, 304):
            return result
        return dataclasses.replace(result, error="http_error", detail=f"HTTP {status}")

    def _with_retries(self, url: str, headers: dict, *, accept: tuple, private_ok: bool):
        attempt, last = 0, None
        while True:
            attempt += 1
            try:
                status, resp_headers, body = self._attempt(url, headers, accept, private_ok)
            except _Failure as failure:
                if last is not None and failure.reason in ("host_unavailable", "fetch_budget"):
                    # This URL's own failures are the story: say what they were.
                    last.attempts = attempt - 1
                    last.detail += f" (after {attempt - 1} attempts; then {failure.reason})"
                    raise last from None
                last = failure
                if not failure.retry or attempt > self._config.retries:
                    failure.attempts = attempt
                    if failure.retry and attempt > 1:
                        failure.detail += f" (after {attempt} attempts)"
                    raise
                time.sleep(backoff_delay(attempt, self._config, failure.retry_after))
                continue
            return status, resp_headers, body, attempt

    def _attempt(self, url: str, headers: dict, accept: tuple, private_ok: bool):
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:  # a bad port or IPv6 literal
            raise _Failure("invalid_url", f"{exc}: {url[:200]}") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _Failure("invalid_url", f"not an http(s) URL: {url[:200]}")
        host = parts.hostname
        origin = f"{host.lower()}:{port}"  # the breaker's key: one server, not one name
        self._check_open(origin)
        address = self._resolve(host, port, private_ok, origin)
        self.limiter.acquire(host)
        try:
            self._check_open(origin)  # the breaker may have opened while this request waited
            result = self._request(parts, host, port, address, headers, accept)
        except _Failure as failure:
            if failure.reason in ("timeout", "connection_error") or (
                failure.reason == "http_error" and (failure.status or 0) >= 500
            ):
                self.breaker.failure(origin, failure.detail[:200])
            raise
        finally:
            self.limiter.release(host)
        self.breaker.success(origin)
        return result

    def _check_open(self, origin: str) -> None:
        why = self.breaker.why_open(origin)
        if why is not None:
            raise _Failure("host_unavailable", f"{origin} is not answering: {why}")
        if self._budget_end is not None and time.time() >= self._budget_end:
            raise _Failure(
                "fetch_budget",
                f"the run's fetch budget (fetch.budget_s = {self._config.budget_s:g}) is spent",
            )

    def _remaining_budget(self) -> float:
        if self._budget_end is None:
            return float("inf")
        return max(0.01, self._budget_end - time.time())

    def _resolve(self, host: str, port: int, private_ok: bool, origin: str) -> str:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            # Not retried: a name that does not resolve now will not in a second either.
            self.breaker.failure(origin, f"cannot resolve {host}", at_once=True)
            raise _Failure("dns_error", f"cannot resolve {host}: {exc}") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not addresses:
            self.breaker.failure(origin, f"{host} has no address", at_once=True)
            raise _Failure("dns_error", f"{host} has no address")
        blocked = [a for a in addresses if is_blocked_address(a)]
        if blocked and not private_ok:
            raise _Failure(
                "blocked_address",
                f"{host} resolves to non-public address {blocked[0]} (fetch.allow_private is off)",
            )
        return addresses[0]

    def _pool(self, scheme: str, address: str, port: int, host: str):
        key = (scheme, address, port, host)
        with self._lock:
            pool = self._pools.get(key)
            if pool is None:
                u3 = self._urllib3
                kwargs = dict(port=port, maxsize=self._config.per_host_concurrency, block=False)
                if scheme == "https":
                    pool = u3.HTTPSConnectionPool(
                        address,
                        server_hostname=host,
                        assert_hostname=host,
                        cert_reqs="CERT_REQUIRED",
                        **kwargs,
                    )
                else:
                    pool = u3.HTTPConnectionPool(address, **kwargs)
                self._pools[key] = pool
            return pool

    def _request(self, parts, host, port, address, headers, accept):
        u3, cfg = self._urllib3, self._config
        # No attempt outlives the run's fetch budget.
        deadline_s = min(cfg.deadline_s, self._remaining_budget())
        deadline = time.monotonic() + deadline_s
        default_port = 443 if parts.scheme == "https" else 80
        host_header = host if port == default_port else f"{host}:{port}"
        if ":" in host and not host.startswith("["):
            host_header = f"[{host}]" if port == default_port else f"[{host}]:{port}"
        target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        timeout = u3.Timeout(
            connect=min(cfg.connect_timeout_s, deadline_s),
            read=min(cfg.read_timeout_s, deadline_s),
        )
        pool = self._pool(parts.scheme, address, port, host)
        resp = None
        try:
            resp = pool.urlopen(
                "GET",
                target,
                headers={**headers, "Host": host_header},
                redirect=False,
                retries=False,
                preload_content=False,
                decode_content=True,
                timeout=timeout,
                assert_same_host=False,
            )
            status = resp.status
            resp_headers = tuple((k.lower(), v) for k, v in resp.headers.items())
            if status in _RETRY_STATUS:
                raise _Failure(
                    "http_error",
                    f"HTTP {status}",
                    status=status,
                    retry=True,
                    retry_after=resp.headers.get("retry-after"),
                )
            if status != 200:
                return status, resp_headers, None
            ctype = resp.headers.get("content-type")
            if not content_type_allowed(ctype, accept):
                raise _Failure("bad_content_type", f"Content-Type {ctype!r}", status=status)
            return status, resp_headers, self._read_body(resp, deadline, status)
        except _Failure:
            raise
        except u3.exceptions.NewConnectionError as exc:  # a ConnectTimeoutError subclass in urllib3
            raise _Failure("connection_error", str(exc), retry=True) from None
        except (TimeoutError, u3.exceptions.TimeoutError) as exc:
            raise _Failure("timeout", f"no answer in time: {exc}", retry=True) from None
        except u3.exceptions.DecodeError as exc:
            raise _Failure("bad_encoding", f"cannot decode the body: {exc}") from None
        except (u3.exceptions.HTTPError, OSError) as exc:
            reason = "timeout" if "timed out" in str(exc).lower() else "connection_error"
            raise _Failure(reason, f"{type(exc).__name__}: {exc}", retry=True) from None
        finally:
            if resp is not None:
                if not resp.isclosed():
                    resp.close()  # unread body: the connection cannot be reused
                resp.release_conn()

    def _past_deadline(self, resp, total: int, status: int) -> "_Failure":
        resp.close()
        return _Failure(
            "timeout",
            f"body not complete after the {self._config.deadline_s}s deadline ({total} bytes)",
            status=status,
            retry=True,
        )

    def _read_body(self, resp, deadline: float, status: int) -> bytes:
        cfg = self._config
        length = resp.headers.get("content-length")
        encoded = (resp.headers.get("content-encoding") or "identity").lower() != "identity"
        if length and length.isdigit() and int(length) > cfg.max_bytes and not encoded:
            resp.close()
            raise _Failure(
                "too_large", f"Content-Length {length} > max_bytes {cfg.max_bytes}", status=status
            )
        chunks, total = [], 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._past_deadline(resp, total, status)
            sock = getattr(resp.connection, "sock", None)
            if sock is not None:  # no single silence may outlast the deadline either
                sock.settimeout(max(0.01, min(cfg.read_timeout_s, remaining)))
            try:
                chunk = resp.read1(_CHUNK)
            except (TimeoutError, self._urllib3.exceptions.TimeoutError):
                if remaining >= cfg.read_timeout_s:
                    raise  # a plain read timeout
                raise self._past_deadline(resp, total, status) from None
            if not chunk:
                break
            total += len(chunk)
            if total > cfg.max_bytes:
                resp.close()
                raise _Failure(
                    "too_large", f"body over max_bytes {cfg.max_bytes}; stopped", status=status
                )
            chunks.append(chunk)
        return b"".join(chunks)


def origin(url: Optional[str]) -> Optional[tuple]:
    """``(scheme, host, port)`` of an http(s) URL (default ports filled in), else None."""
    try:
        parts = urlsplit(url or "")
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.scheme, parts.hostname.lower(), port


def split_credentials(url: str) -> tuple:
    """``(url without user:password@, "Basic ..." header value or None)``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url, None
    if "@" not in parts.netloc:
        return url, None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    token = base64.b64encode(f"{unquote(user)}:{unquote(password)}".encode()).decode("ascii")
    clean = urlunsplit((parts.scheme, hostport, parts.path, parts.query, parts.fragment))
    return clean, f"Basic {token}"


def redact_url(url: str) -> str:
    """The URL without the credentials it may carry: what is stored and shown."""
    return split_credentials(url)[0] if isinstance(url, str) else url


def _clean_url(url: str) -> str:
    """Drop the fragment (never sent; it would defeat redirect-loop detection) and credentials
    (a Location header's are never used or shown)."""
    parts = urlsplit(split_credentials(url)[0])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
