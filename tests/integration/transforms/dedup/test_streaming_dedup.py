"""StreamingDedup with TestStream: out-of-order and late elements, later-window copies, TTL, prior."""

import dataclasses
import datetime as dt

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.runners.direct.direct_runner import BundleBasedDirectRunner
from apache_beam.testing import test_stream
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms import window
from apache_beam.transforms.window import TimestampedValue
from apache_beam.utils.timestamp import Duration

from tests.support.articles import article, edit, story
from transforms.core.record import stable_id
from transforms.dedup import DedupConfig, fingerprint, index_entry
from transforms.dedup.clusters import rank_key
from transforms.dedup.find_duplicates import to_node
from transforms.dedup.streaming import (
    Probe,
    StreamingDedup,
    Verdict,
    best_verdict,
    match_probes,
    probe_keys,
)

WINDOW = 60.0
T0 = 1_800_000_000.0  # a window boundary (divisible by 60)


def _options():
    options = PipelineOptions([])
    options.view_as(StandardOptions).streaming = True
    return options


class _Tag(beam.DoFn):
    def __init__(self, kind):
        self._kind = kind

    def process(self, record, win=beam.DoFn.WindowParam):
        extra = (record.match, record.duplicate_of) if self._kind == "dup" else (record.cluster_id,)
        yield (self._kind, record.doc_id, int(float(win.start) - T0), *extra)


def _run(events, *, lateness=0.0, ttl=7 * 86400.0, prior=None):
    """``events``: ("add", seconds after T0, article) | ("watermark", seconds after T0)."""
    stream = test_stream.TestStream()
    for event in events:
        if event[0] == "add":
            stream = stream.add_elements([TimestampedValue(event[2], T0 + event[1])])
        else:
            stream = stream.advance_watermark_to(T0 + event[1])
    stream = stream.advance_watermark_to_infinity()
    p = beam.Pipeline(runner=BundleBasedDirectRunner(), options=_options())
    articles = (
        p
        | stream
        | beam.WindowInto(window.FixedWindows(WINDOW), allowed_lateness=Duration.of(lateness))
    )
    prior_pc = p | "Prior" >> beam.Create(prior) if prior is not None else None
    out = articles | StreamingDedup(
        window_s=WINDOW, allowed_lateness_s=lateness, ttl_s=ttl, prior=prior_pc
    )
    rows = (
        out.articles | "TagA" >> beam.ParDo(_Tag("art")),
        out.duplicates | "TagD" >> beam.ParDo(_Tag("dup")),
    ) | beam.Flatten()
    return p, rows


BASE, OTHER = story(11), story(12)


def _a(doc, text, published=None, url=None):
    return article(doc, text, published=published, url=url)


def test_copy_in_a_later_window_is_a_duplicate_of_the_committed_one():
    a = _a("a", BASE, published=5)
    near = _a("near", edit(BASE, 3), published=1)  # earlier published, but a later window
    exact = _a("exact", BASE.upper(), published=9)
    other = _a("other", OTHER)
    p, rows = _run(
        [
            ("add", 10, a),
            ("add", 20, other),
            ("watermark", 70),
            ("add", 100, near),
            ("add", 110, exact),
        ]
    )
    assert_that(
        rows,
        equal_to(
            [
                ("art", "a", 0, a.article_id),
                ("art", "other", 0, other.article_id),
                ("dup", "near", 60, "near", a.article_id),
                ("dup", "exact", 60, "exact", a.article_id),
            ]
        ),
    )
    # Counters are checked in the end-to-end test: the DirectRunner's streaming mode does not
    # aggregate them across bundles.
    p.run().wait_until_finish()


def test_out_of_order_in_one_window_keeps_the_batch_canonical_and_late_data_gets_a_pane():
    first = _a("first", BASE, published=1)  # the earliest published: batch keeps it
    second = _a("second", edit(BASE, 5), published=8)
    late_new = _a("late_new", OTHER)
    too_late = _a("too_late", story(13))
    p, rows = _run(
        [
            ("add", 30, second),  # arrives first, event time later
            ("add", 20, first),
            ("watermark", 61),  # window [0, 60) fires on time
            ("add", 50, late_new),  # late, within the allowed lateness: a late pane
            ("watermark", 300),
            ("add", 55, too_late),  # beyond it: Beam drops it (why sources stamp arrival time)
        ],
        lateness=120,
    )
    panes = rows | beam.ParDo(_PaneOf())
    assert_that(
        rows,
        equal_to(
            [
                ("art", "first", 0, first.article_id),
                ("dup", "second", 0, "near", first.article_id),
                ("art", "late_new", 0, late_new.article_id),
            ]
        ),
    )
    assert_that(
        panes,
        equal_to([("first", "ON_TIME"), ("second", "ON_TIME"), ("late_new", "LATE")]),
        label="Panes",
    )
    p.run().wait_until_finish()


class _PaneOf(beam.DoFn):
    def process(self, row, pane=beam.DoFn.PaneInfoParam):
        from apache_beam.utils.windowed_value import PaneInfoTiming

        yield row[1], PaneInfoTiming.to_string(pane.timing)


def test_state_expires_after_the_ttl_and_a_later_copy_is_written_again():
    a = _a("a", BASE, url="https://n.example/1")
    within = _a("within", BASE.upper())
    after = _a("after", edit(BASE, 2), url="https://n.example/1")
    p, rows = _run(
        [
            ("add", 10, a),
            ("add", 200, within),  # within the TTL (300 s): a duplicate
            ("watermark", 1000),  # the timers at 310 and 500 clear every key
            ("add", 1010, after),  # same URL, long after: written again
        ],
        ttl=300,
    )
    assert_that(
        rows,
        equal_to(
            [
                ("art", "a", 0, a.article_id),
                ("dup", "within", 180, "exact", a.article_id),
                ("art", "after", 960, after.article_id),
            ]
        ),
    )
    p.run().wait_until_finish()


def test_prior_index_entries_always_win():
    old = fingerprint(_a("old", BASE, published=1), DedupConfig())
    entry = index_entry(old, run_date=dt.date(2026, 1, 9))
    copy = _a("copy", edit(BASE, 7), published=0)  # even an earlier-published copy loses
    new = _a("new", OTHER)
    p, rows = _run([("add", 5, copy), ("add", 6, new)], prior=[entry])
    assert_that(
        rows,
        equal_to(
            [
                ("dup", "copy", 0, "prior_run", old.article_id),
                ("art", "new", 0, new.article_id),
            ]
        ),
    )
    p.run().wait_until_finish()


def _probe(doc, sig=b"", rank=(0.0,)):
    return Probe(doc_id=doc, article_id=f"id-{doc}", rank=rank, ts=0.0, signature=sig)


def test_match_probes_by_key_kind_and_jaccard():
    config = DedupConfig()
    a = fingerprint(_a("a", BASE), config)
    b = fingerprint(_a("b", edit(BASE, 1)), config)
    c = fingerprint(_a("c", OTHER), config)
    assert match_probes("u:x", _probe("a"), _probe("b"), config) == ("url", 1.0)  # no texts
    kind, sim = match_probes("u:x", _probe("a", a.signature), _probe("b", b.signature), config)
    assert kind == "url" and 0.5 <= sim < 1.0
    # Another story at the same URL (a feed whose entries share one link) is not a copy.
    assert match_probes("u:x", _probe("a", a.signature), _probe("c", c.signature), config) is None
    assert match_probes("h:x", _probe("a"), _probe("b"), config) == ("exact", 1.0)
    kind, sim = match_probes("b:x", _probe("a", a.signature), _probe("b", b.signature), config)
    assert kind == "near" and 0.5 <= sim < 1.0
    assert match_probes("b:x", _probe("a", a.signature), _probe("c", c.signature), config) is None


def test_best_verdict_prefers_prior_then_rank_then_match_kind():
    v = [
        Verdict("x", "near", 0.8, (0.0, 2)),
        Verdict("y", "exact", 1.0, (0.0, 1)),
        Verdict("y", "url", 1.0, (0.0, 1)),
    ]
    assert best_verdict(v) == Verdict("y", "url", 1.0, (0.0, 1))
    prior = Verdict(
        "p", "prior_run", 0.7, rank_key(to_node(fingerprint(_a("p", BASE), DedupConfig())))
    )
    assert best_verdict([*v, prior]).match == "prior_run"
    assert best_verdict([]) is None


def test_probe_keys_cover_url_hash_and_every_band():
    config = DedupConfig()
    node = to_node(fingerprint(_a("a", BASE, url="https://n.example/a"), config))
    keys = probe_keys(node, config)
    assert keys[0] == "u:https://n.example/a" and keys[1].startswith("h:")
    assert len([k for k in keys if k.startswith("b:")]) == config.bands
    empty = to_node(fingerprint(dataclasses.replace(_a("e", "x"), text=""), config))
    assert [k[:2] for k in probe_keys(empty, config)] == ["h:"]


def test_two_stories_at_one_url_are_two_articles_and_an_edit_stays_a_url_copy():
    """A feed linking its entries to one page (issue 26): the later story gets an id of its
    own (``clusters.identity``: its text, there being no other URL or entry id), an edit of the
    first is its ``url`` copy, and a story at a prior run's URL does not take its id."""
    link = "https://jobs.example/apply"
    first = _a("first", BASE, published=1, url=link)
    second = _a("second", OTHER, published=2, url=link)
    edited = _a("edited", edit(BASE, 4), published=3, url=link)
    old = fingerprint(_a("old", story(14), url="https://jobs.example/old"), DedupConfig())
    entry = index_entry(old, run_date=dt.date(2026, 1, 9))
    at_old = _a("at_old", story(15), url="https://jobs.example/old")
    own = fingerprint(second, DedupConfig()).content_hash
    own_old = fingerprint(at_old, DedupConfig()).content_hash
    p, rows = _run(
        [("add", 5, first), ("add", 6, second), ("add", 7, edited), ("add", 8, at_old)],
        prior=[entry],
    )
    assert_that(
        rows,
        equal_to(
            [
                ("art", "first", 0, first.article_id),
                ("art", "second", 0, stable_id("url", link, "text", own)),
                ("dup", "edited", 0, "url", first.article_id),
                ("art", "at_old", 0, stable_id("url", "https://jobs.example/old", "text", own_old)),
            ]
        ),
    )
    p.run().wait_until_finish()
