"""The one-process dedup (transforms/dedup/on_disk.py) gives ClusterNodes' verdicts exactly."""

import datetime as dt

import apache_beam as beam
import numpy as np
import pytest
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from apache_beam.testing.util import assert_that, equal_to

from pipeline.config.rules import ConfigError
from pipeline.config.settings import load_settings
from pipeline.graph import batch
from pipeline.graph.batch import dedup_engine
from pipeline.graph.estimate import documents_in
from tests.support.articles import article, edit, story
from transforms.dedup import ClusterNodes, DedupConfig, IndexEntry, external, fingerprint, on_disk
from transforms.dedup.find_duplicates import to_node
from transforms.dedup.index import entry_to_node
from transforms.dedup.on_disk import cluster_verdicts

DAY, OLD = dt.date(2026, 1, 10), dt.date(2026, 1, 9)


def _corpus(config):
    """Stories with near copies, exact and URL copies, teasers, a templated pair, short texts,
    and prior-run entries of some of them."""
    items, prior = [], []
    for s in range(14):
        text = story(500 + s, 110 + 15 * (s % 5))
        items.append(article(f"k{s:02d}-0", text, url=f"https://a/{s}", published=s % 4))
        for c in range(1, 4):
            body = edit(text, 7 * s + c, drop_paragraph=c == 2, typos=c + s % 3)
            url = f"https://a/{s}" if c == 3 and s % 5 == 0 else f"https://b{c}/{s}"
            items.append(article(f"k{s:02d}-{c}", body, url=url, published=(s + c) % 6 or None))
        items.append(article(f"k{s:02d}-t", " ".join(text.split()[:45]), published=s % 3))
        if s % 4 == 1:
            items.append(article(f"k{s:02d}-x", text.upper()))
        if s % 3 == 0:
            fp = fingerprint(article("x", edit(text, s, drop_paragraph=False, typos=2)), config)
            prior.append(IndexEntry(f"old{s}", fp.content_hash, None, fp.signature, None, OLD))
    items += [article("short1", "one two"), article("short2", "one two"), article("empty", "")]
    nodes = [to_node(fingerprint(a, config), group=f"g{i % 3}") for i, a in enumerate(items)]
    return nodes, prior


def _beam_verdicts(nodes, prior, config):
    p = beam.Pipeline(runner=FnApiRunner())
    prior_pc = p | "Prior" >> beam.Create(prior)
    out = p | beam.Create(nodes) | ClusterNodes(config=config, prior=prior_pc, run_date=DAY)
    return p, out


@pytest.mark.parametrize(
    "config",
    [
        DedupConfig(),
        DedupConfig(max_bucket=3),
        DedupConfig(threshold=0.8, contain_threshold=None, contain_keys=0, max_bucket=4),
        DedupConfig.preset("wire"),
        DedupConfig(template_guard=False, contain_keys=8),
    ],
    ids=["default", "small-buckets", "strict-no-contain", "wire", "no-guard"],
)
def test_same_verdicts_as_cluster_nodes(config):
    nodes, prior = _corpus(config)
    prior_nodes = [entry_to_node(e, num_perm=config.num_perm) for e in prior]
    stats: dict = {}
    expected = cluster_verdicts(lambda: [*nodes, *prior_nodes], config, stats)
    copies = [v for v in expected if v[1][1].match is not None]
    assert len(copies) > 20 and any(v[1][1].match == "prior_run" for v in copies)
    assert stats["nodes"] == len(nodes) + len(prior)
    p, out = _beam_verdicts(nodes, prior, config)
    assert_that(out, equal_to(expected))
    p.run().wait_until_finish()


def test_nodes_are_read_twice_and_order_does_not_matter():
    config = DedupConfig()
    nodes, _ = _corpus(config)
    calls = []

    def reversed_nodes():
        calls.append(1)
        return reversed(nodes)

    assert cluster_verdicts(reversed_nodes, config) == cluster_verdicts(lambda: nodes, config)
    assert len(calls) == 2


def test_no_nodes_and_no_copies():
    config = DedupConfig()
    assert cluster_verdicts(lambda: [], config) == []
    nodes = [to_node(fingerprint(article(f"u{i}", story(900 + i)), config)) for i in range(5)]
    assert cluster_verdicts(lambda: nodes, config) == []


def _settings(tmp_path, engine=None, size=0):
    data = tmp_path / "in"
    data.mkdir(parents=True)
    (data / "a.txt").write_bytes(b"x" * size)
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"dedup:\n  engine: {engine}\n" if engine else "dedup:\n  preset: default\n")
    return load_settings(str(cfg), {"input": [str(data)], "output": str(tmp_path / "out")})


def test_engine_setting_and_auto(tmp_path, monkeypatch):
    assert dedup_engine(_settings(tmp_path / "a", "disk"), "DataflowRunner") == "disk"
    assert dedup_engine(_settings(tmp_path / "b", "runner", 5000), None) == "runner"
    monkeypatch.setattr(batch, "DISK_DEDUP_ABOVE_BYTES", 4000)
    assert dedup_engine(_settings(tmp_path / "c", size=5000), None) == "disk"
    assert dedup_engine(_settings(tmp_path / "d", size=5000), "DirectRunner") == "disk"
    assert dedup_engine(_settings(tmp_path / "e", size=5000), "DataflowRunner") == "runner"
    assert dedup_engine(_settings(tmp_path / "f", size=3000), None) == "runner"
    with pytest.raises(ConfigError, match="dedup.engine"):
        _settings(tmp_path / "g", "fast")


def test_auto_counts_the_documents_of_json_lines_not_only_bytes(tmp_path, monkeypatch):
    # 10,000 short JSON lines are 15 MiB, far below the byte rule, and held ~20 KB each by the
    # runner engine: auto takes node files from DISK_DEDUP_ABOVE_DOCS documents
    monkeypatch.setattr(batch, "DISK_DEDUP_ABOVE_DOCS", 9)
    lines = tmp_path / "lines"
    lines.mkdir()
    (lines / "in").mkdir()
    (lines / "in" / "a.jsonl").write_bytes(b'{"text": "x"}\n' * 1500)  # 21,000 bytes: 20
    cfg = tmp_path / "c.yaml"
    cfg.write_text("dedup:\n  preset: default\n")
    settings = load_settings(
        str(cfg), {"input": [str(lines / "in")], "output": str(tmp_path / "o")}
    )
    assert batch.input_size(settings) == (21_000, 20)
    assert dedup_engine(settings, None) == "disk"
    assert dedup_engine(settings, "DataflowRunner") == "runner"
    pages = tmp_path / "pages"
    for i in range(9):  # a page a file: 9 documents however large
        (pages / f"p{i}").mkdir(parents=True)
        (pages / f"p{i}" / "page.html").write_bytes(b"<p>x</p>" * 5000)
    settings = load_settings(str(cfg), {"input": [str(pages)], "output": str(tmp_path / "o2")})
    assert batch.input_size(settings)[1] == 9 and dedup_engine(settings, None) == "runner"
    assert documents_in("a.jsonl.gz", 2_048) == 8 and documents_in("a.txt", 10**9) == 1


def test_signature_file_reads_columns_and_rows_across_blocks(tmp_path):
    rng = np.random.default_rng(4)
    matrix = rng.integers(0, 2**32, (23, 16), dtype=np.uint32)
    scratch = external.Scratch(str(tmp_path))
    signatures = external.SignatureFile(16, scratch, block_rows=5)
    for i, row in enumerate(matrix):
        signatures.add(row.astype("<u4").tobytes(), 100 + i, i, False)
    assert np.array_equal(signatures.columns([3, 4, 5, 6]), matrix[:, 3:7])
    assert np.array_equal(signatures.columns([15]), matrix[:, [15]])
    rows = np.array([0, 4, 5, 9, 22])
    found, loads = signatures.select(rows)
    assert np.array_equal(found, matrix[rows]) and loads.tolist() == [100, 104, 105, 109, 122]
    signatures.close()
    scratch.close()
    assert list(tmp_path.iterdir()) == []


def test_signatures_in_small_blocks_give_the_same_verdicts(monkeypatch):
    config = DedupConfig(max_bucket=3)
    nodes, prior = _corpus(config)
    every = [*nodes, *(entry_to_node(e, num_perm=config.num_perm) for e in prior)]
    whole = cluster_verdicts(lambda: every, config)
    monkeypatch.setattr(on_disk, "_BLOCK_ROWS", 7)  # 90 signatures: 13 blocks
    assert cluster_verdicts(lambda: every, config) == whole
    assert sum(v[1][1].match is not None for v in whole) > 20
