"""Start-up cost of a large OPML feed list: what a batch run does now (the list read and
expanded once, ``resolve_feed_urls``) beside the baseline of the code before (read and expanded
four times: the input check, the feed reader, the page fetcher, the dedup estimate; each time
deduplicated with a list's ``in``, quadratic in the number of feeds).

    python benchmarks/feed_list.py --feeds 20000

The OPML is written by the benchmark (``https://news<i>.example/rss``, one feed in ten listed
twice); nothing is fetched.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.graph.feeds import resolve_feed_urls  # noqa: E402
from transforms.read.feed_parse import http_url  # noqa: E402


def write_opml(path: Path, feeds: int) -> None:
    urls = [f"https://news{i}.example/rss" for i in range(feeds)]
    urls += urls[::10]  # listed twice, as merged lists do
    outlines = "".join(f'<outline type="rss" text="Feed" xmlUrl="{u}"/>' for u in urls)
    path.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')


def baseline_resolve(feeds) -> list:
    """The code before: each URL looked up in a list (in parse_opml and resolve_feed_urls)."""
    from lxml import etree

    urls = []
    for feed in feeds:
        if feed.startswith(("http://", "https://")):
            found = [feed]
        else:
            root = etree.parse(feed, etree.XMLParser(resolve_entities=False)).getroot()
            found = []
            for outline in root.iter("outline"):
                url = http_url(outline.get("xmlUrl"))
                if url and url not in found:
                    found.append(url)
        urls.extend(u for u in found if u not in urls)
    return urls


def timed(call) -> tuple:
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        opml = Path(tmp) / "feeds.opml"
        write_opml(opml, args.feeds)
        size = opml.stat().st_size
        now, now_s = timed(lambda: resolve_feed_urls([str(opml)]))

        def four_times():
            urls = baseline_resolve([str(opml)])
            for _ in range(3):  # the graph's three calls took the OPML path again
                urls = baseline_resolve([str(opml)])
            return urls

        before, before_s = timed(four_times)
    assert now == before, "the two ways must list the same feeds in the same order"
    print(f"OPML of {args.feeds:,} feeds ({size / 2**20:.1f} MiB), {len(now):,} distinct")
    print(f"  baseline (read 4 times, list dedup): {before_s:8.2f} s")
    print(f"  now      (read once, dict dedup):    {now_s:8.2f} s")


if __name__ == "__main__":
    main()
