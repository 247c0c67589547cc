"""Per-host politeness and failure tracking of the HTTP client, and the address policy."""

import ipaddress
import threading
import time
from typing import Optional

__all__ = ["HostBreaker", "HostLimiter", "is_blocked_address"]


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


class HostLimiter:
    """Per host (``host:port``): at most ``concurrency`` requests at once, starts at least
    ``delay`` apart."""

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

    def forget(self) -> None:
        """Every host closed again, its count at 0: a long-lived client (a stream's) starts each
        poll as a run does, so a server that comes back is asked again."""
        with self._lock:
            self._failures.clear()
            self._open.clear()
