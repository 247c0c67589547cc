"""CommitWindows with TestStream: a window's files appear only when it is complete, in the batch
layout, with a late pane in files of its own; each window's manifest counts what it holds
(facts counted per file and per bundle of the window, not one element per row); plus the pure
helpers."""

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path

import apache_beam as beam
import pyarrow.parquet as pq
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.runners.direct.direct_runner import BundleBasedDirectRunner
from apache_beam.testing import test_stream
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms import window
from apache_beam.transforms.window import TimestampedValue
from apache_beam.utils.timestamp import Duration

from tests.support.articles import article, story
from transforms.core.record import DuplicateRow, ErrorRow, RejectedRow
from transforms.dedup import DedupConfig, fingerprint
from transforms.sink.input_facts import CountInputsFn
from transforms.sink.schema import TABLES
from transforms.sink.window_commit import CommitWindows, pane_token, window_token
from transforms.sink.write_parquet import WriterConfig

T0 = 1_800_000_000.0  # 2027-01-15T08:00:00Z, a window boundary
W0, W1 = window_token(T0), window_token(T0 + 60)
RUN = "s20270115T080000-abcd1234"
DAY = "ingest_date=2027-01-15"
RUN2 = "s20270115T080000-feedf00d"


def _article(doc, seed):
    a = fingerprint(article(doc, story(seed)), DedupConfig())
    return a.__class__(**{**a.__dict__, "cluster_id": a.article_id})


def _rejected(doc):
    return RejectedRow(
        doc, "filter", "too_short", "3 words", None, None, None, 3, f"/in/{doc}", f"/in/{doc}"
    )


def _error(doc):
    return ErrorRow(doc, "decode", "UnicodeError", "bad", "", None, f"/in/{doc}", f"/in/{doc}", 9)


class _Visible(beam.DoFn):
    """At each commit: the table files a reader can see (staging excluded)."""

    def __init__(self, output):
        self._output = output

    def process(self, manifest):
        seen = []
        for root, _, names in os.walk(self._output):
            rel = os.path.relpath(root, self._output)
            if rel.startswith("_staging"):
                continue
            seen += [os.path.join(rel, n) for n in names if n.endswith(".parquet")]
        yield manifest["window"], tuple(sorted(seen))


def _configs():
    return {
        t: WriterConfig(
            partition_by=("ingest_date", "language") if t == "articles" else ("ingest_date",),
            sort_by=("article_id", "doc_id") if t in ("articles", "duplicates") else ("doc_id",),
        )
        for t in TABLES
    }


def test_windows_commit_only_when_complete_and_late_panes_get_their_own_files(tmp_path):
    out = str(tmp_path / "out")
    a0, a1, a2 = _article("a0", 1), _article("a1", 2), _article("a2", 3)
    events = (
        test_stream.TestStream()
        .add_elements([TimestampedValue(("articles", a0), T0 + 10)])
        .add_elements([TimestampedValue(("rejected", _rejected("r0")), T0 + 20)])
        .add_elements([TimestampedValue(("articles", a1), T0 + 70)])  # window 1, still open
        .advance_watermark_to(T0 + 61)  # window 0 complete: committed
        .add_elements([TimestampedValue(("errors", _error("e0")), T0 + 30)])  # late for window 0
        .add_elements([TimestampedValue(("articles", a2), T0 + 80)])
        .advance_watermark_to_infinity()
    )
    options = PipelineOptions([])
    options.view_as(StandardOptions).streaming = True
    p = beam.Pipeline(runner=BundleBasedDirectRunner(), options=options)
    items = p | events | beam.WindowInto(window.FixedWindows(60), allowed_lateness=Duration.of(300))
    tables = {
        t: items | f"Only{t}" >> beam.Filter(lambda kv, t=t: kv[0] == t) | f"V{t}" >> beam.Values()
        for t in TABLES
    }
    tables["inputs"] = items
    manifests = tables | CommitWindows(output=out, run_id=RUN, configs=_configs(), manifest={})
    art = lambda w: f"articles/{DAY}/language=en/part-{RUN}-{w}-00000.parquet"  # noqa: E731
    idx = lambda w: f"_state/dedup/2027-01-15/part-{RUN}-{w}-00000.parquet"  # noqa: E731
    rej = f"rejected/{DAY}/part-{RUN}-{W0}-00000.parquet"
    on_time = (
        manifests
        | beam.Filter(lambda m: m["pane"] == 0)
        | beam.ParDo(_Visible(out))
        # the late pane of window 0 may commit before window 1 (it does not wait for it)
        | beam.MapTuple(lambda w, files: (w, tuple(f for f in files if "errors/" not in f)))
    )
    assert_that(
        on_time,
        equal_to(
            [
                (W0, tuple(sorted([art(W0), idx(W0), rej]))),  # window 1 has data but is open
                (W1, tuple(sorted([art(W0), idx(W0), rej, art(W1), idx(W1)]))),
            ]
        ),
    )
    p.run().wait_until_finish()

    # The late error row: a late pane of window 0, in a file of its own, committed after.
    (err,) = Path(out, "errors", DAY).glob(f"part-{RUN}-{W0}*.parquet")
    assert pq.read_table(err).column("doc_id").to_pylist() == ["e0"]
    late = [json.loads(f.read_text()) for f in Path(out, "_runs", RUN).glob(f"{W0}p*.json")]
    assert late and {m["window"][: len(W0)] for m in late} == {W0}
    assert sum(m["inputs"] for m in late) == sum(m["tables"]["errors"] for m in late) == 1
    rows = pq.read_table(Path(out, art(W1))).to_pylist()
    assert sorted(r["doc_id"] for r in rows) == ["a1", "a2"]
    assert rows[0]["ingested_at"] == dt.datetime.fromtimestamp(T0 + 60, dt.timezone.utc)
    assert "ingest_date" not in rows[0] and "language" not in rows[0]
    assert not Path(out, "_staging").exists() or not any(Path(out, "_staging").rglob("*.parquet"))
    manifest = json.loads(Path(out, "_runs", RUN, f"{W0}.json").read_text())
    assert (manifest["inputs"], manifest["tables"]["articles"], manifest["balanced"]) == (
        2,
        1,
        True,
    )
    assert Path(out, "articles", "_SUCCESS").read_text().startswith(f"{RUN}/")


def test_tokens():
    assert window_token(T0) == "20270115T080000"
    assert pane_token(T0, 0) == "20270115T080000" and pane_token(T0, 2) == "20270115T080000p2"


def _duplicate(doc, of):
    return DuplicateRow(
        article_id=f"id-{doc}", doc_id=doc, duplicate_of=of.article_id, match="near",
        similarity=0.9, cluster_id=of.article_id, url=None, canonical_url=None, title="t",
        language="en", published_at=None, word_count=200, source_path=f"/in/{doc}",
        source_ref=f"/in/{doc}",
    )  # fmt: skip


def _window_items(offset: float, seed: int, n_articles: int):
    arts = [_article(f"a{seed}-{i}", seed * 100 + i) for i in range(n_articles)]
    arts[0] = dataclasses.replace(arts[0], language="de")
    rows = [("articles", a) for a in arts]
    rows += [("duplicates", _duplicate(f"d{seed}", arts[1]))]
    rows += [("rejected", _rejected(f"r{seed}-{i}")) for i in range(3)]
    rows += [("errors", _error(f"e{seed}"))]
    return [TimestampedValue(row, T0 + offset + i * 0.01) for i, row in enumerate(rows)]


def test_each_window_manifest_counts_what_it_holds(tmp_path):
    out = str(tmp_path / "out")
    events = (
        test_stream.TestStream()
        .add_elements(_window_items(1, 1, 5)[:4])  # one window over several bundles
        .add_elements(_window_items(1, 1, 5)[4:])
        .add_elements(_window_items(61, 2, 3))
        .advance_watermark_to_infinity()
    )
    options = PipelineOptions([])
    options.view_as(StandardOptions).streaming = True
    p = beam.Pipeline(runner=BundleBasedDirectRunner(), options=options)
    items = p | events | beam.WindowInto(window.FixedWindows(60))
    tables = {
        t: items | f"Only{t}" >> beam.Filter(lambda kv, t=t: kv[0] == t) | f"V{t}" >> beam.Values()
        for t in TABLES
    }
    tables["inputs"] = items
    _ = tables | CommitWindows(output=out, run_id=RUN2, configs=_configs(), manifest={"k": 1})
    p.run().wait_until_finish()

    def manifest(offset):
        path = Path(out, "_runs", RUN2, f"{window_token(T0 + offset)}.json")
        m = json.loads(path.read_text())
        keys = ("inputs", "outputs", "balanced", "tables", "language", "duplicate_match")
        return {k: m.get(k) for k in (*keys, "rejected", "errors", "k")}

    def expected(articles):  # each window: n articles (one in German), 1 copy, 3 + 1 dropped
        inputs = articles + 5
        return {
            "inputs": inputs,
            "outputs": inputs,
            "balanced": True,
            "tables": {"articles": articles, "duplicates": 1, "rejected": 3, "errors": 1},
            "language": {"de": 1, "en": articles - 1},
            "duplicate_match": {"near": 1},
            "rejected": {"filter:too_short": 3},
            "errors": {"decode:UnicodeError": 1},
            "k": 1,
        }

    assert manifest(0) == expected(5)
    assert manifest(60) == expected(3)


def test_inputs_are_counted_once_per_window_of_a_bundle():
    p = beam.Pipeline(runner=BundleBasedDirectRunner())
    stamped = [TimestampedValue(i, T0 + (i % 3) * 60 + 1) for i in range(30)]
    counted = (
        p
        | beam.Create(stamped)
        | beam.WindowInto(window.FixedWindows(60))
        | beam.ParDo(CountInputsFn("fact"))
        | beam.MapTuple(lambda kind, fact: fact)
        | beam.CombinePerKey(sum)  # the windows stay apart: one total per window
        | beam.Map(lambda kv, w=beam.DoFn.WindowParam: (float(w.start) - T0, kv[1]))
    )
    assert_that(counted, equal_to([(0.0, 10), (60.0, 10), (120.0, 10)]))
    p.run().wait_until_finish()
