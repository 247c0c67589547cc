"""A hard deadline for one HTTP attempt, whatever the server does.

Socket timeouts bound each silence, not the whole: a server that trickles its headers, a
chunk-size line or a gzip header (the decoder asks for more bytes and yields nothing) keeps every
read short and the request alive forever. ``DeadlineWatch`` remembers the connection the attempt
took from its pool and the socket it holds or opens (``watched_pool``) and, once the deadline passes, shuts its socket down, so
the blocked read ends at once; the caller then reports a timeout, not what the cut produced.
"""

import socket
import threading

__all__ = ["DeadlineWatch", "watched_pool"]

_CURRENT = threading.local()
_CLASSES: dict = {}


class DeadlineWatch:
    """``with DeadlineWatch(seconds) as watch:`` one attempt; ``watch.fired`` after it."""

    def __init__(self, seconds: float):
        self.conn = None
        self.sock = None  # kept apart: http.client lets go of a socket its response reads to EOF
        self.fired = False
        self._done = threading.Event()
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True

    def __enter__(self):
        _CURRENT.watch = self
        self._timer.start()
        return self

    def __exit__(self, *exc):
        _CURRENT.watch = None
        self._done.set()
        self._timer.cancel()
        if self.fired and self.conn is not None:
            self.conn.close()  # never reused: its socket is shut
        return False

    def _cut(self):
        self.fired = True
        # The connection may still be connecting (its socket not yet there): cut until the
        # attempt has ended.
        while not self._done.is_set():
            sock = self.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:  # already closed
                    pass
            self._done.wait(0.05)


def _watch():
    return getattr(_CURRENT, "watch", None)


def watched_pool(pool_cls):
    """``pool_cls`` (a urllib3 connection pool class) telling the running watch its connection
    and socket."""
    watched = _CLASSES.get(pool_cls)
    if watched is None:

        class Connection(pool_cls.ConnectionCls):
            def connect(self):
                super().connect()
                watch = _watch()
                if watch is not None:
                    watch.sock = self.sock

        class Watched(pool_cls):
            ConnectionCls = Connection

            def _get_conn(self, timeout=None):
                conn = super()._get_conn(timeout=timeout)
                watch = _watch()
                if watch is not None:
                    watch.conn, watch.sock = conn, conn.sock
                return conn

        watched = _CLASSES[pool_cls] = Watched
    return watched
