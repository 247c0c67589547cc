"""A page's or a feed's declared charset is taken only when it names an encoding of the WHATWG Encoding
standard, the ones a browser reads a page in. Python's codec registry knows many more names, and
a page (or a server's header) that declared one of them was once decoded with it: ``punycode``
made the page an error row, EBCDIC ``cp037`` turned an ASCII page into symbols (rejected
``not_article``), ``unicode_escape`` rewrote the backslashes of its text, ``hz`` its ``~{``.
Feeds the same, through feedparser (their XML declaration, or the Content-Type of a feed URL).
Through the CLI, read back: each of those pages and feed entries is its article, word for word."""

import pytest

from tests.support.cli import run_command
from tests.support.hostile_files import page
from tests.support.http_site import Site, serve
from tests.support.sample_stories import STORIES
from tests.support.tables import rows

# What such a codec changes in plain ASCII text; each page ends with it.
MARK = r"Readers wrote C++ +1 and ~{ok~} in C:\news\u0041 folders."
BOGUS = ("punycode", "cp037", "cp500", "unicode_escape", "raw_unicode_escape", "hz", "idna")
FEEDS = ("punycode", "cp037", "unicode_escape", "hz")
WEB = {
    "koi8-r": "Городской совет утвердил бюджет на следующий год.",
    "windows-1250": "Zażółć gęślą.",
}


def _page(key: str, charset: str, extra: str) -> bytes:
    body = page(f"Story of the {key}", STORIES[key], f"<p>{extra}</p>").decode()
    return body.replace("<meta charset='utf-8'>", f"<meta charset='{charset}'>").encode(
        charset if charset in WEB else "ascii"
    )


def _feed(name: str, key: str, declared: str = "") -> bytes:
    """An RSS feed of one entry whose summary is the story, without a link (nothing fetched)."""
    head = f"<?xml version='1.0' encoding='{declared}'?>" if declared else "<?xml version='1.0'?>"
    return (
        f"{head}<rss version='2.0'><channel><title>Feed {name}</title>"
        f"<link>https://gazette.example/</link><item><title>Entry {name}</title>"
        f"<guid>{name}</guid><description>{STORIES[key]} {MARK}</description></item>"
        "</channel></rss>"
    ).encode("ascii")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    src, out = tmp_path_factory.mktemp("in"), tmp_path_factory.mktemp("out")
    keys = iter(STORIES)
    for charset in BOGUS:
        (src / f"{charset}.html").write_bytes(_page(next(keys), charset, MARK))
    for charset, words in WEB.items():  # declarations that are right keep working
        (src / f"{charset}.html").write_bytes(_page(next(keys), charset, f"{words} {MARK}"))
    for charset in FEEDS:
        (src / f"{charset}.rss").write_bytes(_feed(charset, next(keys), charset))
    site = Site()
    headers = {"Content-Type": "application/rss+xml; charset=punycode"}
    site.add("/feed.xml", 200, _feed("served", next(keys)), headers)
    server, base = serve(site)
    try:
        args = ["--input", f"{src}/*", "--feeds", f"{base}/feed.xml", "--output", str(out)]
        proc = run_command(*args, "--run-date", "2026-11-22")
    finally:
        server.shutdown()
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def _texts(out) -> dict:
    found = rows(out, "articles", columns="source_path, title, text")
    return {r["source_path"].rsplit("/", 1)[1].removesuffix(".html"): r for r in found}


def test_every_page_and_entry_is_an_article(out):
    assert rows(out, "errors") == [] and rows(out, "rejected") == []
    feeds = [f"{c}.rss" for c in FEEDS] + ["feed.xml"]
    assert sorted(_texts(out)) == sorted([*BOGUS, *WEB, *feeds])


@pytest.mark.parametrize("feed", [f"{c}.rss" for c in FEEDS] + ["feed.xml"])
def test_a_feed_declaring_such_a_codec_is_read_as_written(out, feed):
    row = _texts(out).get(feed)
    assert row, f"no article from {feed}"
    assert row["text"].rstrip().endswith(MARK)


@pytest.mark.parametrize("charset", BOGUS)
def test_a_codec_no_browser_reads_pages_in_is_not_applied(out, charset):
    row = _texts(out).get(charset)
    assert row, f"no article from the page declared {charset}"
    assert row["title"].startswith("Story of the ")
    assert row["text"].rstrip().endswith(MARK)


@pytest.mark.parametrize("charset", WEB)
def test_a_web_encoding_that_is_declared_is_read_in_it(out, charset):
    assert _texts(out)[charset]["text"].rstrip().endswith(f"{WEB[charset]} {MARK}")
