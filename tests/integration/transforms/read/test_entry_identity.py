"""Which feed entries an earlier run wrote (``already_ingested``), read back from real Parquet:
the entry's link with its id (an edited entry), its link with its title (a feed that changes its
ids on every request), its own text when it has no link; a job ad of a shared page with a title
of its own and a story under a new link are not."""

import datetime as dt

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.testing.util import assert_that, equal_to

from tests.support.cli import commit_manifest
from tests.support.feed_servers import feed_story
from transforms.read.feed_entries import entry_text_hash
from transforms.read.feed_parse import explode_feed
from transforms.read.feeds import RouteArticles
from transforms.read.http_state import read_known_urls

FEED = "http://feed.example/rss"


def _item(guid, title, link=None, text=None) -> str:
    link = f"<link>{link}</link>" if link else ""
    text = f"<description>{text}</description>" if text else "<description>teaser</description>"
    return f"<item><title>{title}</title>{link}<guid isPermaLink='false'>{guid}</guid>{text}</item>"


def _entries(*items) -> list:
    doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{"".join(items)}'
    return explode_feed((doc + "</channel></rss>").encode(), source_path=FEED, feed_url=FEED)


def _written(out, articles) -> None:
    table = pa.table(
        {
            "url": [a.url for a in articles],
            "canonical_url": [a.url for a in articles],
            "source_ref": [a.source_ref for a in articles],
            "title": [a.hint_title for a in articles],
            "content_hash": [entry_text_hash(a) for a in articles],
        }
    )
    folder = out / "articles" / "ingest_date=2026-11-20"
    folder.mkdir(parents=True)
    pq.write_table(table, folder / "part-old-00000.parquet")
    commit_manifest(out, "old", ["articles/ingest_date=2026-11-20/part-old-00000.parquet"])


def test_entries_written_before_are_known_by_link_and_id_title_or_text(runner, tmp_path):
    note = feed_story(7)
    _written(
        tmp_path,
        _entries(
            _item("g1", "Storm hits the coast", "http://news.example/storm"),
            _item("j1", "Welder", "http://jobs.example/apply"),
            _item("n1", "Night note", text=note),
        ),
    )
    known = read_known_urls(str(tmp_path), run_id="new", run_date=dt.date(2026, 11, 21))
    polled = _entries(
        _item("g1", "Storm hits the coast, 3 dead", "http://news.example/storm"),  # edited
        _item("g2-flip", "Storm hits the coast", "http://news.example/storm"),  # id changed
        _item("j2", "Baker", "http://jobs.example/apply"),  # another ad of one page
        _item("g3", "Storm hits the coast", "http://news.example/storm-again"),  # new link
        _item("n2-flip", "Night note", text=note),  # no link, id changed, same text
        _item("n3", "Night note", text=feed_story(8)),  # no link, another text
    )
    p = beam.Pipeline(runner=runner)
    routed = p | beam.Create(polled) | RouteArticles(known_urls=known)
    assert_that(
        routed.rejected | beam.Map(lambda r: (r.reason, r.source_ref.rsplit("=", 1)[1], r.detail)),
        equal_to(
            [
                ("already_ingested", "g1", "URL written by an earlier run"),
                ("already_ingested", "g2-flip", "URL written by an earlier run"),
                ("already_ingested", "n2-flip", "text written by an earlier run"),
            ]
        ),
        label="Known",
    )
    assert_that(
        routed.fetch | beam.Map(lambda pair: pair[1].entry_id),
        equal_to(["j2", "g3"]),
        label="Fetched",
    )
    assert_that(routed.main | beam.Map(lambda a: a.entry_id), equal_to(["n3"]), label="New")
    p.run().wait_until_finish()
