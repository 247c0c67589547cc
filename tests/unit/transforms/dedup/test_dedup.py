"""Dedup pure functions: shingles, MinHash, LSH keys, components, canonical choice, index."""

import datetime as dt
import itertools
import os
import random
import subprocess
import sys

import numpy as np
import pytest

from tests.support.articles import article, edit, story
from tests.support.dedup import connected_components
from tests.support.paths import ROOT, SEEDS
from transforms.core.record import normalize_for_hash
from transforms.dedup import (
    PRESETS,
    DedupConfig,
    IndexEntry,
    band_keys,
    choose_canonical,
    content_hash,
    index_entries_table,
    jaccard_estimate,
    minhash,
    read_index_entries,
    select_prior,
    shingles,
)
from transforms.dedup.clusters import Node, assign_cluster
from transforms.dedup.lsh import (
    SPLITS_PER_BAND,
    band_hashes,
    bucket_edges,
    pack_entries,
    shard_buckets,
    shard_of,
    verify_bucket,
)
from transforms.dedup.minhash import hash_shingles, pack_signature, unpack_signature

UTC = dt.timezone.utc

# Synthetic articles (also used by test_dedup_pipeline.py): random-word stories and edited copies.


def sig_of(text, k=5, num_perm=128, seed=1):
    return minhash(hash_shingles(shingles(text, k)), num_perm=num_perm, seed=seed)


def true_jaccard(a, b, k=5):
    sa, sb = shingles(a, k), shingles(b, k)
    return len(sa & sb) / len(sa | sb)


@pytest.mark.parametrize(
    "text,k,expected",
    [
        ("One two three four", 2, {"one two", "two three", "three four"}),
        ("One, TWO!  three", 3, {"one two three"}),
        ("short text", 5, {"short text"}),
        ("", 3, set()),
        ("  ,;  ", 3, set()),
    ],
)
def test_shingles(text, k, expected):
    assert shingles(text, k) == expected


def test_hash_shingles_is_stable_across_processes():
    code = (
        "from transforms.dedup.minhash import hash_shingles;"
        "print(hash_shingles({'a b c', 'd e f'}).tolist())"
    )
    outs = set()
    for salt in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": salt, "PYTHONPATH": str(ROOT)}
        run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        outs.add(run.stdout.strip().splitlines()[-1])
    assert outs == {str(hash_shingles({"a b c", "d e f"}).tolist())}


def test_minhash_shape_type_and_determinism():
    h = hash_shingles(shingles(story(1), 5))
    sig = minhash(h, num_perm=64, seed=7)
    assert sig.dtype == np.uint32 and sig.shape == (64,)
    assert np.array_equal(sig, minhash(h[::-1], num_perm=64, seed=7))
    assert not np.array_equal(sig, minhash(h, num_perm=64, seed=8))
    assert np.array_equal(unpack_signature(pack_signature(sig)), sig)
    assert len(pack_signature(sig)) == 64 * 4


def test_minhash_fixed_values():
    """Signatures are stored across runs: a change of hashing must be deliberate."""
    sig = minhash(hash_shingles({"a b c", "d e f"}), num_perm=4, seed=1)
    assert sig.tolist() == [518391670, 2415471704, 2492784960, 1680640891]


def test_minhash_equals_the_per_permutation_formula():
    """Each value is min over shingles of ((a_i * x + b_i) mod 2**64) >> 32, computed here one
    permutation at a time in plain Python integers."""
    from transforms.dedup.minhash import _coefficients

    rng = random.Random(11)
    hashes = np.array([rng.getrandbits(64) for _ in range(700)], dtype=np.uint64)
    a, b = _coefficients(128, 5)
    expected = [
        min(((int(ai) * int(x) + int(bi)) % 2**64) >> 32 for x in hashes) for ai, bi in zip(a, b)
    ]
    assert minhash(hashes, num_perm=128, seed=5).tolist() == expected


def test_normalized_text_and_words_are_the_regex_definition():
    """Content hashes are stored across runs: normalising must not change. The definition:
    NFKC, casefold, every non-word non-space character a space, runs of white space one space,
    no space at either end."""
    import re
    import unicodedata

    from transforms.core.record import normalized_words

    def reference(text):
        text = unicodedata.normalize("NFKC", text).casefold()
        text = re.sub(r"[^\w\s]", " ", text)
        return re.sub(r"\s+", " ", text).strip()

    spaces = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
    samples = [
        "",
        "  ,;  ",
        "Ünïcode — STRASSE straße ﬁne ① ２０２６",
        f"a{spaces}b\x1c\x1dc\u00a0d\u2028e\u3000f",
        "Tabs\tand\nnew\r\nlines, quotes «like» “these”; dashes – and — _under_score_",
    ]
    rng = random.Random(3)
    alphabet = "ab Z9_-.,'\t\n\u00a0\u2009ßÉ" + spaces
    samples += ["".join(rng.choice(alphabet) for _ in range(60)) for _ in range(300)]
    for text in samples:
        assert normalize_for_hash(text) == reference(text), repr(text)
        assert normalized_words(text) == reference(text).split(), repr(text)


def test_minhash_empty_is_all_ones():
    assert minhash(np.array([], dtype=np.uint64), num_perm=8, seed=1).tolist() == [0xFFFFFFFF] * 8


def test_minhash_large_input_is_chunked_consistently():
    h = np.arange(10_000, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    whole = minhash(h, num_perm=16, seed=3)
    halves = np.minimum(
        minhash(h[:5000], num_perm=16, seed=3), minhash(h[5000:], num_perm=16, seed=3)
    )
    assert np.array_equal(whole, halves)


@pytest.mark.parametrize("typos,drop", [(0, True), (3, True), (10, False), (30, True)])
def test_jaccard_estimate_tracks_true_jaccard(typos, drop):
    a = story(5, 400)
    b = edit(a, 9, typos=typos, drop_paragraph=drop)
    est = jaccard_estimate(sig_of(a, num_perm=256), sig_of(b, num_perm=256))
    assert abs(est - true_jaccard(a, b)) < 0.1


def test_jaccard_estimate_edges():
    s = sig_of(story(2))
    assert jaccard_estimate(s, s) == 1.0
    assert jaccard_estimate(s, sig_of(story(3))) < 0.1
    with pytest.raises(ValueError):
        jaccard_estimate(s, s[:10])


def test_band_keys():
    sig = sig_of(story(4))
    keys = band_keys(sig, 16, 8)
    assert len(keys) == 16 and len(set(keys)) == 16
    assert keys == band_keys(sig.copy(), 16, 8)
    changed = sig.copy()
    changed[9] ^= 1  # band 1 (rows 8..15)
    assert [a == b for a, b in zip(keys, band_keys(changed, 16, 8))] == [i != 1 for i in range(16)]


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_connected_components_order_independent(order):
    edges = [("a", "b"), ("c", "d"), ("b", "e"), ("f", "f")]
    assert connected_components([edges[i] for i in order]) == [["a", "b", "e"], ["c", "d"], ["f"]]


def node(doc, *, hours=None, wc=100, aid=None, url=None, h=None, sig=b"", prior=False):
    when = (
        None if hours is None else dt.datetime(2026, 1, 1, tzinfo=UTC) + dt.timedelta(hours=hours)
    )
    return Node(doc, aid or f"a-{doc}", when, wc, url, h or f"h-{doc}", sig, prior)


@pytest.mark.parametrize(
    "members,winner",
    [
        ([node("x", hours=5), node("y", hours=1), node("z")], "y"),  # earliest published
        ([node("x"), node("y", hours=9)], "y"),  # a date beats none
        ([node("x", hours=1, wc=10), node("y", hours=1, wc=20)], "y"),  # then longest
        ([node("x", aid="b"), node("y", aid="a")], "y"),  # then smallest article_id
        ([node("y", aid="a"), node("x", aid="a")], "x"),  # then smallest doc_id
        ([node("x", hours=1), node("p", hours=9, prior=True)], "p"),  # prior runs always win
    ],
)
def test_choose_canonical(members, winner):
    for perm in itertools.permutations(members):
        assert choose_canonical(list(perm)).doc_id == winner


def test_assign_cluster_match_kinds():
    s1 = pack_signature(sig_of(story(1)))
    s2 = pack_signature(sig_of(edit(story(1), 2)))
    members = [
        node("c", hours=1, url="u", h="h1", sig=s1),
        node("u", hours=2, url="u", h="h9", sig=s2),
        node("e", hours=3, h="h1", sig=s1),
        node("n", hours=4, h="h2", sig=s2),
    ]
    out = dict(assign_cluster(members))
    assert out["c"].match is None and out["c"].duplicate_count == 3
    assert out["u"].match == "url" and 0.5 < out["u"].similarity < 1.0  # measured, not 1.0
    assert (out["e"].match, out["e"].similarity) == ("exact", 1.0)
    assert out["n"].match == "near" and 0.5 < out["n"].similarity < 1.0
    assert {a.cluster_id for a in out.values()} == {"a-c"}


def test_one_canonical_url_keeps_an_edit_but_not_a_different_story():
    """An edited text at a URL is that URL's article (``url``, similarity measured); a clearly
    different text at the same URL (a feed whose entries share one link) is an article of its
    own, under an id that is not the URL's (``clusters.identity``)."""
    members = [
        node("a", hours=1, aid="u", url="u", h="h1", sig=pack_signature(sig_of(story(1)))),
        node("b", hours=2, aid="u", url="u", h="h2", sig=pack_signature(sig_of(story(2)))),
        node("c", hours=3, aid="u", url="u", h="h3", sig=pack_signature(sig_of(edit(story(1), 3)))),
    ]
    out = dict(assign_cluster(members))
    assert out["c"].match == "url" and 0.5 < out["c"].similarity < 1.0
    assert out["c"].duplicate_of == "u" and out["a"].article_id is None  # "a" keeps its id
    assert out["b"].match is None and out["b"].id_source == "text"
    assert out["b"].article_id != "u" and out["b"].cluster_id == out["b"].article_id


def test_assign_cluster_prior_wins_and_is_not_emitted():
    members = [node("new", hours=0, h="h"), node("prior:x", hours=5, h="h", prior=True, aid="old")]
    [(doc, verdict)] = assign_cluster(members)
    assert doc == "new"
    assert verdict == ("old", "old", "prior_run", 1.0, 0, None, None)


def test_verify_bucket():
    a, b, c = (pack_signature(sig_of(t)) for t in (story(1), edit(story(1), 3), story(2)))
    assert verify_bucket([("d2", b, False), ("d1", a, False), ("d3", c, False)], threshold=0.5) == [
        ("d1", "d2")
    ]
    assert verify_bucket([("d1", a, False), ("d2", a, False)], threshold=1.0) == [("d1", "d2")]
    assert verify_bucket([("d1", a, True), ("d2", a, True)], threshold=0.5) == []


def test_content_hash_ignores_case_punctuation_space():
    assert content_hash("Hello,  World!") == content_hash("hello world")
    assert content_hash("hello world") != content_hash("hello there world")


def test_config_presets_and_validation():
    assert set(PRESETS) == {"strict", "default", "wire"}
    assert DedupConfig.preset("default") == DedupConfig()
    with pytest.raises(ValueError):
        DedupConfig.preset("nope")
    with pytest.raises(ValueError):
        DedupConfig(num_perm=64, bands=16, rows=8)
    with pytest.raises(ValueError):
        DedupConfig(threshold=0)


def _seed(prefix):
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text()


@pytest.mark.parametrize("name", sorted(PRESETS))
@pytest.mark.parametrize("pair", [("000", "003"), ("002", "003"), ("000", "002")])
def test_seed_hard_negatives_stay_apart(name, pair):
    """Seeds 000, 002 and 003 are different stories about North Korean troops in Russia."""
    c = PRESETS[name]
    a, b = (sig_of(_seed(p), c.shingle_size, c.num_perm, c.seed) for p in pair)
    assert jaccard_estimate(a, b) < c.threshold / 4
    assert not set(band_keys(a, c.bands, c.rows)) & set(band_keys(b, c.bands, c.rows))


def _entry(aid, day, sig=b"\x01\x00\x00\x00"):
    return IndexEntry(
        aid, f"h{aid}", None, sig, dt.datetime(2026, 1, day, 12, tzinfo=UTC), dt.date(2026, 1, day)
    )


def test_index_table_round_trip(tmp_path):
    import pyarrow.parquet as pq

    entries = [_entry("b", 2), _entry("a", 1)]
    table = index_entries_table(entries)
    assert table.column("article_id").to_pylist() == ["a", "b"]
    pq.write_table(table, tmp_path / "x.parquet")
    assert read_index_entries([tmp_path / "x.parquet"]) == sorted(
        entries, key=lambda e: e.article_id
    )


def test_select_prior_lookback_and_own_date():
    entries = [_entry(str(d), d) for d in range(1, 31)]
    kept = select_prior(entries, run_date=dt.date(2026, 1, 20), lookback_days=5)
    assert [e.article_id for e in kept] == ["15", "16", "17", "18", "19"]


def test_index_entry_needs_a_fingerprinted_article():
    from transforms.dedup import fingerprint, index_entry

    raw = article("d1", story(1), url="https://x/1", published=3)
    with pytest.raises(ValueError):
        index_entry(raw, run_date=dt.date(2026, 1, 2))
    entry = index_entry(fingerprint(raw, DedupConfig()), run_date=dt.date(2026, 1, 2))
    assert (entry.article_id, entry.canonical_url, len(entry.signature)) == (
        raw.article_id,
        "https://x/1",
        512,
    )
    assert index_entries_table([entry]).num_rows == 1


def test_band_hashes_are_the_band_key_digests():
    sig = sig_of(story(5))
    keys = band_keys(sig, 32, 4)
    assert [int.from_bytes(k[2:], "big") for k in keys] == band_hashes(sig, 32, 4)
    shards = {shard_of(band, h) for band, h in enumerate(band_hashes(sig, 32, 4))}
    assert len(shards) == 32 and all(0 <= s < 32 * SPLITS_PER_BAND for s in shards)


def test_shard_buckets_are_the_groups_of_equal_band_hashes():
    rng = random.Random(4)
    entries = [
        (rng.randrange(40), rng.getrandbits(64), rng.random() < 0.2, f"d{i}" + "é" * (i % 3))
        for i in range(300)
    ]  # doc_ids of different lengths, not all ASCII: they are packed end to end as UTF-8
    blocks = [pack_entries(entries[i : i + 70]) for i in range(0, 300, 70)]  # several bundles
    got = sorted(sorted(bucket) for bucket in shard_buckets(blocks))
    groups: dict = {}
    for h, digest, prior, doc in entries:
        groups.setdefault(h, []).append((doc, digest, prior))
    assert got == sorted(sorted(g) for g in groups.values() if len(g) > 1)
    assert list(shard_buckets([])) == []


def test_bucket_edges_pair_one_member_per_signature():
    members = [
        ("d3", 7, False),
        ("d1", 7, False),
        ("d2", 9, False),
        ("d4", 5, True),
        ("d5", 7, False),
    ]
    candidates, overflow = bucket_edges(members, max_bucket=4)  # d5 overflows
    assert overflow == 1
    assert candidates == [("d1", "d2"), ("d1", "d4"), ("d2", "d4")]  # d3: same signature as d1
    assert bucket_edges([("d2", 7, False), ("d1", 7, False)], max_bucket=10) == ([], 0)
    assert bucket_edges([("p1", 1, True), ("p2", 2, True)], max_bucket=10) == ([], 0)
    assert bucket_edges([("d1", 1, False)], max_bucket=10) == ([], 0)
