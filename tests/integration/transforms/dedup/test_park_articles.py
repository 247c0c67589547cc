"""Articles parked on disk during dedup: same verdicts as FindDuplicates, files independent of
how the runner cuts bundles, every article accounted for."""

import dataclasses
import datetime as dt
import glob
import os
import posixpath

import apache_beam as beam
import duckdb
import pyarrow.parquet as pq
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.portability.fn_api_runner import FnApiRunner

from tests.support.articles import article, edit, story
from tests.support.dedup import FindDuplicates
from tests.support.paths import ROOT
from tests.support.pipelines import counters
from tests.support.sink import write_table_file
from transforms.core.frames import MAX_HELD_BYTES
from transforms.dedup import ClusterNodes, DedupConfig
from transforms.dedup.find_duplicates import apply_verdict
from transforms.dedup.park import (
    FRAME_ROWS,
    PARKED_DIR,
    ROW_FILE_ROWS,
    ParkArticles,
    WriteParkedArticles,
    read_parked,
    write_parked,
)
from transforms.sink.schema import RunInfo, file_schema, to_row
from transforms.sink.sorted_write import SortedRuns, row_key, write_sorted_file
from transforms.sink.write_parquet import WriterConfig

RUN = RunInfo(run_id="20260110-test", run_date=dt.date(2026, 1, 10))


def _articles():
    """24 stories in two languages, each with 0-2 copies (url, exact, near)."""
    out = []
    for i in range(24):
        lang = "en" if i % 3 else "de"
        base = story(100 + i)
        out.append(dataclasses.replace(article(f"d{i:02d}", base, published=i), language=lang))
        if i % 4 == 0:  # near copy, published later: loses
            near = article(f"d{i:02d}n", edit(base, i), published=i + 30)
            out.append(dataclasses.replace(near, language=lang))
        if i % 6 == 0:  # exact copy with other case and punctuation
            exact = article(f"d{i:02d}x", base.upper().replace(".", " !"), published=i + 40)
            out.append(dataclasses.replace(exact, language=lang))
    return out


def _park_and_write(
    items,
    staging,
    *,
    max_rows,
    shards=1,
    workers=1,
    run_rows=2000,
    frame_rows=FRAME_ROWS,
    row_file_rows=ROW_FILE_ROWS,
    max_bytes=MAX_HELD_BYTES,
):
    options = None
    if workers > 1:
        options = PipelineOptions(
            direct_running_mode="multi_processing", direct_num_workers=workers
        )
    p = beam.Pipeline(runner=FnApiRunner(), options=options)
    config = DedupConfig()
    writer = WriterConfig(partition_by=("ingest_date", "language"), shards=shards)
    parked = (
        p
        | beam.Create(items, reshuffle=False)
        | ParkArticles(
            staging=staging,
            run=RUN,
            partition_by=writer.partition_by,
            config=config,
            max_rows=max_rows,
            frame_rows=frame_rows,
            max_bytes=max_bytes,
        )
    )
    verdicts = parked.nodes | ClusterNodes(config=config)
    written = {"parked": parked.parked, "verdicts": verdicts} | WriteParkedArticles(
        staging=staging,
        run=RUN,
        config=writer,
        duplicates=WriterConfig(sort_by=("article_id", "doc_id")),
        run_rows=run_rows,
        frame_rows=frame_rows,
        row_file_rows=row_file_rows,
    )
    # Lambdas, not this module's functions: worker processes cannot import a test module.
    dups = written.duplicates | beam.FlatMap(
        lambda f: [repr((r["doc_id"], r["duplicate_of"], r["match"])) for r in read_parked(f.path)]
    )
    _ = dups | "SaveDups" >> beam.io.WriteToText(os.path.join(staging, "dups"))
    row_files = written.duplicates | "RowFiles" >> beam.Map(lambda f: repr((f.key, f.rows)))
    _ = row_files | "SaveRowFiles" >> beam.io.WriteToText(os.path.join(staging, "row_files"))
    paths = written.paths | "Repr" >> beam.Map(repr)
    _ = paths | "SavePaths" >> beam.io.WriteToText(os.path.join(staging, "paths"))
    result = p.run()
    result.wait_until_finish()
    return result


def _read(prefix):
    """Sorted lines of a text file, or of the shards WriteToText wrote under ``prefix``."""
    lines = []
    for name in sorted(glob.glob(prefix + "*")):
        with open(name) as handle:
            lines += handle.read().splitlines()
    return sorted(lines)


def _files(root):
    out = {}
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".parquet"):
                path = os.path.join(folder, name)
                with open(path, "rb") as handle:
                    out[os.path.relpath(path, root)] = handle.read()
    return out


def test_parked_file_round_trip_one_frame_at_a_time(tmp_path):
    items = _articles()[:5]
    path = str(tmp_path / "x.pkl.zst")
    assert write_parked(path, items) == os.path.getsize(path)
    assert list(read_parked(path)) == items
    size = write_parked(path, items, frame_rows=2)  # frames of 2, 2, 1 articles
    frames = read_parked(path)
    assert [next(frames) for _ in range(2)] == items[:2]  # the first frame only, so far
    assert list(frames) == items[2:]
    with open(path, "rb") as handle:
        data = handle.read()
    for cut in (size - 1, 5):  # inside the last frame; inside the first header
        with open(path, "wb") as handle:
            handle.write(data[:cut])
        with pytest.raises(ValueError, match="truncated"):
            list(read_parked(path))
    assert write_parked(path, []) == 0 and list(read_parked(path)) == []


def test_same_verdicts_as_find_duplicates(tmp_path):
    items = _articles()
    staging = str(tmp_path / "staging")
    result = _park_and_write(items, staging, max_rows=5, run_rows=4)
    # The one-step transform on the same articles.
    p = beam.Pipeline(runner=FnApiRunner())
    out = p | beam.Create(items) | FindDuplicates(config=DedupConfig())
    ref = str(tmp_path / "ref")
    kept = str(tmp_path / "kept")
    dups = out.duplicates | beam.Map(lambda d: repr((d.doc_id, d.duplicate_of, d.match)))
    _ = dups | "SaveDups" >> beam.io.WriteToText(ref)
    arts = out.articles | beam.Map(lambda a: repr((a.doc_id, a.cluster_id, a.duplicate_count)))
    _ = arts | "SaveArts" >> beam.io.WriteToText(kept)
    p.run().wait_until_finish()

    assert _read(os.path.join(staging, "dups")) == _read(ref)
    assert len(_read(ref)) == 10  # 6 near + 4 exact copies
    # The copies' rows went on parked: one file per article partition that had copies (de, en),
    # keyed by the duplicates table's partition and shard, not one element per copy.
    row_files = [eval(line) for line in _read(os.path.join(staging, "row_files"))]  # noqa: S307
    assert sorted(row_files) == [
        (("duplicates", "ingest_date=2026-01-10", 0), n) for n in sorted(n for _, n in row_files)
    ]
    assert len(row_files) == 2 and sum(n for _, n in row_files) == 10
    rows = duckdb.sql(
        f"SELECT doc_id, cluster_id, duplicate_count, language FROM read_parquet("
        f"'{staging}/articles/**/*.parquet', hive_partitioning=true) ORDER BY doc_id"
    ).fetchall()
    expected = sorted(eval(line) for line in _read(kept))  # noqa: S307 - our own repr
    assert [r[:3] for r in rows] == expected
    assert {r[3] for r in rows} == {"en", "de"}
    # Every article is in exactly one place; parked files were written and read back.
    assert len(rows) + len(_read(ref)) == len(items)
    park = counters(result, "park")
    assert park["rows"] == len(items) and park["files"] >= len(items) // 5
    assert counters(result, "write")["articles_rows"] == len(rows)
    assert counters(result, "write")["articles_sort_runs"] >= len(rows) // 4  # sorted on disk
    # Index entries: one per written article, in the state folder of the run date.
    index = pq.read_table(os.path.join(staging, "_state", "dedup", "2026-01-10"))
    assert sorted(index.column("article_id").to_pylist()) == sorted(
        duckdb.sql(
            f"SELECT article_id FROM read_parquet('{staging}/articles/**/*.parquet')"
        ).fetchnumpy()["article_id"]
    )


@pytest.mark.parametrize("shards", [1, 3])
def test_files_do_not_depend_on_bundles_or_workers(tmp_path, monkeypatch, shards):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    items = _articles()
    outputs, copies, parked_files = [], [], []
    # The last case: a memory budget of one byte, so every packed frame writes its partition's
    # file at once (what an archive of a thousand partitions does to its largest ones).
    cases = [
        (1000, 1, 2000, FRAME_ROWS, ROW_FILE_ROWS, MAX_HELD_BYTES),
        (3, 1, 2, 2, 2, MAX_HELD_BYTES),
        (4, 2, 5, 1, 3, MAX_HELD_BYTES),
        (1000, 1, 2000, 2, ROW_FILE_ROWS, 1),
    ]
    for i, (max_rows, workers, run_rows, frame_rows, row_file_rows, max_bytes) in enumerate(cases):
        staging = str(tmp_path / f"s{i}")
        _park_and_write(
            items,
            staging,
            max_rows=max_rows,
            shards=shards,
            workers=workers,
            run_rows=run_rows,
            frame_rows=frame_rows,
            row_file_rows=row_file_rows,
            max_bytes=max_bytes,
        )
        assert os.listdir(os.path.join(staging, PARKED_DIR))  # parked, not shuffled
        parked_files.append(len(glob.glob(os.path.join(staging, PARKED_DIR, "*.pkl.zst"))))
        outputs.append(_files(staging))
        copies.append(_read(os.path.join(staging, "dups")))
        row_files = [eval(line) for line in _read(os.path.join(staging, "row_files"))]  # noqa: S307
        assert sum(n for _, n in row_files) == 10  # the copies' rows, in files of at most ...
        assert max(n for _, n in row_files) <= row_file_rows  # ... row_file_rows rows
        paths = [eval(line) for line in _read(os.path.join(staging, "paths"))]  # noqa: S307
        assert sorted(paths) == sorted(outputs[-1])
    assert parked_files[3] > 2 * parked_files[0]  # the budget wrote more, smaller files ...
    assert outputs[0] == outputs[1] == outputs[2] == outputs[3]  # ... and the same tables
    assert copies[0] == copies[1] == copies[2] == copies[3] and len(copies[0]) == 10
    names = sorted(k for k in outputs[0] if k.startswith("articles"))
    # One file per (partition, shard), named as the grouped writer names them.
    assert {posixpath.dirname(n) for n in names} == {
        "articles/ingest_date=2026-01-10/language=de",
        "articles/ingest_date=2026-01-10/language=en",
    }
    assert {posixpath.basename(n) for n in names} == {
        f"part-20260110-test-{s:05d}.parquet" for s in range(shards)
    }


def _rows(items):
    return [to_row(apply_verdict(a, None), RUN) for a in items]


def test_sorted_runs_merge_spilled_runs_in_key_order(tmp_path):
    rows = _rows(_articles())
    rows[3] = dict(rows[3], article_id=None)  # None sorts first, as the writer sorts it
    rows.append(dict(rows[5]))  # a tie keeps its order of arrival
    rows[-1]["title"] = "second copy"
    sort_by = ("article_id", "doc_id")
    expected = sorted(rows, key=lambda r: row_key(r, sort_by))
    for run_rows in (1, 4, 7, 1000):
        runs = SortedRuns(str(tmp_path), sort_by, run_rows=run_rows)
        for row in rows:
            runs.add(row)
        assert len(runs) == len(rows)
        assert list(runs.merged()) == expected
        assert runs.spilled == (0 if run_rows >= len(rows) else -(-len(rows) // run_rows))
    assert expected[0]["article_id"] is None
    copies = [r["title"] for r in expected if r["doc_id"] == rows[5]["doc_id"]]
    assert copies == [rows[5]["title"], "second copy"]


@pytest.mark.parametrize("row_group_size", [50_000, 7])
def test_sorted_file_is_the_grouped_writers_file(tmp_path, row_group_size):
    config = WriterConfig(
        partition_by=("ingest_date", "language"),
        sort_by=("article_id", "doc_id"),
        row_group_size=row_group_size,
    )
    schema = file_schema("articles", config.partition_by)
    rows = _rows(_articles())
    expected = str(tmp_path / "expected.parquet")
    write_table_file(expected, rows, schema, config)
    runs = SortedRuns(str(tmp_path), config.sort_by, run_rows=5)
    for row in reversed(rows):
        runs.add(row)
    path = str(tmp_path / "out" / "sorted.parquet")
    size = write_sorted_file(path, runs.merged(), schema, config, str(tmp_path))
    with open(path, "rb") as got, open(expected, "rb") as want:
        assert got.read() == want.read()
    assert size == os.path.getsize(path)
    groups = pq.ParquetFile(path).metadata.num_row_groups
    assert groups == -(-len(rows) // row_group_size)


def test_sorted_file_cuts_row_groups_by_bytes(tmp_path):
    config = WriterConfig(partition_by=("ingest_date", "language"), sort_by=("doc_id",))
    schema = file_schema("articles", config.partition_by)
    rows = _rows(_articles()) * 20  # 680 rows: three Arrow batches
    files = []
    for i, order in enumerate((rows, rows[::-1])):
        runs = SortedRuns(str(tmp_path), config.sort_by, run_rows=64)
        for row in order:
            runs.add(row)
        path = str(tmp_path / f"f{i}.parquet")
        write_sorted_file(path, runs.merged(), schema, config, str(tmp_path), group_bytes=1)
        files.append(path)
    meta = pq.ParquetFile(files[0]).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [256, 256, 168]
    table = pq.read_table(files[0])
    assert table.column("doc_id").to_pylist() == sorted(r["doc_id"] for r in rows)
    with open(files[0], "rb") as first, open(files[1], "rb") as second:
        assert first.read() == second.read()
