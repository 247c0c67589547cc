"""A page two feeds link to (two papers of one group, a feed and the feed it redirects to) is
fetched once in a run or stream window: each entry still makes its row (the copy a ``url``
duplicate of the other), from the one answer. It was asked once per entry."""

from pipeline.cli.main import main
from tests.support.feed_pages import link_item, page, rss, story
from tests.support.http_site import etag_route
from tests.support.tables import rows


def test_a_page_two_feeds_link_to_is_fetched_once(tmp_path, site):
    base = site.base
    site.routes["/a.xml"] = etag_route(rss(base, [link_item(base, "/page/1", "One (A)")]), '"a"')
    both = [link_item(base, "/page/1", "One (B)"), link_item(base, "/page/2", "Two")]
    site.routes["/b.xml"] = etag_route(rss(base, both), '"b"')
    for n in (1, 2):
        site.add(f"/page/{n}", 200, page(n), {"Content-Type": "text/html; charset=utf-8"})
    cfg = tmp_path / "fetch.yaml"
    cfg.write_text("fetch:\n  allow_private: true\n  per_host_delay_s: 0\n  retries: 0\n")
    out = tmp_path / "out"
    args = ["run", "--feeds", f"{base}/a.xml", "--feeds", f"{base}/b.xml", "--output", str(out)]
    assert main(args + ["--run-date", "2026-11-22", "--config", str(cfg), "--quiet"]) == 0

    assert len(site.seen("/page/1")) == 1 and len(site.seen("/page/2")) == 1
    articles = rows(out, "articles", columns="title, url, text", order="url")
    assert [r["url"] for r in articles] == [f"{base}/page/1", f"{base}/page/2"]
    assert articles[0]["title"] in ("One (A)", "One (B)") and articles[1]["title"] == "Two"
    assert [r["text"][:60] for r in articles] == [story(1)[:60], story(2)[:60]]  # the pages' text
    (dup,) = rows(out, "duplicates", columns="url, match")
    assert (dup["url"], dup["match"]) == (f"{base}/page/1", "url")
    assert rows(out, "errors") == []
