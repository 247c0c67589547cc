"""Peak memory of one worker fetching one host's linked pages (``FetchPages``' DoFn).

    python benchmarks/page_fetch_memory.py [--pages 1500] [--kb 150] [--baseline-rev main]

A local HTTP server on 127.0.0.1 serves ``--pages`` distinct pages of ``--kb`` KB each (made per
request, so the server holds none); two feeds' entries link every page (each page is fetched
once, and makes two rows). Each side runs in its own process: the fetch DoFn over the host's
entries, every row dropped as it comes (as a fused downstream stage takes it). Prints, per side,
rows holding their page, pages served (negative: some twice), seconds, and peak RSS
(``ru_maxrss``) before the fetch (imports, server) and at its end. With
``--baseline-rev REV`` the code of git revision REV runs first, on the same machine state.
"""

import argparse
import http.server
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _page(n: int, kb: int) -> bytes:
    para = f"<p>Story {n}: the harbour council met on Monday about the ferry budget.</p>"
    body = para * (kb * 1024 // len(para) + 1)
    return f"<html><head><title>Story {n}</title></head><body>{body}</body></html>".encode()


def _serve(kb: int, served: list):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            served.append(self.path)
            body = _page(int(self.path.rsplit("/", 1)[1]), kb)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(code: str, pages: int, kb: int) -> None:
    sys.path.insert(0, code)
    from transforms.core.record import Article
    from transforms.read.feeds import _FetchPagesFn
    from transforms.read.http_fetch import FetchConfig

    served: list = []
    server, base = _serve(kb, served)
    entries = [
        Article(
            doc_id=f"{feed}-{n:05d}",
            source_path=f"{base}/{feed}.xml",
            source_ref=f"{base}/{feed}.xml#{n}",
            source_format="feed",
            url=f"{base}/page/{n}",
            feed_url=f"{base}/{feed}.xml",
            hint_title=f"Story {n}",
            text_source="page",
        )
        for feed in ("a", "b")
        for n in range(pages)
    ]
    config = FetchConfig(allow_private=True, per_host_delay_s=0.0, retries=0, budget_s=0)
    fn = _FetchPagesFn(config, 0, frozenset())
    fn.setup()
    _page(0, kb)  # warm: the first page made is not the fetch's cost
    before, started, rows = _rss_mb(), time.perf_counter(), 0
    for row in fn.process(("127.0.0.1", entries)):
        rows += isinstance(row, Article) and len(row.raw) > kb * 1024
        del row
    seconds = time.perf_counter() - started
    fn.teardown()
    server.shutdown()
    peak = _rss_mb()
    pages = len(set(served)) if len(served) == len(set(served)) else -len(served)  # once each
    print(
        json.dumps(
            {"rows": rows, "pages": pages, "seconds": seconds, "before_mb": before, "peak_mb": peak}
        )
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1500)
    parser.add_argument("--kb", type=int, default=150)
    parser.add_argument("--baseline-rev", help="git revision whose code runs beside this one")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.pages, args.kb)
        return 0
    with tempfile.TemporaryDirectory() as work:
        sides = [("this", ROOT)]
        if args.baseline_rev:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from dedup_cli_scale import export_rev

            sides.insert(0, (args.baseline_rev, export_rev(args.baseline_rev, Path(work) / "b")))
        print(f"{args.pages} pages x {args.kb} KB, linked by 2 feeds, one host")
        print(
            f"{'code':>10} {'rows':>6} {'pages':>6} {'seconds':>8} {'MB before':>10} {'peak MB':>8}"
        )
        for label, code in sides:
            command = [sys.executable, __file__, "--child", str(code)]
            command += ["--pages", str(args.pages), "--kb", str(args.kb)]
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            line = f"{label:>10} {r['rows']:>6} {r['pages']:>6} {r['seconds']:>8.1f}"
            print(f"{line} {r['before_mb']:>10.0f} {r['peak_mb']:>8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
