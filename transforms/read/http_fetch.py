"""All of newsbeam's network code: a polite, bounded HTTP GET that returns a result record.

Settings and the result record live in ``http_config``, per-host limits, the circuit breaker and
the address policy in ``http_hosts``, URL helpers in ``http_urls``; all are re-exported here.
"""

import dataclasses
import socket
import threading
import time
from typing import Optional
from urllib.parse import urljoin, urlsplit, urlunsplit

from transforms.read.http_config import (
    DEFAULT_USER_AGENT,
    FEED_TYPES,
    PAGE_TYPES,
    RETRY_STATUS,
    FetchConfig,
    FetchResult,
    backoff_delay,
    content_type_allowed,
    may_retry,
)
from transforms.read.http_hosts import HostBreaker, HostLimiter, is_blocked_address
from transforms.read.http_urls import clean_url, origin, redact_url, split_credentials
from transforms.read.http_watch import DeadlineWatch, watched_pool

__all__ = [
    "DEFAULT_USER_AGENT",
    "FEED_TYPES",
    "PAGE_TYPES",
    "FetchConfig",
    "FetchResult",
    "HostBreaker",
    "HostLimiter",
    "HttpClient",
    "backoff_delay",
    "content_type_allowed",
    "is_blocked_address",
    "origin",
    "redact_url",
    "split_credentials",
]

_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 65536


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
        poll_s: Optional[float] = None,
    ) -> FetchResult:
        """GET ``url`` following redirects; never raises for network or HTTP problems.

        Non-public addresses are refused unless ``allow_private`` (default: the config's) or the
        URL is on ``trusted_origin`` (``origin(feed URL)`` of a feed the user listed): scheme,
        host and port, so a redirect to another port or host of it is checked again.
        Credentials in the URL (``https://user:pass@host/...``) are sent as HTTP Basic auth to
        that origin only and never appear in the result.

        ``poll_s``: this GET is a stream's poll, asked again every ``poll_s`` seconds. The next
        poll is then the retry of a host that refuses, resets or stays silent (retrying within
        the poll only made a dead feed cost three attempts and seconds of backoff every poll);
        a transient answer (429, 5xx) is retried while the wait ends within ``poll_s`` of the
        start, and a longer Retry-After is left in the result for the stream to honour.
        """
        private_ok = self._config.allow_private if allow_private is None else allow_private
        url, auth = split_credentials(url)
        headers = {"User-Agent": self._config.user_agent, "Accept-Encoding": "gzip, deflate, br"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, chain, attempts = url, [url], 0
        home, moved = origin(url), not auth  # moved: every hop so far permanent (301, 308)
        until = None if poll_s is None else time.monotonic() + poll_s
        try:
            for _ in range(self._config.max_redirects + 1):
                here = origin(current)
                trusted = trusted_origin is not None and here == trusted_origin
                sent = dict(headers, Authorization=auth) if auth and here == home else headers
                status, resp_headers, body, used = self._with_retries(
                    current, sent, accept=accept, private_ok=private_ok or trusted, until=until
                )
                attempts += used
                location = dict(resp_headers).get("location")
                if status not in _REDIRECTS or not location:
                    result = self._result(url, current, status, resp_headers, body, attempts, chain)
                    if moved and len(chain) > 1 and result.status in (200, 304):
                        result = dataclasses.replace(result, moved_to=current)
                    return result
                moved = moved and status in (301, 308)
                current = clean_url(urljoin(current, location.strip()))
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
                retry_after=failure.retry_after,
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

    def _with_retries(self, url: str, headers: dict, *, accept: tuple, private_ok: bool, until):
        """``until``: a poll's end (monotonic), see ``fetch(poll_s=...)``; None: a batch fetch."""
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
                wait = backoff_delay(attempt, self._config, failure.retry_after)
                left = None if until is None else until - time.monotonic()
                why = (failure.retry, failure.status, attempt, self._config, wait, left)
                if not may_retry(*why, retry_after=failure.retry_after):
                    failure.attempts = attempt
                    if attempt > 1:
                        failure.detail += f" (after {attempt} attempts)"
                    raise
                time.sleep(wait)
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
        # The breaker's and the limiter's key: one server, not one name. Two ports are two
        # servers (robots.txt is per origin too): 200 feeds on ports of 127.0.0.1 where nothing
        # listens once queued 1 s apart behind each other, and the good feed behind them.
        origin = f"{host.lower()}:{port}"
        self._check_open(origin)
        address = self._resolve(host, port, private_ok, origin)
        self.limiter.acquire(origin)
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
            self.limiter.release(origin)
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
                    pool = watched_pool(u3.HTTPSConnectionPool)(
                        address,
                        server_hostname=host,
                        assert_hostname=host,
                        cert_reqs="CERT_REQUIRED",
                        **kwargs,
                    )
                else:
                    pool = watched_pool(u3.HTTPConnectionPool)(address, **kwargs)
                self._pools[key] = pool
            return pool

    def _request(self, parts, host, port, address, headers, accept):
        # No attempt outlives the run's fetch budget.
        deadline_s = min(self._config.deadline_s, self._remaining_budget())
        with DeadlineWatch(deadline_s) as watch:
            try:
                answer = self._exchange(parts, host, port, address, headers, accept, deadline_s)
            except _Failure:
                if not watch.fired:
                    raise
            if watch.fired:  # what the cut socket gave is not the answer
                raise _Failure(
                    "timeout", f"no whole answer within the {deadline_s:g}s deadline", retry=True
                )
        return answer

    def _exchange(self, parts, host, port, address, headers, accept, deadline_s):
        u3, cfg = self._urllib3, self._config
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
            if status in RETRY_STATUS:
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
