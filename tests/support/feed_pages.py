"""News pages and RSS feeds written by the tests, served by tests.support.http_site; a feeds run."""

import json
import random
from pathlib import Path

from pipeline.cli.main import main
from tests.support.cli import run_command
from tests.support.http_site import Site, etag_route

VOCAB = (
    "harbour ferry council budget school river bridge market festival library storm police "
    "hospital farmers election museum railway airport stadium theatre bakery factory orchard "
    "mayor teacher nurse driver fisherman student painter engineer judge pilot chemist "
    "opened closed raised delayed approved rejected repaired visited praised questioned "
    "yesterday tomorrow quietly suddenly finally again early late north south east west"
).split()


def story(n: int) -> str:
    """Distinct text per n (seeded), so that dedup keeps each story apart."""
    rng = random.Random(n)
    sentences = [
        "The harbour authority said " + " ".join(rng.choice(VOCAB) for _ in range(14)) + "."
        for _ in range(12)
    ]
    return " ".join(sentences)


def page(n: int) -> bytes:
    return (
        f"<html><head><title>Page {n}</title></head><body><nav>Home | About</nav>"
        f"<article><h1>Local story {n}</h1><p>{story(n)}</p><p>{story(n + 100)}</p></article>"
        "<footer>Copyright</footer></body></html>"
    ).encode()


def rss(base: str, items: list) -> bytes:
    body = "".join(items)
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Harbour Times</title><link>{base}/</link><language>en</language>{body}"
        "</channel></rss>"
    ).encode()


def full_item(n: int) -> str:
    return (
        f"<item><title>Full story {n}</title><link>http://127.0.0.1/full/{n}</link>"
        f"<guid>full-{n}</guid><pubDate>Mon, 16 Nov 2026 0{n}:00:00 GMT</pubDate>"
        f"<category>Transport</category><content:encoded><![CDATA[<p>{story(n)}</p>"
        f"<p>{story(n + 50)}</p>]]></content:encoded></item>"
    )


def link_item(base: str, path: str, title: str) -> str:
    return (
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{path}</guid>"
        f"<pubDate>Tue, 17 Nov 2026 08:00:00 GMT</pubDate><description>teaser</description></item>"
    )


def news_site(site: Site, etag='"v1"') -> str:
    base = site.base
    items = [
        full_item(1),
        full_item(2),
        link_item(base, "/page/1", "Linked one"),
        link_item(base, "/page/2", "Linked two"),
        link_item(base, "/gone", "Gone page"),
    ]
    site.routes["/feed.xml"] = etag_route(rss(base, items), etag)
    for n in (1, 2):
        site.add(f"/page/{n}", 200, page(n), {"Content-Type": "text/html; charset=utf-8"})
    return base + "/feed.xml"


def run_feeds(feed: str, out: Path, date: str, tmp_path: Path) -> int:
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(
        "fetch:\n  allow_private: true\n  per_host_delay_s: 0\n  read_timeout_s: 2\n"
        "  deadline_s: 5\n  connect_timeout_s: 2\n  retries: 0\n"
    )
    return main(
        [
            "run",
            "--feeds",
            feed,
            "--output",
            str(out),
            "--run-date",
            date,
            "--config",
            str(cfg),
            "--quiet",
        ]
    )


def feeds_manifest(out: Path, date: str) -> dict:
    [path] = (out / "_runs").glob(f"{date.replace('-', '')}-*.json")
    return json.loads(path.read_text())


def run_feed_file(tmp_path: Path, items: str, namespaces: str = "") -> Path:
    """Write an RSS file of ``items`` (with ``namespaces`` declared on <rss>), run it through
    the CLI without fetching pages, and return the output folder."""
    feed = tmp_path / "harbour.xml"
    feed.write_text(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"{namespaces}><channel>'
        "<title>Harbour</title><link>https://harbour.example/</link><language>en</language>"
        f"{items}</channel></rss>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = run_command("--input", str(feed), "--output", str(out), "--no-fetch", "--quiet")
    assert done.returncode == 0, done.stderr[-3000:]
    return out
