"""The dedup index file of each written partition is sorted through bounded runs (not collected
whole): with runs of 4 entries it is byte for byte the file ``write_index_file`` makes of the
same entries collected in memory, one entry per written article."""

import glob
import os

import duckdb

from tests.integration.transforms.dedup.test_park_articles import _articles, _park_and_write
from transforms.dedup.index import read_index_entries
from transforms.dedup.state import iter_index_file, read_index_file, write_index_file


def test_index_files_sorted_in_runs_are_the_files_of_the_whole_entries(tmp_path):
    staging = str(tmp_path / "staging")
    _park_and_write(_articles(), staging, max_rows=5, run_rows=4)
    paths = sorted(glob.glob(os.path.join(staging, "_state", "dedup", "2026-01-10", "*")))
    assert len(paths) == 2  # one per article partition (de, en)
    ids = []
    for path in paths:
        entries = read_index_entries([path])
        assert len(entries) > 4  # more than one run
        again = str(tmp_path / "again.parquet")
        write_index_file(again, list(reversed(entries)))
        with open(path, "rb") as a, open(again, "rb") as b:
            assert a.read() == b.read()
        ids += [e.article_id for e in entries]
    written = duckdb.sql(
        f"SELECT article_id FROM read_parquet('{staging}/articles/**/*.parquet')"
    ).fetchall()
    assert sorted(ids) == sorted(a for (a,) in written)


def test_index_file_read_in_batches_gives_every_entry(tmp_path):
    """The disk engine reads a prior run's index file a batch at a time (``iter_index_file``):
    the same entries, in the same order, as the whole file read at once."""
    staging = str(tmp_path / "staging")
    _park_and_write(_articles(), staging, max_rows=5)
    for path in glob.glob(os.path.join(staging, "_state", "dedup", "2026-01-10", "*")):
        whole = read_index_file(path)
        assert len(whole) > 3
        assert list(iter_index_file(path, batch_rows=3)) == whole
        assert whole == read_index_entries([path])
