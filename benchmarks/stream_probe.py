"""A local stream probed as a user runs it: 50 RSS feeds on 127.0.0.1 polled every second
(1 s windows), whose entries change between polls, and a kill -9 in the middle of a window.

    .venv/bin/python benchmarks/stream_probe.py [--feeds 50] [--out /tmp/probe]

The feeds, in turn: an edited title (f0), an updated body (f1), reordered entries (f2), a feed
that answers 404 then comes back with a new entry (f3), a feed moved for good (f4, 301 to
/moved.xml, which later fails: f4 is asked again and answers itself), a feed redirecting (302)
to another listed feed (f5 -> f6), a story republished under a new guid and link (f0), new
entries on 20 feeds, the last 10 of them while the stream is killed mid-window and restarted.
Prints what a user reads back with DuckDB: articles against the stories served, stories written
twice (URL, text), each error row, duplicates and rejects by reason, pages asked more than once,
balanced manifests, and the time to the first window. Every check must say ok.
"""

import argparse
import hashlib
import html
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import tables  # noqa: E402

WORDS = "council budget river bridge school hospital election harbour market museum".split()
WORDS += "festival police court energy workers union mayor village water forest".split()


def story(seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(
        "The " + " ".join(rng.choice(WORDS) for _ in range(11)) + " today." for _ in range(10)
    )


class Site:
    """Feeds by path (entries: [guid, title, text]), their pages at /a/<guid>, a status per path
    (200, 404 or (code, location)); every request logged."""

    def __init__(self, n: int):
        self.lock, self.log, self.status = threading.Lock(), [], {}
        self.feeds = {
            f"/f{i}.xml": [
                [f"f{i}-{k}", f"Feed {i} story {k}", story(1000 * i + k)] for k in (0, 1)
            ]
            for i in range(n)
        }
        self.feeds["/moved.xml"] = [["m-0", "Moved feed story 0", story(99990)]]
        self.status["/f4.xml"] = (301, "/moved.xml")
        self.status["/f5.xml"] = (302, "/f6.xml")
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, path: str, guid: str, title: str, text: str) -> None:
        with self.lock:
            self.feeds[path].append([guid, title, text])

    def _page(self, guid: str):
        for entries in self.feeds.values():
            for g, title, text in entries:
                if g == guid:
                    return (
                        f"<html><head><title>{html.escape(title)}</title></head><body><article>"
                        f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></article>"
                        "</body></html>"
                    ).encode()
        return None

    def _rss(self, path: str) -> bytes:
        items = "".join(
            f"<item><title>{html.escape(t)}</title><link>{self.base}/a/{g}</link>"
            f"<guid>{g}</guid><description>{html.escape(x[:120])}</description></item>"
            for g, t, x in self.feeds[path]
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{path}</title><link>{self.base}/</link>{items}</channel></rss>"
        ).encode()

    def _answer(self, path: str):
        with self.lock:
            self.log.append((time.time(), path))
            if path.startswith("/a/"):
                page = self._page(path[3:])
                return (200, "text/html; charset=utf-8", page) if page else (404, None, b"")
            status = self.status.get(path, 200)
            if isinstance(status, tuple):
                return status[0], status[1], b""
            if status != 200 or path not in self.feeds:
                return 404, None, b""
            return 200, "application/rss+xml", self._rss(path)

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802 - http.server's naming
                status, extra, body = site._answer(self.path)
                headers = {}
                if status in (301, 302):
                    headers["Location"] = extra
                elif status == 200:
                    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                    headers = {"Content-Type": extra, "ETag": etag}
                    if self.headers.get("If-None-Match") == etag:
                        status, body = 304, b""
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


class Stream:
    def __init__(self, out: Path, urls: list):
        self.out, self.urls, self.starts = out, urls, 0
        self.config = out.parent / "probe.yaml"
        self.config.write_text("fetch:\n  per_host_delay_s: 0\n  per_host_concurrency: 8\n")

    def start(self) -> subprocess.Popen:
        self.starts += 1
        args = [sys.executable, "-m", "pipeline", "run", "--streaming", "--output", str(self.out)]
        args += ["--config", str(self.config), "--window", "1", "--poll-interval", "1"]
        args += ["--max-duration", "900", *[a for u in self.urls for a in ("--feeds", u)]]
        log = open(self.out.parent / f"stderr-{self.starts}.log", "w")
        return subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=log)

    def windows(self) -> int:
        return len(list((self.out / "_runs").glob("*-w*.json")))

    def wait_windows(self, proc, n: int, limit: float = 300) -> None:
        deadline = time.time() + limit
        while self.windows() < n:
            if proc.poll() is not None or time.time() > deadline:
                raise SystemExit(f"the stream ended or stalled: see {self.out.parent}/stderr-*.log")
            time.sleep(0.2)


def run(n: int, out: Path) -> None:
    site = Site(n)
    stream = Stream(out, [f"{site.base}/f{i}.xml" for i in range(n)])
    t0 = time.time()
    proc = stream.start()
    stream.wait_windows(proc, 1)
    first_window = time.time() - t0
    with site.lock:
        site.feeds["/f0.xml"][0][1] += " (edited headline)"
        site.feeds["/f1.xml"][0][2] += " An update was added later today."
        site.feeds["/f2.xml"].reverse()
        site.status["/f3.xml"] = 404
    for i in range(10, 20):
        site.add(f"/f{i}.xml", f"f{i}-2", f"Feed {i} story 2", story(1000 * i + 2))
    stream.wait_windows(proc, stream.windows() + 1)
    with site.lock:
        site.status["/f3.xml"] = 200
        site.status["/moved.xml"] = 404  # where f4 moved fails: f4 is asked again
        site.status["/f4.xml"] = 200
        site.feeds["/f4.xml"] = [["f4-own", "Feed 4, at its own URL again", story(4444)]]
    site.add("/f3.xml", "f3-2", "Feed 3 story 2", story(3002))
    republished = site.feeds["/f0.xml"][1][2]
    site.add("/f0.xml", "f0-again", "Feed 0 story 1, republished", republished)
    stream.wait_windows(proc, stream.windows() + 1)
    for i in range(20, 30):
        site.add(f"/f{i}.xml", f"f{i}-2", f"Feed {i} story 2", story(1000 * i + 2))
    staging, deadline = out / "_staging", time.time() + 120
    while not (staging.exists() and any(staging.iterdir())) and time.time() < deadline:
        time.sleep(0.02)
    killed_in = [p.name for p in staging.iterdir()] if staging.exists() else []
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before_restart = stream.windows()
    proc = stream.start()
    stream.wait_windows(proc, before_restart + 1)
    time.sleep(5)  # a few more polls: nothing new must be written
    proc.send_signal(signal.SIGINT)
    code = proc.wait(timeout=300)
    report(site, n, out, first_window, killed_in, code)


def report(site: Site, n: int, out: Path, first_window: float, killed_in: list, code: int):
    def q(sql):
        return tables.query(out, sql)

    guids = [f"f{i}-{k}" for i in range(n) if i not in (4, 5) for k in (0, 1)]  # f5 -> f6
    guids += ["m-0", "f4-own", "f3-2"] + [f"f{i}-2" for i in range(10, 30)]
    served = {f"{site.base}/a/{g}" for g in guids}
    written = {u for (u,) in q("SELECT url FROM articles")}
    pages: dict = {}
    for _, path in site.log:
        if path.startswith("/a/"):
            pages[path] = pages.get(path, 0) + 1
    manifests = [json.loads(p.read_text()) for p in (out / "_runs").rglob("*.json")]
    checks = {
        "each story served is one article, nothing else": written == served,
        "no story written twice (url)": q("SELECT url FROM articles GROUP BY 1 HAVING count(*) > 1")
        == [],
        "no story written twice (text)": q(
            "SELECT content_hash FROM articles GROUP BY 1 HAVING count(*) > 1"
        )
        == [],
        "each outage one error row": sorted(r for (r,) in q("SELECT source_ref FROM errors"))
        == sorted([f"{site.base}/f3.xml", f"{site.base}/f4.xml"]),
        "no page asked twice": all(v == 1 for v in pages.values()),
        "every manifest balanced": all(m.get("balanced", True) for m in manifests),
        "killed mid-window, restart exit 130": bool(killed_in) and code == 130,
    }
    print(f"time to the first window: {first_window:.1f} s; windows committed: "
          f"{len([m for m in manifests if 'window' in (m.get('stream') or {})])}; "
          f"killed in {killed_in}")  # fmt: skip
    print(f"articles {q('SELECT count(*) FROM articles')[0][0]} for {len(served)} stories served;"
          f" feed requests {sum(1 for _, p in site.log if p.endswith('.xml'))}, page requests "
          f"{sum(pages.values())}")  # fmt: skip
    print("duplicates by match:", q("SELECT match, count(*) FROM duplicates GROUP BY 1 ORDER BY 1"))
    print("rejected by reason:", q("SELECT reason, count(*) FROM rejected GROUP BY 1 ORDER BY 1"))
    for (message,) in q("SELECT error_message FROM errors ORDER BY 1"):
        print("error row:", message)
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="stream-probe-"))
    shutil.rmtree(work / "out", ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    run(max(args.feeds, 30), work / "out")


if __name__ == "__main__":
    main()
