"""Feed servers on 127.0.0.1 for streaming runs: one RSS feed whose entries a test adds while the
stream polls it, and a site of feeds by path that logs every request."""

import email.utils
import hashlib
import html
import random
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.support.paths import ROOT
from tests.support.tables import rows

WORDS = (
    "council budget river bridge school teachers hospital nurses election minister harbour "
    "farmers weather storm market prices train station museum library festival police court "
    "judge report energy wind solar company workers union strike mayor city village road "
    "water health children parents university students research science climate forest"
).split()


def feed_story(seed: int, words: int = 140) -> str:
    rng = random.Random(seed)
    sentences = [
        "The " + " ".join(rng.choice(WORDS) for _ in range(11)) + " today."
        for _ in range(words // 13)
    ]
    return " ".join(sentences)


class Feed:
    """An RSS 2.0 feed whose entries the test adds while the stream polls it (ETag + 304)."""

    def __init__(self):
        self.entries: list = []
        self.lock = threading.Lock()
        self.requests = self.not_modified = 0

    def add(self, guid: str, title: str, text: str, port: int) -> float:
        with self.lock:
            self.entries.append((guid, title, text, port, time.time()))
            return self.entries[-1][-1]

    def body(self) -> bytes:
        items = []
        with self.lock:
            entries = list(self.entries)
        for guid, title, text, port, added in entries:
            items.append(
                f"<item><title>{html.escape(title)}</title>"
                f"<link>http://127.0.0.1:{port}/a/{guid}</link><guid>{guid}</guid>"
                f"<pubDate>{email.utils.formatdate(added, usegmt=True)}</pubDate>"
                f"<content:encoded><![CDATA[<p>{html.escape(text)}</p>]]></content:encoded></item>"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            "<title>Test news</title><link>http://127.0.0.1/</link><language>en</language>"
            + "".join(items)
            + "</channel></rss>"
        ).encode("utf-8")


def serve_feed(feed: Feed, port: int = 0):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            body = feed.body()
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            with feed.lock:
                feed.requests += 1
            if self.headers.get("If-None-Match") == etag:
                with feed.lock:
                    feed.not_modified += 1
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def wait_for(check, proc, limit: float = 120.0) -> float:
    """Seconds until ``check()`` holds while the stream ``proc`` (a Popen) runs; a failure when
    it exits first or after ``limit`` (the stream committed nothing)."""
    t0 = time.time()
    while not check():
        assert proc.poll() is None, proc.communicate()
        assert time.time() - t0 < limit, "nothing committed while the stream ran"
        time.sleep(0.5)
    return time.time() - t0


def stream_until(args: list, check, limit: float = 400.0) -> None:
    """``newsbeam <args>`` (a stream) until ``check()`` holds, then stopped with SIGINT (exit 130)."""
    from tests.support import cli

    proc = cli.start(*args)
    try:
        wait_for(check, proc, limit=limit)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=240) == 130
    finally:
        proc.kill()
        proc.communicate()


def route_feed(site, path: str, title: str, seed: int, count: int) -> str:
    """``count`` entries titled ``{title} {n}`` (guids ``{path}-{n}``) served with an ETag at
    ``path`` of ``site`` (tests.support.http_site); the feed's URL."""
    from tests.support.http_site import etag_route

    port, feed = int(site.base.rsplit(":", 1)[1]), Feed()
    for n in range(count):
        feed.add(f"{path.strip('/')}-{n}", f"{title} {n}", feed_story(seed + n), port)
    site.routes[path] = etag_route(feed.body(), f'"{path.strip("/")}-1"')
    return site.base + path


def run_local_stream(out: Path, feeds: list, fetch: str, config: Path, stop_after: int):
    """``newsbeam run --streaming`` over ``feeds`` (1 s windows and polls, at most 180 s) with the
    ``fetch:`` settings ``fetch`` (YAML lines) written to ``config``; the finished process."""
    config.write_text("fetch:\n" + fetch)
    args = [a for url in feeds for a in ("--feeds", url)]
    args += ["--window", "1", "--poll-interval", "1", "--stop-after", str(stop_after)]
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--streaming", "--output", str(out), "--quiet"]
        + args
        + ["--max-duration", "180", "--config", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def read_table(out: Path, table: str) -> list:
    """The rows of ``table``, each with the file it is in (``_file``, relative to ``out``) and
    that file's modification time (``_mtime``): when a window's rows appeared."""
    found = []
    for row in rows(out, table, files=True, order="filename"):
        path = Path(row.pop("filename"))
        found.append(dict(row, _file=str(path.relative_to(out)), _mtime=path.stat().st_mtime))
    return found


class PollSite:
    """Feeds by path; every request is logged as (path, status, If-None-Match sent)."""

    def __init__(self, *, etags: bool = True):
        self.feeds: dict = {}
        self.log: list = []
        self.etags = etags
        self.lock = threading.Lock()
        self.on_request = None  # called with the request's number (1, 2, ...) as it arrives

    def add(self, path: str, guid: str, text: str) -> None:
        with self.lock:
            self.feeds.setdefault(path, []).append((guid, text))

    def body(self, path: str) -> bytes:
        with self.lock:
            entries = list(self.feeds.get(path, []))
        items = "".join(
            f"<item><title>Story {guid}</title><link>http://news.example/{guid}</link>"
            f"<guid>{guid}</guid><content:encoded><![CDATA[<p>{html.escape(text)}</p>]]>"
            f"</content:encoded></item>"
            for guid, text in entries
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{path}</title><link>http://news.example/</link><language>en</language>"
            f"{items}</channel></rss>"
        ).encode()

    def requests(self, path: str) -> list:
        return [entry for entry in self.log if entry[0] == path]
