"""FindDuplicates on the in-process runner and on two worker processes: same answer."""

import dataclasses
import datetime as dt
import json

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from apache_beam.testing.util import assert_that, equal_to

from tests.support.articles import article, edit, story
from tests.support.dedup import FindDuplicates, connected_components
from tests.support.paths import ROOT
from tests.support.pipelines import counters
from transforms.dedup import (
    DedupConfig,
    IndexEntry,
    band_keys,
    fingerprint,
)
from transforms.dedup.clusters import UnionFind, assign_cluster
from transforms.dedup.find_duplicates import to_node
from transforms.dedup.index import entry_to_node
from transforms.dedup.lsh import (
    BucketShardFn,
    ids_key,
    pack_entries,
    verify_bucket,
    verify_lists,
)
from transforms.dedup.minhash import unpack_signature
from transforms.dedup.verify import pair_rule

UTC = dt.timezone.utc
DAY, OLD = dt.date(2026, 1, 10), dt.date(2026, 1, 9)


def _cases():
    base, other = story(1), story(2)
    return [
        article("a1", base, url="https://x/1", published=5),
        article("a2", story(3), url="https://x/1", published=9),  # url copy, updated text
        article("a3", base.upper().replace(".", " !"), published=7),  # exact after normalising
        article("a4", edit(base, 4), published=1),  # near, earliest: canonical of the cluster
        article("b1", other, published=2),
        article("b2", other, published=2, word_count=999),  # exact, longer: canonical
        article("c1", story(6)),  # alone
        article("c2", story(7), url="https://x/7"),  # alone
    ]


def _run(items, options=None, **kw):
    p = beam.Pipeline(runner=FnApiRunner(), options=options)
    out = p | beam.Create(items) | FindDuplicates(config=kw.pop("config", DedupConfig()), **kw)
    return p, out


def test_url_exact_near_clusters_and_counters():
    items = _cases()
    p, out = _run(items)
    a4_id, b2_id = items[3].article_id, items[5].article_id
    arts = out.articles | beam.Map(lambda a: (a.doc_id, a.cluster_id, a.duplicate_count))
    assert_that(
        arts,
        equal_to(
            [
                ("a4", a4_id, 2),
                ("a2", items[1].article_id, 0),  # a url copy of a1, not a copy of a4: kept
                ("b2", b2_id, 1),
                ("c1", items[6].article_id, 0),
                ("c2", items[7].article_id, 0),
            ]
        ),
    )
    dups = out.duplicates | beam.Map(lambda d: (d.doc_id, d.duplicate_of, d.match, d.cluster_id))
    assert_that(
        dups,
        equal_to(
            [
                ("a1", a4_id, "near", a4_id),
                ("a3", a4_id, "near", a4_id),
                ("b1", b2_id, "exact", b2_id),
            ]
        ),
        label="Dups",
    )
    result = p.run()
    result.wait_until_finish()
    c = counters(result, "dedup")
    assert (c["seen"], c["kept"], c["dropped_near"], c["dropped_exact"]) == (8, 5, 2, 1)


def test_match_kind_is_relative_to_the_canonical_copy():
    base = story(11)
    items = [
        article("k", base, url="https://y/1", published=1),
        article("u", edit(base, 7), url="https://y/1", published=2),  # one URL, one story
        article("v", story(12), url="https://y/1", published=2),  # one URL, another story
        article("e", base, url="https://y/2", published=3),
        article("n", edit(base, 5), published=4),
    ]
    p, out = _run(items)
    rows = out.duplicates | beam.Map(lambda d: (d.doc_id, d.match, d.similarity > 0.5))
    assert_that(rows, equal_to([("u", "url", True), ("e", "exact", True), ("n", "near", True)]))
    fields = out.articles | beam.Map(lambda a: (a.doc_id, len(a.signature), len(a.content_hash)))
    assert_that(fields, equal_to([("k", 512, 40), ("v", 512, 40)]), label="Fields")
    ids = out.articles | "Ids" >> beam.Map(lambda a: (a.doc_id, a.id_source))
    assert_that(ids, equal_to([("k", None), ("v", "text")]), label="Ids")
    p.run().wait_until_finish()


def _corpus(n_stories=30, copies=3):
    items = []
    for s in range(n_stories):
        text = story(100 + s, 150 + 10 * (s % 7))
        for c in range(copies):
            body = text if c == 0 else text.upper() if c == 2 else edit(text, s, typos=s % 4)
            url = f"https://site{c}/{s}" if s % 3 else f"https://wire/{s}"
            items.append(article(f"d{s:03d}-{c}", body, url=url, published=(s + c) % 4 or None))
    return items


def _collect(tmp_path, name, options):
    p, out = _run(_corpus(), options=options)
    fmt = "Fmt"
    arts = out.articles | f"{fmt}A" >> beam.Map(
        lambda a: json.dumps(["A", a.doc_id, a.cluster_id, a.duplicate_count])
    )
    dups = out.duplicates | f"{fmt}D" >> beam.Map(
        lambda d: json.dumps(["D", d.doc_id, d.duplicate_of, d.match, d.similarity, d.cluster_id])
    )
    (arts, dups) | beam.Flatten() | beam.io.WriteToText(str(tmp_path / name))
    p.run().wait_until_finish()
    lines = []
    for f in sorted(tmp_path.glob(f"{name}*")):
        lines += f.read_text().splitlines()
    return sorted(lines)


def test_same_answer_in_process_and_on_two_workers(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    one = _collect(tmp_path, "one", None)
    two = _collect(
        tmp_path,
        "two",
        PipelineOptions(direct_running_mode="multi_processing", direct_num_workers=2),
    )
    assert one == two
    kinds = [json.loads(line)[3] for line in one if line.startswith('["D"')]
    assert len(one) == 90  # conservation: every input is an article or a duplicate
    assert len(kinds) == 60 and set(kinds) == {"url", "exact", "near"}


def test_conservation_and_bucket_cap():
    items = _corpus(10, 4)
    p, out = _run(items, config=DedupConfig(max_bucket=2))
    total = (out.articles, out.duplicates) | beam.Flatten() | beam.combiners.Count.Globally()
    assert_that(total, equal_to([len(items)]))
    result = p.run()
    result.wait_until_finish()
    assert counters(result, "dedup")["bucket_overflow"] > 0


def test_equal_signatures_join_once_past_the_bucket_cap():
    """The text repeated 2..6 times: five different texts (hashes) with one shingle set, so one
    signature. All five are one cluster although the cap keeps two members per bucket, and no
    bucket pairs them (equal signatures are grouped once, not once per band)."""
    text = story(31, 60)
    items = [article(f"r{n}", "\n\n".join([text] * n), published=n) for n in range(2, 7)]
    items.append(article("other", story(32, 60)))
    p, out = _run(items, config=DedupConfig(max_bucket=2))
    dups = out.duplicates | beam.Map(lambda d: (d.doc_id, d.match, d.similarity))
    assert_that(dups, equal_to([(f"r{n}", "near", 1.0) for n in range(3, 7)]))
    kept = out.articles | beam.Map(lambda a: (a.doc_id, a.duplicate_count))
    assert_that(kept, equal_to([("r2", 4), ("other", 0)]), label="Kept")
    result = p.run()
    result.wait_until_finish()
    c = counters(result, "dedup")
    assert c.get("lsh_candidates", 0) == 0 and c["bucket_overflow"] == 3 * (
        DedupConfig().bands + DedupConfig().contain_keys + DedupConfig().lead_keys
    )


def test_bucket_shards_send_each_member_list_once_per_bundle():
    """Three shards (bands) put d1, d2, d3 in one bucket each, a fourth only d1 and d2: 10
    candidate pairs in 4 buckets, 2 distinct member lists, each sent on once, keyed by its
    smallest member."""
    bucket = [(5, 1, False, "d1"), (5, 2, False, "d2"), (5, 3, False, "d3")]
    shards = [(s, [pack_entries(bucket)]) for s in range(3)]
    shards.append((3, [pack_entries(bucket[:2] + [(6, 3, False, "d3")])]))
    p = beam.Pipeline(runner=FnApiRunner())
    lists = p | beam.Create(shards, reshuffle=False) | beam.ParDo(BucketShardFn(max_bucket=10))
    assert_that(lists, equal_to([("d1", ("d1", "d2", "d3")), ("d1", ("d1", "d2"))]))
    result = p.run()
    result.wait_until_finish()
    c = counters(result, "dedup")
    assert c["lsh_candidates"] == 10 and c["lsh_buckets"] == 2 and c["lsh_bucket_repeats"] == 2
    assert ids_key(("ab", "c")) != ids_key(("a", "bc")) == ids_key(("a", "bc"))


def test_verify_lists_sends_a_spanning_forest_of_the_verified_pairs():
    """Near copies and one other text in two overlapping lists: the verified pairs of each list
    (``verify_bucket``, the all-pairs reference) give the same components as the edges, which
    are a spanning forest (n - 1 per component); the other text gets none, a signature of
    another length is not compared, and pairs already joined are not sent again."""
    config = DedupConfig()
    base = story(50, 80)
    texts = {f"c{i}": edit(base, i, typos=i) for i in range(6)}
    texts["x"] = story(51, 80)
    sigs = {d: fingerprint(article(d, t), config).signature for d, t in texts.items()}
    sigs["short"] = sigs["c0"][:256]
    lists = [("c0", "c1", "c2", "c3", "short", "x"), ("c0", "c3", "c4", "c5")]
    reference = []
    for ids in lists:
        members = [(d, sigs[d], False) for d in ids if d != "short"]
        reference += verify_bucket(members, threshold=config.threshold)
    components = connected_components(reference)
    assert len(reference) > 5 and ["c0", "c1", "c2", "c3", "c4", "c5"] in components
    rule = pair_rule(DedupConfig(contain_threshold=None))  # near pairs only, as the reference
    forest = UnionFind()
    edges = verify_lists(lists, sigs, rule=rule, forest=forest)
    assert connected_components(edges) == components
    assert len(edges) == sum(len(c) - 1 for c in components)
    assert all(a < b for a, b in edges) and not any("x" in e or "short" in e for e in edges)
    assert verify_lists(lists, sigs, rule=rule, forest=forest) == []  # all joined already


def test_many_near_copies_do_not_shuffle_a_signature_per_pair():
    """40 near copies of one story (780 candidate pairs, repeated over the bands) and 20 other
    stories: one cluster of 40. Signatures sent to the verification: 161 (at most one per
    bucket list key a copy is in; the pair join sent 2 per distinct pair, 1,560). Measured with
    10/20/40/80 copies: 24/64/161/398 sent against 678/2,889/10,496/44,979 candidates."""
    base = story(60, 200)
    items = [article(f"c{i:02d}", edit(base, i, typos=1 + i % 3)) for i in range(40)]
    items += [article(f"o{i:02d}", story(700 + i, 200)) for i in range(20)]
    p, out = _run(items)
    clusters = out.articles | beam.Map(lambda a: (a.doc_id[0], a.duplicate_count))
    assert_that(clusters, equal_to([("c", 39)] + [("o", 0)] * 20))
    result = p.run()
    result.wait_until_finish()
    c = counters(result, "dedup")
    assert c["lsh_candidates"] >= 780
    assert c["lsh_signatures_sent"] < 5 * 40
    # 90 lists with the 16 containment keys (< 80 with bands alone): a key of one position
    # splits the copies into more different lists than a band of four.
    assert c["lsh_buckets"] < 3 * 40 and c["lsh_edges"] < 4 * 40


def test_prior_run_matches_and_own_run_date_excluded():
    base, other = story(21), story(22)
    day = dt.date(2026, 1, 10)

    def entry(aid, text, run_date, url=None):
        fp = fingerprint(article("x", text, url=url), DedupConfig())
        return IndexEntry(aid, fp.content_hash, url, fp.signature, None, run_date)

    prior_items = [
        entry("old-near", base, dt.date(2026, 1, 9)),
        entry("old-url", story(30), dt.date(2026, 1, 8), url="https://z/1"),
        entry("same-day", other, day),  # this run's own entry: a rerun must not match it
        entry("too-old", story(31), dt.date(2025, 11, 1)),
    ]
    items = [
        article("n1", edit(base, 1), published=0),
        article("n2", other, published=0),
        article("n3", edit(story(30), 3), url="https://z/1"),  # the same URL, edited
        article("n4", story(31)),
        article("n5", story(40), url="https://z/1"),  # the same URL, another story
    ]
    p = beam.Pipeline(runner=FnApiRunner())
    prior = p | "Prior" >> beam.Create(prior_items)
    out = p | beam.Create(items) | FindDuplicates(config=DedupConfig(), prior=prior, run_date=day)
    rows = out.duplicates | beam.Map(
        lambda d: (d.doc_id, d.duplicate_of, d.match, d.similarity == 1.0)
    )
    assert_that(
        rows,
        equal_to([("n1", "old-near", "prior_run", False), ("n3", "old-url", "prior_run", False)]),
    )
    kept = out.articles | beam.Map(lambda a: a.doc_id)
    assert_that(kept, equal_to(["n2", "n4", "n5"]), label="Kept")
    p.run().wait_until_finish()


@pytest.mark.parametrize("text", ["", "one", "a b"])
def test_short_and_empty_texts(text):
    items = [article("s1", text, url=None), dataclasses.replace(article("s2", text), doc_id="s2")]
    p, out = _run(items)
    n = (out.articles, out.duplicates) | beam.Flatten() | beam.combiners.Count.Globally()
    assert_that(n, equal_to([2]))
    p.run().wait_until_finish()


def _reference(items, prior_entries, config):
    """The all-pairs algorithm FindDuplicates replaced: per band key, the ``max_bucket``
    smallest doc ids, every pair verified (``verify_bucket``); URL, hash and signature stars; union-find."""
    nodes = [to_node(fingerprint(a, config)) for a in items]
    nodes += [entry_to_node(e, num_perm=config.num_perm) for e in prior_entries]
    groups: dict = {}
    for n in nodes:
        for key in (("u", n.canonical_url), ("h", n.content_hash), ("s", n.signature)):
            if key[1]:
                groups.setdefault(key, []).append((n.doc_id, None, n.prior))
        if n.signature:
            for key in band_keys(unpack_signature(n.signature), config.bands, config.rows):
                groups.setdefault(key, []).append((n.doc_id, n.signature, n.prior))
    edges = []
    for key, members in groups.items():
        ids = sorted(m[0] for m in members)
        if isinstance(key, tuple):
            edges += [(ids[0], other) for other in ids[1:]]
        else:
            kept = sorted(members)[: config.max_bucket]
            edges += verify_bucket(kept, threshold=config.threshold)
    by_id = {n.doc_id: n for n in nodes}
    out = {}
    for component in connected_components(edges):
        for doc_id, a in assign_cluster([by_id[d] for d in component], config):
            out[doc_id] = (a.cluster_id, a.duplicate_of, a.match, a.similarity)
    for n in nodes:
        if not n.prior and n.doc_id not in out:
            out[n.doc_id] = (n.article_id, None, None, 1.0)
    return out


def test_same_clusters_as_the_all_pairs_reference():
    """Borderline edits at a high threshold, a small bucket cap and prior-run entries: the
    candidate-pair join gives exactly the verdicts of the all-pairs bucket check."""
    config = DedupConfig(threshold=0.75, max_bucket=3, contain_threshold=None, contain_keys=0)
    items, prior = [], []
    for s in range(12):
        text = story(300 + s, 120)
        items.append(article(f"e{s:02d}-0", text, published=s % 3))
        for c in range(1, 5):
            body = edit(text, 10 * s + c, drop_paragraph=c % 2 == 0, typos=c + s % 3)
            items.append(article(f"e{s:02d}-{c}", body, published=(s + c) % 5))
        if s % 4 == 0:
            fp = fingerprint(article("x", edit(text, s, typos=6)), config)
            prior.append(IndexEntry(f"old{s}", fp.content_hash, None, fp.signature, None, OLD))
    p = beam.Pipeline(runner=FnApiRunner())
    prior_pc = p | "Prior" >> beam.Create(prior)
    out = p | beam.Create(items) | FindDuplicates(config=config, prior=prior_pc, run_date=DAY)
    rows = (
        out.articles | "A" >> beam.Map(lambda a: (a.doc_id, (a.cluster_id, None, None, 1.0))),
        out.duplicates
        | "D"
        >> beam.Map(lambda d: (d.doc_id, (d.cluster_id, d.duplicate_of, d.match, d.similarity))),
    ) | beam.Flatten()
    expected = _reference(items, prior, config)
    assert 12 < len({v[0] for v in expected.values()}) < 48  # some copies merged, some not
    assert_that(rows, equal_to(sorted(expected.items())))
    result = p.run()
    result.wait_until_finish()
    c = counters(result, "dedup")
    assert c["bucket_overflow"] > 0 and c["lsh_candidates"] > c["lsh_edges"] > 0
