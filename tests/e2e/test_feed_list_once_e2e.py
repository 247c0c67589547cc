"""The OPML feed list is read once per run, where it was read four times at start-up (the input
check, the feed reader, the page fetcher and the dedup estimate: a list of 100,000 feeds is
~15 MB of XML, and on a bucket four downloads). A second run in the same process reads the list
again: a feed added to it is polled."""

from apache_beam.io.filesystems import FileSystems

from tests.support.feed_pages import full_item, news_site, rss, run_feeds
from tests.support.http_site import etag_route
from tests.support.tables import rows


def _opml(*urls: str) -> str:
    outlines = "".join(f'<outline type="rss" xmlUrl="{u}"/>' for u in urls)
    return f'<opml version="2.0"><body>{outlines}</body></opml>'


def test_the_feed_list_is_read_once_per_run(tmp_path, site, monkeypatch):
    feed_url = news_site(site)
    opml = tmp_path / "feeds.opml"
    opml.write_text(_opml(feed_url))
    opened = []
    real_open = FileSystems.open

    def counting_open(path, *args, **kwargs):
        opened.append(path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(FileSystems, "open", staticmethod(counting_open))
    out = tmp_path / "out"
    assert run_feeds(str(opml), out, "2026-11-22", tmp_path) == 0
    assert opened.count(str(opml)) == 1
    titles = sorted(a["title"] for a in rows(out, "articles"))
    assert titles == ["Full story 1", "Full story 2", "Linked one", "Linked two"]


def test_a_second_run_in_the_process_reads_the_changed_feed_list(tmp_path, site):
    feed_url = news_site(site)
    opml = tmp_path / "feeds.opml"
    opml.write_text(_opml(feed_url))
    out = tmp_path / "out"
    assert run_feeds(str(opml), out, "2026-11-22", tmp_path) == 0
    site.routes["/wire.xml"] = etag_route(rss(site.base, [full_item(7)]), '"w1"')
    opml.write_text(_opml(feed_url, site.base + "/wire.xml"))
    assert run_feeds(str(opml), out, "2026-11-23", tmp_path) == 0
    assert len(site.seen("/wire.xml")) == 1
    wire = [a for a in rows(out, "articles") if a["feed_url"] == site.base + "/wire.xml"]
    assert [a["title"] for a in wire] == ["Full story 7"]
