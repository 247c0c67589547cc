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


def test_a_hosts_pages_are_not_all_held_until_the_last_is_fetched(site):
    """One worker fetches a host's pages: 30 feeds x 50 entries x 150 KB was ~225 MB held until
    every answer of the host had come. Each page's rows now go out as its answer comes, so at
    any row only a few answers (those fetched ahead) are alive; still one GET per page."""
    import gc
    import weakref

    from transforms.core.record import Article
    from transforms.read.feeds import _FetchPagesFn
    from transforms.read.http_fetch import FetchConfig

    pages = 30
    for n in range(pages):
        site.add(f"/page/{n}", 200, page(n), {"Content-Type": "text/html; charset=utf-8"})
    entries = [  # two feeds link every page
        Article(doc_id=f"{feed}-{n:02d}", source_path=f"{site.base}/{feed}.xml",
                source_ref=f"{site.base}/{feed}.xml#{n}", source_format="feed",
                url=f"{site.base}/page/{n}", feed_url=f"{site.base}/{feed}.xml",
                hint_title=f"Story {n} ({feed})", text_source="page")
        for feed in ("a", "b") for n in range(pages)
    ]  # fmt: skip
    config = FetchConfig(allow_private=True, per_host_delay_s=0.0, retries=0)
    fn = _FetchPagesFn(config, min_words=0, trusted=frozenset())
    fn.setup()
    alive = weakref.WeakSet()  # every answer the client gave, while something holds it
    fetch = fn._client.fetch

    def watched(*args, **kwargs):
        answer = fetch(*args, **kwargs)
        alive.add(answer)
        return answer

    fn._client.fetch = watched
    most, got = 0, {}
    try:
        for row in fn.process(("127.0.0.1", entries)):
            gc.collect()
            most = max(most, len(alive))
            assert isinstance(row, Article), row
            got[row.doc_id] = (row.hint_title, row.raw[:40])
            del row
    finally:
        fn.teardown()
    assert len(got) == 2 * pages
    assert got["b-07"] == ("Story 7 (b)", page(7)[:40])
    assert all(len(site.seen(f"/page/{n}")) == 1 for n in range(pages))
    assert most <= 2 * config.per_host_concurrency + 1, most  # not all 30
